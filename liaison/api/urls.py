from django.urls import path

from liaison.api import views

urlpatterns = [
    path("public/stations/", views.PublicStationListView.as_view(), name="api-public-stations"),
    path("public/receptions/", views.PublicReceptionListView.as_view(), name="api-public-receptions"),
    path(
        "public/opinion-categories/",
        views.PublicCategoryListView.as_view(),
        name="api-public-opinion-categories",
    ),
    path("public/opinions/", views.PublicOpinionCreateView.as_view(), name="api-public-opinion-create"),
    path(
        "public/opinions/<str:receipt>/", views.PublicOpinionDetailView.as_view(), name="api-public-opinion"
    ),
    path(
        "public/opinions/<str:receipt>/confirm/",
        views.PublicOpinionConfirmView.as_view(),
        name="api-public-opinion-confirm",
    ),
    path("opinions/", views.OpinionListView.as_view(), name="api-opinions"),
    path("opinions/<int:pk>/", views.OpinionDetailView.as_view(), name="api-opinion"),
    path("opinions/<int:pk>/route/", views.OpinionRouteView.as_view(), name="api-opinion-route"),
    path("opinions/<int:pk>/close/", views.OpinionCloseView.as_view(), name="api-opinion-close"),
]

from liaison.api import stations  # noqa: E402

urlpatterns += [
    path("stations/", stations.KeptStationListView.as_view(), name="api-stations"),
    path(
        "stations/<int:pk>/receptions/",
        stations.StationReceptionListCreateView.as_view(),
        name="api-station-receptions",
    ),
    path("receptions/<int:pk>/", stations.ReceptionUpdateView.as_view(), name="api-reception"),
    path("receptions/<int:pk>/cancel/", stations.ReceptionCancelView.as_view(), name="api-reception-cancel"),
    path(
        "stations/<int:pk>/records/",
        stations.StationRecordListCreateView.as_view(),
        name="api-station-records",
    ),
]
