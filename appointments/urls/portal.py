from django.urls import path

from appointments.views import portal

urlpatterns = [
    path("composition/", portal.composition_dashboard, name="composition"),
]
