from django.urls import path

from congress.api import views

urlpatterns = [
    path("auth/token/", views.TokenView.as_view(), name="api-token"),
    path("auth/tokens/", views.ApiTokenListView.as_view(), name="api-tokens"),
    path("auth/tokens/<int:pk>/revoke/", views.ApiTokenRevokeView.as_view(), name="api-token-revoke"),
    path("me/", views.MeView.as_view(), name="api-me"),
    path("units/", views.UnitListView.as_view(), name="api-units"),
    path("units/<int:pk>/", views.UnitDetailView.as_view(), name="api-unit-detail"),
    path("terms/", views.TermListView.as_view(), name="api-terms"),
]
