from django.urls import path

from supervision.api import evaluation, judicial, views

urlpatterns = [
    path(
        "supervision/reports/", views.WorkReportListCreateView.as_view(), name="api-supervision-report-list"
    ),
    path(
        "supervision/reports/<int:pk>/",
        views.WorkReportDetailView.as_view(),
        name="api-supervision-report-detail",
    ),
    path(
        "supervision/reports/<int:pk>/submit/",
        views.WorkReportSubmitView.as_view(),
        name="api-supervision-report-submit",
    ),
    path(
        "supervision/reports/<int:pk>/deliberate/",
        views.WorkReportDeliberateView.as_view(),
        name="api-supervision-report-deliberate",
    ),
    path(
        "supervision/reports/<int:pk>/opinions/",
        views.WorkReportOpinionsView.as_view(),
        name="api-supervision-report-opinions",
    ),
    path(
        "supervision/reports/<int:pk>/rectification/",
        views.WorkReportRectificationView.as_view(),
        name="api-supervision-report-rectification",
    ),
    path(
        "supervision/reports/<int:pk>/vote/",
        views.WorkReportVoteView.as_view(),
        name="api-supervision-report-vote",
    ),
    path(
        "supervision/reports/<int:pk>/follow-ups/",
        views.WorkReportFollowUpView.as_view(),
        name="api-supervision-report-follow-up",
    ),
    path(
        "supervision/interpellations/",
        views.InterpellationListCreateView.as_view(),
        name="api-supervision-interpellation-list",
    ),
    path(
        "supervision/interpellations/<int:pk>/",
        views.InterpellationDetailView.as_view(),
        name="api-supervision-interpellation-detail",
    ),
    path(
        "supervision/interpellations/<int:pk>/decide/",
        views.InterpellationDecideView.as_view(),
        name="api-supervision-interpellation-decide",
    ),
    path(
        "supervision/interpellations/<int:pk>/answer/",
        views.InterpellationAnswerView.as_view(),
        name="api-supervision-interpellation-answer",
    ),
    path(
        "supervision/interpellations/<int:pk>/unsatisfied/",
        views.InterpellationUnsatisfiedView.as_view(),
        name="api-supervision-interpellation-unsatisfied",
    ),
    path(
        "supervision/interpellations/<int:pk>/close/",
        views.InterpellationCloseView.as_view(),
        name="api-supervision-interpellation-close",
    ),
    path(
        "public/supervision/reports/",
        views.PublicWorkReportListView.as_view(),
        name="api-public-supervision-report-list",
    ),
    path(
        "public/supervision/reports/<int:pk>/",
        views.PublicWorkReportDetailView.as_view(),
        name="api-public-supervision-report-detail",
    ),
    path(
        "public/supervision/interpellations/",
        views.PublicInterpellationListView.as_view(),
        name="api-public-supervision-interpellation-list",
    ),
]

# Court and procuratorate (seed 十).
urlpatterns += [
    path(
        "supervision/special-supervisors/",
        judicial.SpecialSupervisorListCreateView.as_view(),
        name="api-supervision-special-supervisor-list",
    ),
    path(
        "supervision/special-supervisors/<int:pk>/end/",
        judicial.SpecialSupervisorEndView.as_view(),
        name="api-supervision-special-supervisor-end",
    ),
    path(
        "public/supervision/special-supervisors/",
        judicial.PublicSpecialSupervisorListView.as_view(),
        name="api-public-supervision-special-supervisor-list",
    ),
    path(
        "supervision/hearings/", judicial.HearingListCreateView.as_view(), name="api-supervision-hearing-list"
    ),
    path(
        "supervision/hearings/<int:pk>/",
        judicial.HearingDetailView.as_view(),
        name="api-supervision-hearing-detail",
    ),
    path(
        "supervision/hearings/<int:pk>/reply/",
        judicial.HearingReplyView.as_view(),
        name="api-supervision-hearing-reply",
    ),
]

# Post-supervision evaluation (监督后评估): the public questionnaire and an anonymous answer.
urlpatterns += [
    path(
        "public/supervision/evaluations/<int:pk>/",
        evaluation.PublicEvaluationDetailView.as_view(),
        name="api-public-supervision-evaluation-detail",
    ),
    path(
        "public/supervision/evaluations/<int:pk>/answers/",
        evaluation.PublicEvaluationAnswerView.as_view(),
        name="api-public-supervision-evaluation-answer",
    ),
]
