"""The portal's URLs plus the bare Django view every figure is compared with."""

from django.http import HttpResponse
from django.urls import include, path


def bare(request):
    """The smallest Django response: the same middleware stack as every page, no query,
    no template. Its throughput is the ceiling this machine and server can reach."""
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [
    path("bench/bare/", bare, name="bench-bare"),
    path("", include("congress.urls")),
]
