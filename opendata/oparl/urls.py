"""``/oparl/v1/``: the OParl 1.1 API (https://oparl.org/spezifikation/), read-only."""

from django.urls import path

from opendata.oparl import views

app_name = "oparl"

urlpatterns = [
    path("system", views.SystemView.as_view(), name="system"),
    path("body", views.BodyListView.as_view(), name="body-list"),
    path("body/<str:body>/<str:kind>", views.ListView.as_view(), name="list"),
    path("<str:kind>/<str:key>", views.ObjectView.as_view(), name="object"),
]
