from django.urls import path

from appointments.api import views

urlpatterns = [
    path("appointments/", views.NominationListCreateView.as_view(), name="api-appointments"),
    path("appointments/<int:pk>/", views.NominationDetailView.as_view(), name="api-appointment-detail"),
    path("appointments/<int:pk>/exam/", views.ExamView.as_view(), name="api-appointment-exam"),
    path("appointments/<int:pk>/publicity/", views.PublicityView.as_view(), name="api-appointment-publicity"),
    path("appointments/<int:pk>/vote/", views.VoteView.as_view(), name="api-appointment-vote"),
    path("appointments/<int:pk>/oath/", views.OathView.as_view(), name="api-appointment-oath"),
    path("appointments/<int:pk>/withdraw/", views.WithdrawView.as_view(), name="api-appointment-withdraw"),
    path("public/appointments/", views.PublicNominationListView.as_view(), name="api-public-appointments"),
    path(
        "public/appointments/<int:pk>/",
        views.PublicNominationDetailView.as_view(),
        name="api-public-appointment-detail",
    ),
    path("composition/", views.CompositionView.as_view(), name="api-composition"),
]
