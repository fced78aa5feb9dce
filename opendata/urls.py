"""``/opendata/``: the bulk downloads (their pages are added here)."""

app_name = "opendata"

urlpatterns: list = []
