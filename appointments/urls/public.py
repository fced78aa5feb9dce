from django.urls import path

from appointments.views import public

urlpatterns = [
    path("appointments/", public.appointment_list, name="appointment-list"),
    path("appointments/<int:pk>/", public.appointment_detail, name="appointment-detail"),
]
