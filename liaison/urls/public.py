from django.urls import path

from liaison import views

urlpatterns = [
    path("liaison/", views.index, name="liaison-index"),
    path("liaison/receptions.ics", views.receptions_ics, name="liaison-receptions-ics"),
    path("liaison/stations/<int:pk>/", views.station, name="liaison-station"),
    path("liaison/stations/<int:pk>/receptions.ics", views.station_ics, name="liaison-station-ics"),
    path("liaison/stations/<int:pk>/qr/", views.station_qr, name="liaison-station-qr"),
    path("liaison/deputies/<int:pk>/qr/", views.deputy_qr, name="liaison-deputy-qr"),
    path("liaison/opinions/new/", views.opinion_new, name="liaison-opinion-new"),
    path("liaison/opinions/lookup/", views.opinion_lookup, name="liaison-opinion-lookup"),
    path("liaison/opinions/<str:receipt>/", views.opinion, name="liaison-opinion"),
    path("liaison/opinions/<str:receipt>/confirm/", views.opinion_confirm, name="liaison-opinion-confirm"),
]
