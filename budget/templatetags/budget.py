from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def yuan(value) -> str:
    """Yuan with thousands separators and two decimals."""
    if value is None or value == "":
        return "—"
    return f"{Decimal(value):,.2f}"


@register.filter
def yuan_signed(value) -> str:
    if value is None:
        return "—"
    return f"{Decimal(value):+,.2f}"


@register.filter
def wan(value) -> str:
    """Ten-thousands of yuan (万元), one decimal: how budget reports speak."""
    if value is None or value == "":
        return "—"
    return f"{Decimal(value) / 10000:,.1f}"
