"""``/opendata/``: the bulk downloads (``opendata/downloads/``)."""

from opendata.downloads.urls import urlpatterns as download_patterns

app_name = "opendata"

urlpatterns: list = [*download_patterns]
