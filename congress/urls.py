from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from congress.feeds import NewsAtomFeed, NewsFeed
from congress.views import health, portal, public, workflows
from congress.views.auth import LoginView

admin.site.site_header = _("区人大常委会工作平台 · 管理后台")
admin.site.site_title = _("区人大常委会工作平台")
admin.site.index_title = _("工作台")

api_v1 = [
    path("", include("congress.api.urls")),
    path("", include("deputies.api.urls")),
    path("", include("proposals.api.urls")),
    path("", include("meetings.api.urls")),
    path("", include("appointments.api.urls")),
    path("", include("supervision.api.urls")),
    path("", include("liaison.api.urls")),
    path("", include("budget.api.urls")),
]

public_patterns = (
    [
        path("", public.home, name="home"),
        path("news/", public.news_list, name="news-list"),
        path("news/<int:pk>/", public.news_detail, name="news-detail"),
        path("search/", public.search, name="search"),
        path("feeds/news/", NewsFeed(), name="feed-news"),
        path("feeds/news/atom/", NewsAtomFeed(), name="feed-news-atom"),
        path("files/district/logo/", public.district_logo, name="district-logo"),
        path("", include("deputies.urls.public")),
        path("", include("proposals.urls.public")),
        path("", include("meetings.urls.public")),
        path("", include("appointments.urls.public")),
        path("", include("supervision.urls.public")),
        path("", include("liaison.urls.public")),
        path("", include("budget.urls.public")),
    ],
    "public",
)

portal_patterns = (
    [
        path("", portal.home, name="home"),
        path("notifications/", portal.notifications, name="notifications"),
        path("tokens/", portal.tokens, name="tokens"),
        path("tokens/<int:pk>/revoke/", portal.token_revoke, name="token-revoke"),
        path("", include("deputies.urls.portal")),
        path("", include("proposals.urls.portal")),
        path("", include("meetings.urls.portal")),
        path("", include("appointments.urls.portal")),
        path("", include("supervision.urls.portal")),
        path("", include("liaison.urls.portal")),
        path("", include("budget.urls.portal")),
    ],
    "portal",
)

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    # The language switch needs no CSRF token: it only sets the visitor's own language cookie,
    # and a token in every page's header would make every public page per visitor (uncacheable).
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("accounts/login/", LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/workflows/", admin.site.admin_view(workflows.workflow_list), name="admin-workflows"),
    path("admin/", admin.site.urls),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
    path("oparl/v1/", include("opendata.oparl.urls")),
    path("opendata/", include("opendata.urls")),
    path("portal/", include(portal_patterns)),
    path("", include(public_patterns)),
]
# Unknown addresses under /api/ answer JSON like the API's own 404s; the rest the site's page.
handler404 = "congress.api.exceptions.not_found"
