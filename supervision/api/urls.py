from django.urls import path

from supervision.api import (
    evaluation,
    filings,
    hearings,
    inquiries,
    inspections,
    investigation,
    judicial,
    major_matters,
    views,
)

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
        "supervision/court-hearings/",
        judicial.HearingListCreateView.as_view(),
        name="api-supervision-hearing-list",
    ),
    path(
        "supervision/court-hearings/<int:pk>/",
        judicial.HearingDetailView.as_view(),
        name="api-supervision-hearing-detail",
    ),
    path(
        "supervision/court-hearings/<int:pk>/reply/",
        judicial.HearingReplyView.as_view(),
        name="api-supervision-hearing-reply",
    ),
]

# Post-supervision evaluation (监督后评估): the public questionnaire and an anonymous answer.
urlpatterns += [
    path(
        "public/supervision/evaluations/",
        evaluation.PublicEvaluationListView.as_view(),
        name="api-public-supervision-evaluation-list",
    ),
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

# Inquiries (api/inquiries.py).
urlpatterns += [
    path(
        "supervision/inquiries/",
        inquiries.InquiryListCreateView.as_view(),
        name="api-supervision-inquiry-list",
    ),
    path(
        "supervision/inquiries/<int:pk>/",
        inquiries.InquiryDetailView.as_view(),
        name="api-supervision-inquiry-detail",
    ),
    path(
        "supervision/inquiries/<int:pk>/questions/",
        inquiries.InquiryQuestionView.as_view(),
        name="api-supervision-inquiry-questions",
    ),
    path(
        "supervision/inquiries/<int:pk>/hold/",
        inquiries.InquiryHoldView.as_view(),
        name="api-supervision-inquiry-hold",
    ),
    path(
        "supervision/questions/<int:pk>/answer/",
        inquiries.QuestionAnswerView.as_view(),
        name="api-supervision-question-answer",
    ),
    path(
        "supervision/questions/<int:pk>/commitments/",
        inquiries.QuestionCommitView.as_view(),
        name="api-supervision-question-commitments",
    ),
    path(
        "supervision/commitments/",
        inquiries.CommitmentListView.as_view(),
        name="api-supervision-commitment-list",
    ),
    path(
        "supervision/commitments/<int:pk>/",
        inquiries.CommitmentDetailView.as_view(),
        name="api-supervision-commitment-detail",
    ),
    path(
        "supervision/commitments/<int:pk>/report/",
        inquiries.CommitmentReportView.as_view(),
        name="api-supervision-commitment-report",
    ),
    path(
        "supervision/commitments/<int:pk>/accept/",
        inquiries.CommitmentAcceptView.as_view(),
        name="api-supervision-commitment-accept",
    ),
    path(
        "supervision/commitments/<int:pk>/send-back/",
        inquiries.CommitmentSendBackView.as_view(),
        name="api-supervision-commitment-send-back",
    ),
    path(
        "public/supervision/inquiries/",
        inquiries.PublicInquiryListView.as_view(),
        name="api-public-supervision-inquiry-list",
    ),
]

# Special-question investigation (api/investigation.py).
urlpatterns += [
    path(
        "supervision/investigations/",
        investigation.InvestigationListCreateView.as_view(),
        name="api-supervision-investigation-list",
    ),
    path(
        "supervision/investigations/<int:pk>/",
        investigation.InvestigationDetailView.as_view(),
        name="api-supervision-investigation-detail",
    ),
    path(
        "supervision/investigations/<int:pk>/decide/",
        investigation.InvestigationDecideView.as_view(),
        name="api-supervision-investigation-decide",
    ),
    path(
        "supervision/investigations/<int:pk>/committee/",
        investigation.InvestigationCommitteeView.as_view(),
        name="api-supervision-investigation-committee",
    ),
    path(
        "supervision/investigations/<int:pk>/findings/",
        investigation.InvestigationFindingsView.as_view(),
        name="api-supervision-investigation-findings",
    ),
    path(
        "supervision/investigations/<int:pk>/resolution/",
        investigation.InvestigationResolutionView.as_view(),
        name="api-supervision-investigation-resolution",
    ),
    path(
        "public/supervision/investigations/",
        investigation.PublicInvestigationListView.as_view(),
        name="api-public-supervision-investigation-list",
    ),
]

# Major-matter reports (重大事项报告, seed 九): api/major_matters.py.
urlpatterns += [
    path(
        "supervision/major-matter-lists/",
        major_matters.MajorMatterListListView.as_view(),
        name="api-supervision-major-matter-list-list",
    ),
    path(
        "supervision/major-matters/",
        major_matters.MajorMatterListCreateView.as_view(),
        name="api-supervision-major-matter-list",
    ),
    path(
        "supervision/major-matters/<int:pk>/",
        major_matters.MajorMatterDetailView.as_view(),
        name="api-supervision-major-matter-detail",
    ),
    *[
        path(
            f"supervision/major-matters/<int:pk>/{suffix}/",
            view.as_view(),
            name=f"api-supervision-major-matter-{suffix}",
        )
        for suffix, view in [
            ("return", major_matters.MajorMatterReturnView),
            ("resubmit", major_matters.MajorMatterResubmitView),
            ("take-note", major_matters.MajorMatterTakeNoteView),
            ("schedule", major_matters.MajorMatterScheduleView),
            ("opinion", major_matters.MajorMatterOpinionView),
            ("feedback", major_matters.MajorMatterFeedbackView),
            ("conclude", major_matters.MajorMatterConcludeView),
        ]
    ],
    path(
        "public/supervision/major-matters/",
        major_matters.PublicMajorMatterListView.as_view(),
        name="api-public-supervision-major-matter-list",
    ),
    path(
        "public/supervision/major-matter-lists/",
        major_matters.PublicMajorMatterListListView.as_view(),
        name="api-public-supervision-major-matter-list-list",
    ),
]

# Public hearings (听证, api/hearings.py).
urlpatterns += [
    path(
        "supervision/hearings/",
        hearings.HearingListCreateView.as_view(),
        name="api-supervision-public-hearing-list",
    ),
    path(
        "supervision/hearings/<int:pk>/",
        hearings.HearingDetailView.as_view(),
        name="api-supervision-public-hearing-detail",
    ),
    path(
        "supervision/hearings/<int:pk>/publish/",
        hearings.HearingPublishView.as_view(),
        name="api-supervision-public-hearing-publish",
    ),
    path("public/hearings/", hearings.PublicHearingListView.as_view(), name="api-public-hearing-list"),
    path(
        "public/hearings/<int:pk>/",
        hearings.PublicHearingDetailView.as_view(),
        name="api-public-hearing-detail",
    ),
    path(
        "public/hearings/<int:pk>/signups/",
        hearings.PublicHearingSignupView.as_view(),
        name="api-public-hearing-signup",
    ),
    path(
        "public/hearings/signups/<str:receipt>/",
        hearings.PublicSignupReceiptView.as_view(),
        name="api-public-hearing-signup-receipt",
    ),
]

# Law-enforcement inspections (api/inspections.py).
urlpatterns += [
    path(
        "supervision/inspections/",
        inspections.InspectionListCreateView.as_view(),
        name="api-supervision-inspection-list",
    ),
    path(
        "supervision/inspections/<int:pk>/",
        inspections.InspectionDetailView.as_view(),
        name="api-supervision-inspection-detail",
    ),
    path(
        "supervision/inspections/<int:pk>/issues/",
        inspections.InspectionIssueCreateView.as_view(),
        name="api-supervision-inspection-issues",
    ),
    path(
        "supervision/inspection-issues/",
        inspections.IssueListView.as_view(),
        name="api-supervision-inspection-issue-list",
    ),
    path(
        "supervision/inspection-issues/<int:pk>/",
        inspections.IssueDetailView.as_view(),
        name="api-supervision-inspection-issue-detail",
    ),
    path(
        "supervision/inspection-issues/<int:pk>/rectify/",
        inspections.IssueRectifyView.as_view(),
        name="api-supervision-inspection-issue-rectify",
    ),
    path(
        "supervision/inspection-issues/<int:pk>/accept/",
        inspections.IssueAcceptView.as_view(),
        name="api-supervision-inspection-issue-accept",
    ),
    path(
        "supervision/inspection-issues/<int:pk>/redo/",
        inspections.IssueRedoView.as_view(),
        name="api-supervision-inspection-issue-redo",
    ),
]

# Filing review of normative documents (api/filings.py; the contract of issue 12).
urlpatterns += [
    path("supervision/filings/", filings.FilingListCreateView.as_view(), name="api-supervision-filing-list"),
    path(
        "supervision/filings/statistics/",
        filings.FilingStatisticsView.as_view(),
        name="api-supervision-filing-statistics",
    ),
    path(
        "supervision/filings/<int:pk>/",
        filings.FilingDetailView.as_view(),
        name="api-supervision-filing-detail",
    ),
    path(
        "supervision/filings/<int:pk>/review/",
        filings.FilingReviewView.as_view(),
        name="api-supervision-filing-review",
    ),
    path(
        "supervision/filings/<int:pk>/correction/",
        filings.FilingCorrectionView.as_view(),
        name="api-supervision-filing-correction",
    ),
    path("public/filings/", filings.PublicFilingListView.as_view(), name="api-public-filing-list"),
    path(
        "public/filings/<int:pk>/", filings.PublicFilingDetailView.as_view(), name="api-public-filing-detail"
    ),
    path(
        "public/filings/<int:pk>/suggestions/",
        filings.PublicSuggestionView.as_view(),
        name="api-public-filing-suggestions",
    ),
    path(
        "public/filings/suggestions/<str:receipt>/",
        filings.PublicSuggestionStatusView.as_view(),
        name="api-public-filing-suggestion-status",
    ),
]
