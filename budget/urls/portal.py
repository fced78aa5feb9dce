from django.urls import path

from budget.views import audit, execution, portal

urlpatterns = [
    path("budget/compare/", portal.compare, name="budget-compare"),
    path("budget/audit-findings/", audit.audit_findings, name="budget-audit-findings"),
    path(
        "budget/audit-findings/<int:pk>/rectify/",
        audit.audit_finding_rectify,
        name="budget-audit-finding-rectify",
    ),
    path("budget/execution/", execution.execution, name="budget-execution"),
    path("budget/warnings/", execution.warnings, name="budget-warnings"),
    path("budget/warnings/<int:pk>/ask/", execution.warning_ask, name="budget-warning-ask"),
    path("budget/warnings/<int:pk>/supervise/", execution.warning_supervise, name="budget-warning-supervise"),
    path("budget/questions/", execution.questions, name="budget-questions"),
    path("budget/questions/<int:pk>/answer/", execution.question_answer, name="budget-question-answer"),
]

from budget.views import review  # noqa: E402

urlpatterns += [
    path("budget/review/", review.review, name="budget-review"),
    path(
        "budget/review/<int:year>/<str:book>/<str:stage>/<str:code>/",
        review.review_line,
        name="budget-review-line",
    ),
    path("budget/review/questions/", review.questions, name="budget-review-questions"),
    path(
        "budget/review/questions/<int:pk>/answer/",
        review.question_answer,
        name="budget-review-question-answer",
    ),
    path(
        "budget/review/questions/<int:pk>/withdraw/",
        review.question_withdraw,
        name="budget-review-question-withdraw",
    ),
    path("budget/review/reports/<int:pk>.pdf", review.review_report_pdf, name="budget-review-report-pdf"),
    path("budget/asset-opinions/", review.asset_opinions, name="budget-asset-opinions"),
    path(
        "budget/asset-opinions/<int:pk>/answer/",
        review.asset_opinion_answer,
        name="budget-asset-opinion-answer",
    ),
]
urlpatterns.append(path("budget/inbox/", review.unit_inbox, name="budget-unit-inbox"))
urlpatterns.append(
    path(
        "budget/audit-findings/report/<int:year>.pdf",
        review.audit_year_report_pdf,
        name="budget-audit-year-report",
    )
)
