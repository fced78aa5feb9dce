from django.urls import path

from deputies import views

urlpatterns = [
    path("me/deputy/", views.my_record, name="deputy-my-record"),
]
