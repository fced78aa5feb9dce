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
