"""The compare page's adjustments: each approved (and draft) adjustment of the book shown
beside the stages, its lines before → after with the reason, its meeting and resolution."""

from django import template
from django.db.models import Prefetch

from budget.models import Adjustment, AdjustmentLine

register = template.Library()


@register.inclusion_tag("budget/portal/_adjustments.html")
def budget_adjustments(year, book):
    adjustments = (
        Adjustment.objects.filter(fiscal_year__year=year, book=book)
        .select_related("meeting")
        .prefetch_related(Prefetch("lines", queryset=AdjustmentLine.objects.order_by("code")))
        .order_by("id")
    )
    return {"adjustments": list(adjustments)}
