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
