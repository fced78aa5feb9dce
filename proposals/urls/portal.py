from django.urls import path

from proposals.views import deputy, review, unit

urlpatterns = [
    # deputies (and everyone's proposal page)
    path("proposals/", deputy.proposal_list, name="proposal-list"),
    path("proposals/new/", deputy.proposal_create, name="proposal-create"),
    path("proposals/cosigners/search/", deputy.cosigner_search, name="proposal-cosigner-search"),
    path("proposals/cosigners/chip/", deputy.cosigner_chip, name="proposal-cosigner-chip"),
    path(
        "proposals/cosign/<int:pk>/confirm/",
        deputy.cosign_answer,
        {"decision": "confirm"},
        name="proposal-cosign-confirm",
    ),
    path(
        "proposals/cosign/<int:pk>/decline/",
        deputy.cosign_answer,
        {"decision": "decline"},
        name="proposal-cosign-decline",
    ),
    path("proposals/statistics/", review.statistics, name="proposal-statistics"),
    path("proposals/<int:pk>/", deputy.proposal_detail, name="proposal-detail"),
    path("proposals/<int:pk>/edit/", deputy.proposal_edit, name="proposal-edit"),
    path("proposals/<int:pk>/submit/", deputy.proposal_submit, name="proposal-submit"),
    path("proposals/<int:pk>/rate/", deputy.proposal_rate, name="proposal-rate"),
    # handling units
    path("assignments/", unit.assignment_list, name="assignment-list"),
    path("assignments/<int:pk>/", unit.assignment_detail, name="assignment-detail"),
    path("assignments/<int:pk>/receive/", unit.assignment_receive, name="assignment-receive"),
    path("assignments/<int:pk>/deputy-phone/", unit.deputy_phone_reveal, name="assignment-deputy-phone"),
    path("assignments/<int:pk>/fixed/", unit.assignment_update_fixed, name="assignment-fixed"),
    path("assignments/<int:pk>/contacts/", unit.contact_add, name="assignment-contact"),
    path("assignments/<int:pk>/opinion/", unit.assignment_opinion, name="assignment-opinion"),
    path("assignments/<int:pk>/reply/", unit.reply_submit, name="assignment-reply"),
    path("assignments/<int:pk>/follow-up/", unit.reply_follow_up, name="assignment-follow-up"),
    path("assignments/<int:pk>/return/", unit.request_return, name="assignment-return"),
    path("assignments/<int:pk>/extension/", unit.request_extension, name="assignment-extension"),
    # the government office reviewer
    path("replies/review/", review.review_list, name="review-list"),
    path("replies/<int:pk>/review/", review.reply_review, name="reply-review"),
]
