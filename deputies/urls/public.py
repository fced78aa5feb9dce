from django.urls import path

from deputies import views

urlpatterns = [
    path("deputies/", views.directory, name="deputy-directory"),
    path("deputies/<int:pk>/", views.profile, name="deputy-profile"),
    path("deputies/<int:pk>/reports/<int:report_pk>/", views.voter_report, name="deputy-voter-report"),
    path("files/deputies/<int:pk>/photo/", views.photo, name="deputy-photo"),
]
