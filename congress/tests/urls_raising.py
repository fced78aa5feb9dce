"""The site's URLs plus one view that raises, for the 500 page's test."""

from django.urls import path

from congress.urls import urlpatterns as site_urlpatterns


def boom(request):
    raise RuntimeError("a bug in a view")


urlpatterns = [path("test-boom/", boom), *site_urlpatterns]
