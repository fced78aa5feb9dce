from django.urls import path

from supervision.views import (
    documents,
    evaluation,
    filings,
    inquiries,
    inspections,
    judicial,
    major_matters,
    portal,
)

urlpatterns = [
    path("supervision/", portal.inbox, name="supervision-inbox"),
    path("supervision/reports/<int:pk>/", portal.report_detail, name="supervision-report"),
    path("supervision/reports/<int:pk>/submit/", portal.report_submit, name="supervision-report-submit"),
    path(
        "supervision/reports/<int:pk>/rectification/",
        portal.report_rectification,
        name="supervision-report-rectification",
    ),
    path("supervision/interpellations/", portal.interpellation_list, name="supervision-interpellation-list"),
    path(
        "supervision/interpellations/new/", portal.interpellation_new, name="supervision-interpellation-new"
    ),
    path(
        "supervision/interpellations/<int:pk>/",
        portal.interpellation_detail,
        name="supervision-interpellation",
    ),
    path(
        "supervision/interpellations/<int:pk>/answer/",
        portal.interpellation_answer,
        name="supervision-interpellation-answer",
    ),
    path(
        "supervision/interpellations/<int:pk>/unsatisfied/",
        portal.interpellation_unsatisfied,
        name="supervision-interpellation-unsatisfied",
    ),
    path("supervision/plans/", portal.plan_list, name="supervision-plan-list"),
    path("supervision/plans/<int:pk>/", portal.plan_detail, name="supervision-plan"),
    path("supervision/plans/<int:pk>/comments/", portal.plan_comment, name="supervision-plan-comment"),
]

# Printed documents (PDF) of a work report: ``opinions`` (审议意见书) and ``report``.
urlpatterns += [
    path(
        "supervision/reports/<int:pk>/pdf/<str:document>/",
        documents.portal_report_document,
        name="supervision-report-pdf",
    ),
]

# Court-hearing attendance (旁听庭审, seed 十).
urlpatterns += [
    path("supervision/court-hearings/", judicial.hearing_list, name="supervision-hearing-list"),
    path("supervision/court-hearings/new/", judicial.hearing_new, name="supervision-hearing-new"),
    path("supervision/court-hearings/<int:pk>/", judicial.hearing_detail, name="supervision-hearing"),
    path(
        "supervision/court-hearings/<int:pk>/reply/", judicial.hearing_reply, name="supervision-hearing-reply"
    ),
]

# Post-supervision evaluation (监督后评估).
urlpatterns += [
    path("supervision/evaluations/", evaluation.portal_evaluation_list, name="supervision-evaluation-list"),
    path("supervision/evaluations/<int:pk>/", evaluation.portal_evaluation, name="supervision-evaluation"),
]

# Inquiries (views/inquiries.py).
urlpatterns += [
    path("supervision/inquiries/", inquiries.inquiry_list, name="supervision-inquiry-list"),
    path("supervision/inquiries/<int:pk>/", inquiries.inquiry_detail, name="supervision-inquiry"),
    path("supervision/inquiries/<int:pk>/questions/", inquiries.inquiry_ask, name="supervision-inquiry-ask"),
    path(
        "supervision/questions/<int:pk>/answer/",
        inquiries.question_answer,
        name="supervision-question-answer",
    ),
    path(
        "supervision/questions/<int:pk>/commitments/",
        inquiries.question_commit,
        name="supervision-question-commit",
    ),
    path("supervision/commitments/<int:pk>/", inquiries.commitment_detail, name="supervision-commitment"),
    path(
        "supervision/commitments/<int:pk>/report/",
        inquiries.commitment_report,
        name="supervision-commitment-report",
    ),
]

# Major-matter reports (重大事项报告, seed 九): views/major_matters.py.
urlpatterns += [
    path("supervision/major-matters/", major_matters.matter_list, name="supervision-major-matter-list"),
    path("supervision/major-matters/new/", major_matters.matter_new, name="supervision-major-matter-new"),
    path("supervision/major-matters/<int:pk>/", major_matters.matter_detail, name="supervision-major-matter"),
    path(
        "supervision/major-matters/<int:pk>/resubmit/",
        major_matters.matter_resubmit,
        name="supervision-major-matter-resubmit",
    ),
    path(
        "supervision/major-matters/<int:pk>/feedback/",
        major_matters.matter_feedback,
        name="supervision-major-matter-feedback",
    ),
]

# Law-enforcement inspections (views/inspections.py).
urlpatterns += [
    path("supervision/inspections/", inspections.inspection_list, name="supervision-inspection-list"),
    path("supervision/inspections/<int:pk>/", inspections.inspection_detail, name="supervision-inspection"),
    path(
        "supervision/inspections/<int:pk>/pdf/",
        inspections.portal_inspection_document,
        name="supervision-inspection-pdf",
    ),
    path(
        "supervision/inspection-groups/<int:pk>/sign-up/",
        inspections.group_sign_up,
        name="supervision-inspection-group-sign-up",
    ),
    path(
        "supervision/inspection-groups/<int:pk>/withdraw/",
        inspections.group_withdraw,
        name="supervision-inspection-group-withdraw",
    ),
    path(
        "supervision/inspection-issues/<int:pk>/",
        inspections.issue_detail,
        name="supervision-inspection-issue",
    ),
    path(
        "supervision/inspection-issues/<int:pk>/rectify/",
        inspections.issue_rectify,
        name="supervision-inspection-issue-rectify",
    ),
]

# Filing review of normative documents (views/filings.py).
urlpatterns += [
    path("supervision/filings/", filings.filing_list, name="supervision-filing-list"),
    path("supervision/filings/new/", filings.filing_new, name="supervision-filing-new"),
    path("supervision/filings/statistics/", filings.filing_statistics, name="supervision-filing-statistics"),
    path("supervision/filings/<int:pk>/", filings.filing_detail, name="supervision-filing"),
    path(
        "supervision/filings/<int:pk>/correction/",
        filings.filing_correction,
        name="supervision-filing-correction",
    ),
    path("supervision/filings/<int:pk>/pdf/", filings.filing_pdf, name="supervision-filing-pdf"),
    path(
        "supervision/filings/<int:pk>/opinion/pdf/",
        filings.filing_opinion_pdf,
        name="supervision-filing-opinion-pdf",
    ),
]
