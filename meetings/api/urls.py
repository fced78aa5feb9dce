from django.urls import path

from meetings.api import views

urlpatterns = [
    path("meetings/", views.MeetingListCreateView.as_view(), name="api-meeting-list"),
    path("meetings/<int:pk>/", views.MeetingDetailView.as_view(), name="api-meeting-detail"),
    path(
        "meetings/<int:pk>/attendance/",
        views.MeetingRequireUnitsView.as_view(),
        name="api-meeting-attendance",
    ),
    path("meetings/<int:pk>/close/", views.MeetingCloseView.as_view(), name="api-meeting-close"),
    path("attendance/", views.AttendanceListView.as_view(), name="api-attendance-list"),
    path("attendance/<int:pk>/leave/", views.AttendanceLeaveView.as_view(), name="api-attendance-leave"),
    path(
        "attendance/<int:pk>/approve-leave/",
        views.AttendanceApproveLeaveView.as_view(),
        name="api-attendance-approve-leave",
    ),
    path(
        "attendance/<int:pk>/reject-leave/",
        views.AttendanceRejectLeaveView.as_view(),
        name="api-attendance-reject-leave",
    ),
    path(
        "attendance/<int:pk>/check-in/", views.AttendanceCheckInView.as_view(), name="api-attendance-check-in"
    ),
    path("public/attendance/", views.PublicAttendanceView.as_view(), name="api-public-attendance"),
]
