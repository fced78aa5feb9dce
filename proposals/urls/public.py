from django.urls import path

from congress import page_cache
from proposals.feeds import RepliesFeed
from proposals.views import public

urlpatterns = [
    path("proposals/", public.proposal_list, name="proposal-list"),
    path("feeds/replies/", page_cache.public_reads("proposals")(RepliesFeed()), name="feed-replies"),
    path("proposals/<int:pk>/", public.proposal_detail, name="proposal-detail"),
    path("proposals/<int:pk>/reply.pdf", public.reply_pdf, name="proposal-reply-pdf"),
    path("files/proposals/<int:pk>/", public.attachment_download, name="proposal-attachment"),
]
