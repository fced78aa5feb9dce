from django.urls import path

from proposals.api import views

urlpatterns = [
    path("proposals/", views.ProposalListCreateView.as_view(), name="api-proposal-list"),
    path("proposals/batch-assign/", views.BatchAssignView.as_view(), name="api-proposal-batch-assign"),
    path("proposals/statistics/", views.UnitStatisticsView.as_view(), name="api-proposal-statistics"),
    path("proposals/<int:pk>/", views.ProposalDetailView.as_view(), name="api-proposal-detail"),
    path("proposals/<int:pk>/submit/", views.ProposalSubmitView.as_view(), name="api-proposal-submit"),
    path("proposals/<int:pk>/register/", views.ProposalRegisterView.as_view(), name="api-proposal-register"),
    path("proposals/<int:pk>/return/", views.ProposalReturnView.as_view(), name="api-proposal-return"),
    path("proposals/<int:pk>/merge/", views.ProposalMergeView.as_view(), name="api-proposal-merge"),
    path("proposals/<int:pk>/convert/", views.ProposalConvertView.as_view(), name="api-proposal-convert"),
    path("proposals/<int:pk>/assign/", views.ProposalAssignView.as_view(), name="api-proposal-assign"),
    path("proposals/<int:pk>/rate/", views.ProposalRateView.as_view(), name="api-proposal-rate"),
    path("proposals/<int:pk>/cosign/", views.ProposalCosignView.as_view(), name="api-proposal-cosign"),
    path("proposals/<int:pk>/withhold/", views.ProposalWithholdView.as_view(), name="api-proposal-withhold"),
    # 督办 ("oversight" in the code) under its published path.
    path(
        "proposals/<int:pk>/supervision/",
        views.ProposalOversightView.as_view(),
        name="api-proposal-oversight",
    ),
    path("assignments/", views.AssignmentListView.as_view(), name="api-assignment-list"),
    path("assignments/<int:pk>/", views.AssignmentDetailView.as_view(), name="api-assignment-detail"),
    path(
        "assignments/<int:pk>/receive/", views.AssignmentReceiveView.as_view(), name="api-assignment-receive"
    ),
    path("assignments/<int:pk>/fixed/", views.AssignmentFixedView.as_view(), name="api-assignment-fixed"),
    path(
        "assignments/<int:pk>/contacts/",
        views.AssignmentContactView.as_view(),
        name="api-assignment-contacts",
    ),
    path("assignments/<int:pk>/reply/", views.AssignmentReplyView.as_view(), name="api-assignment-reply"),
    path(
        "assignments/<int:pk>/confirm/", views.AssignmentConfirmView.as_view(), name="api-assignment-confirm"
    ),
    path(
        "assignments/<int:pk>/send-back/",
        views.AssignmentSendBackView.as_view(),
        name="api-assignment-send-back",
    ),
    path(
        "assignments/<int:pk>/opinion/", views.AssignmentOpinionView.as_view(), name="api-assignment-opinion"
    ),
    path(
        "assignments/<int:pk>/follow-up/",
        views.AssignmentFollowUpView.as_view(),
        name="api-assignment-follow-up",
    ),
    path(
        "assignments/<int:pk>/extension-requests/",
        views.AssignmentExtensionRequestView.as_view(),
        name="api-assignment-extension-request",
    ),
    path(
        "assignments/<int:pk>/return-requests/",
        views.AssignmentReturnRequestView.as_view(),
        name="api-assignment-return-request",
    ),
    path(
        "extension-requests/<int:pk>/decide/",
        views.ExtensionRequestDecideView.as_view(),
        name="api-extension-request-decide",
    ),
    path(
        "return-requests/<int:pk>/decide/",
        views.ReturnRequestDecideView.as_view(),
        name="api-return-request-decide",
    ),
    path("reviews/", views.ReviewQueueView.as_view(), name="api-review-queue"),
    path("public/proposals/", views.PublicProposalListView.as_view(), name="api-public-proposal-list"),
    path(
        "public/proposals/<int:pk>/",
        views.PublicProposalDetailView.as_view(),
        name="api-public-proposal-detail",
    ),
]
