"""What the public deputy page shows of the liaison stations (the deputies app does not import
this one): the deputy's next reception day, in one query."""

from django import template

from liaison import selectors

register = template.Library()


@register.inclusion_tag("liaison/partials/deputy_liaison.html")
def deputy_liaison(deputy):
    return {"deputy": deputy, "next_reception": selectors.next_reception_for_deputy(deputy.pk)}
