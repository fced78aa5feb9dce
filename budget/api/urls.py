from django.urls import path

from budget.api import audit, views

urlpatterns = [
    path("budget/years/", views.FiscalYearListCreateView.as_view(), name="api-budget-years"),
    path("budget/years/<int:pk>/lines/", views.BookStageImportView.as_view(), name="api-budget-year-lines"),
    path("budget/lines/", views.LineListView.as_view(), name="api-budget-lines"),
    path("budget/audit-findings/", audit.FindingListCreateView.as_view(), name="api-budget-audit-findings"),
    path(
        "budget/audit-findings/<int:pk>/rectify/",
        audit.FindingRectifyView.as_view(),
        name="api-budget-audit-finding-rectify",
    ),
    path(
        "budget/audit-findings/<int:pk>/accept/",
        audit.FindingAcceptView.as_view(),
        name="api-budget-audit-finding-accept",
    ),
    path(
        "budget/audit-findings/<int:pk>/redo/",
        audit.FindingRedoView.as_view(),
        name="api-budget-audit-finding-redo",
    ),
    path("public/budget/<int:year>/", views.PublicBookView.as_view(), name="api-public-budget"),
]
