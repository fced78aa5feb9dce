from django.urls import path

from meetings.views import public

urlpatterns = [
    path("meetings/", public.meeting_list, name="meeting-list"),
    path("meetings.ics", public.meetings_ics, name="meetings-ics"),
    path("meetings/<int:pk>/", public.meeting_detail, name="meeting-detail"),
    path("meetings/<int:pk>/notice.pdf", public.notice_pdf, name="meeting-notice-pdf"),
    path("meetings/<int:pk>/attendance.pdf", public.attendance_pdf, name="meeting-attendance-pdf"),
    path("files/meetings/<int:pk>/", public.document_download, name="meeting-document"),
    path("meetings/attendance/", public.attendance_units, name="attendance-units"),
    path("meetings/attendance/units/<int:unit_id>/", public.unit_attendance, name="unit-attendance"),
]
