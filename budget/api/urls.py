from django.urls import path

from budget.api import views

urlpatterns = [
    path("budget/years/", views.FiscalYearListCreateView.as_view(), name="api-budget-years"),
    path("budget/years/<int:pk>/lines/", views.BookStageImportView.as_view(), name="api-budget-year-lines"),
    path("budget/lines/", views.LineListView.as_view(), name="api-budget-lines"),
    path("public/budget/<int:year>/", views.PublicBookView.as_view(), name="api-public-budget"),
]
