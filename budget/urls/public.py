from django.urls import path

from budget.views import public

urlpatterns = [
    path("budget/", public.index, name="budget-index"),
    path("budget/<int:year>/", public.book, name="budget-book"),
    # before the per-book CSV, whose pattern would take "budget" for a book
    path("budget/<int:year>/budget.csv", public.datapackage_csv, name="budget-datapackage-csv"),
    path("budget/<int:year>/datapackage.json", public.datapackage, name="budget-datapackage"),
    path("budget/<int:year>/<str:book>.csv", public.book_csv, name="budget-book-csv"),
]

from budget.views import review_public  # noqa: E402

urlpatterns += [
    path("budget/oversight/", review_public.oversight_index, name="budget-oversight"),
    path("budget/<int:year>/assets/", review_public.assets, name="budget-assets"),
    path("budget/<int:year>/performance/", review_public.performance, name="budget-performance"),
    path(
        "budget/<int:year>/thematic-reviews/", review_public.thematic_reviews, name="budget-thematic-reviews"
    ),
]
