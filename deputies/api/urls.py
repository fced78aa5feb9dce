from django.urls import path

from deputies.api import views

urlpatterns = [
    path("deputies/", views.DeputyListView.as_view(), name="api-deputy-list"),
    path("deputies/<int:pk>/", views.DeputyDetailView.as_view(), name="api-deputy-detail"),
    path("deputy-groups/", views.DeputyGroupListView.as_view(), name="api-deputy-group-list"),
    path("constituencies/", views.ConstituencyListView.as_view(), name="api-constituency-list"),
    path("public/deputies/", views.PublicDeputyListView.as_view(), name="api-public-deputy-list"),
    path(
        "public/deputies/<int:pk>/", views.PublicDeputyDetailView.as_view(), name="api-public-deputy-detail"
    ),
    path("me/deputy/", views.MyDeputyView.as_view(), name="api-me-deputy"),
]

from deputies.api import activities  # noqa: E402

urlpatterns += [
    path("activities/", activities.ActivityListCreateView.as_view(), name="api-activity-list"),
    path("activities/<int:pk>/", activities.ActivityDetailView.as_view(), name="api-activity-detail"),
    path("activities/<int:pk>/signup/", activities.ActivitySignupView.as_view(), name="api-activity-signup"),
    path("activities/<int:pk>/cancel/", activities.ActivityCancelView.as_view(), name="api-activity-cancel"),
    path(
        "activities/<int:pk>/signups/",
        activities.ActivitySignupListView.as_view(),
        name="api-activity-signups",
    ),
]

from deputies.api import record  # noqa: E402

urlpatterns += [
    path(
        "public/deputies/<int:pk>/record/",
        record.PublicDeputyRecordView.as_view(),
        name="api-public-deputy-record",
    ),
]
