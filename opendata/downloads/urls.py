from django.urls import path, re_path

from opendata.downloads import views

urlpatterns = [
    path("", views.index, name="index"),
    re_path(
        r"^(?P<dataset>[a-z-]+)/(?P<period>[0-9]{1,4})\.(?P<fmt>csv|json)$", views.download, name="download"
    ),
]
