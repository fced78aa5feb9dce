from django.urls import path

from budget.api import audit, execution, views

urlpatterns = [
    path("budget/years/", views.FiscalYearListCreateView.as_view(), name="api-budget-years"),
    path("budget/years/<int:pk>/lines/", views.BookStageImportView.as_view(), name="api-budget-year-lines"),
    path("budget/lines/", views.LineListView.as_view(), name="api-budget-lines"),
    path("budget/lines/economic/", views.EconomicBreakdownView.as_view(), name="api-budget-lines-economic"),
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
    path(
        "budget/years/<int:pk>/execution/",
        execution.ExecutionImportView.as_view(),
        name="api-budget-year-execution",
    ),
    path("budget/warnings/", execution.WarningListView.as_view(), name="api-budget-warnings"),
    path(
        "budget/warnings/<int:pk>/ask-unit/",
        execution.WarningAskUnitView.as_view(),
        name="api-budget-warning-ask",
    ),
    path(
        "budget/warnings/<int:pk>/to-supervision/",
        execution.WarningToSupervisionView.as_view(),
        name="api-budget-warning-supervise",
    ),
    path("budget/execution-questions/", execution.QuestionListView.as_view(), name="api-budget-questions"),
    path(
        "budget/execution-questions/<int:pk>/answer/",
        execution.QuestionAnswerView.as_view(),
        name="api-budget-question-answer",
    ),
    path("public/budget/<int:year>/", views.PublicBookView.as_view(), name="api-public-budget"),
]

from budget.api import review  # noqa: E402

urlpatterns += [
    path(
        "budget/review-questions/",
        review.QuestionListCreateView.as_view(),
        name="api-budget-review-questions",
    ),
    path(
        "budget/review-questions/<int:pk>/answer/",
        review.QuestionAnswerView.as_view(),
        name="api-budget-review-question-answer",
    ),
    path(
        "budget/review-questions/<int:pk>/withdraw/",
        review.QuestionWithdrawView.as_view(),
        name="api-budget-review-question-withdraw",
    ),
    path(
        "budget/review-comments/", review.CommentListCreateView.as_view(), name="api-budget-review-comments"
    ),
    path("budget/asset-opinions/", review.OpinionListView.as_view(), name="api-budget-asset-opinions"),
    path(
        "budget/asset-opinions/<int:pk>/answer/",
        review.OpinionAnswerView.as_view(),
        name="api-budget-asset-opinion-answer",
    ),
    path(
        "public/budget/<int:year>/assets/", review.PublicAssetsView.as_view(), name="api-public-budget-assets"
    ),
    path(
        "public/budget/<int:year>/performance/",
        review.PublicPerformanceView.as_view(),
        name="api-public-budget-performance",
    ),
    path(
        "public/budget/<int:year>/thematic-reviews/",
        review.PublicThematicReviewsView.as_view(),
        name="api-public-budget-thematic-reviews",
    ),
]
