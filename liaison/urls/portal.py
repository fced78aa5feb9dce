from django.urls import path

from liaison import views

urlpatterns = [
    path("liaison/opinions/", views.portal_opinions, name="liaison-opinions"),
    path("liaison/opinions/new/", views.portal_opinion_new, name="liaison-opinion-new"),
    path("liaison/opinions/<int:pk>/", views.portal_opinion, name="liaison-opinion"),
    path("liaison/opinions/<int:pk>/route/", views.portal_opinion_route, name="liaison-opinion-route"),
    path("liaison/opinions/<int:pk>/close/", views.portal_opinion_close, name="liaison-opinion-close"),
    path("liaison/stations/", views.portal_stations, name="liaison-stations"),
    path("liaison/stations/<int:pk>/", views.portal_station, name="liaison-station"),
    path("liaison/stations/<int:pk>/receptions/", views.portal_reception_new, name="liaison-reception-new"),
    path(
        "liaison/stations/<int:pk>/receptions/<int:reception_pk>/cancel/",
        views.portal_reception_cancel,
        name="liaison-reception-cancel",
    ),
    path("liaison/stations/<int:pk>/records/", views.portal_record_new, name="liaison-record-new"),
    path("liaison/statistics/", views.portal_statistics, name="liaison-statistics"),
]
