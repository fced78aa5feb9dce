from django.urls import path

from budget.views import audit, portal

urlpatterns = [
    path("budget/compare/", portal.compare, name="budget-compare"),
    path("budget/audit-findings/", audit.audit_findings, name="budget-audit-findings"),
    path(
        "budget/audit-findings/<int:pk>/rectify/",
        audit.audit_finding_rectify,
        name="budget-audit-finding-rectify",
    ),
]
