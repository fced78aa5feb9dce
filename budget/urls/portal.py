from django.urls import path

from budget.views import portal

urlpatterns = [
    path("budget/compare/", portal.compare, name="budget-compare"),
]
