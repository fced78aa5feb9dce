from django.urls import path

from deputies import views, views_activities, views_reports, views_resources

urlpatterns = [
    path("me/deputy/", views.my_record, name="deputy-my-record"),
    path("me/deputy/reports/", views_reports.report_list, name="deputy-voter-reports"),
    path("me/deputy/reports/<int:pk>/", views_reports.report_detail, name="deputy-voter-report"),
    path("deputies/resources/", views_resources.resources, name="deputy-resources"),
    path("deputies/resources/invite/", views_resources.resources_invite, name="deputy-resources-invite"),
    path("activities/", views_activities.activity_list, name="activity-list"),
    path("activities/<int:pk>/", views_activities.activity_detail, name="activity-detail"),
    path("activities/<int:pk>/sign-up/", views_activities.activity_sign_up, name="activity-sign-up"),
    path("activities/<int:pk>/cancel/", views_activities.activity_cancel, name="activity-cancel"),
    path("activities/<int:pk>/qr/", views_activities.activity_qr, name="activity-qr"),
    path("activities/check-in/<str:token>/", views_activities.activity_check_in, name="activity-check-in"),
]
