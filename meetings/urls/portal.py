from django.urls import path

from meetings.views import portal

urlpatterns = [
    path("meetings/", portal.meeting_list, name="meeting-list"),
    path("meetings/<int:pk>/", portal.meeting_detail, name="meeting-detail"),
    path("meetings/<int:pk>/leave/", portal.participant_leave, name="meeting-participant-leave"),
    path("meetings/<int:pk>/check-in/", portal.check_in_list, name="meeting-check-in"),
    path("meetings/<int:pk>/open/", portal.meeting_transition, {"action": "open"}, name="meeting-open"),
    path("meetings/<int:pk>/close/", portal.meeting_transition, {"action": "close"}, name="meeting-close"),
    path("meetings/leave-requests/", portal.leave_requests, name="meeting-leave-requests"),
    path("meetings/attendance/<int:pk>/leave/", portal.attendance_leave, name="attendance-leave"),
    path(
        "meetings/attendance/<int:pk>/approve/",
        portal.attendance_review,
        {"decision": "approve"},
        name="attendance-approve-leave",
    ),
    path(
        "meetings/attendance/<int:pk>/reject/",
        portal.attendance_review,
        {"decision": "reject"},
        name="attendance-reject-leave",
    ),
    path("meetings/attendance/<int:pk>/check-in/", portal.attendance_check_in, name="attendance-check-in"),
    path("meetings/check-in/<str:token>/", portal.qr_check_in, name="meeting-qr-check-in"),
]
