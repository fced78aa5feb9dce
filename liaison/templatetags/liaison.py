"""What the public deputy page shows of the liaison stations (the deputies app does not import
this one): the deputy's next reception day, in one query."""

from django import template

from liaison import selectors

register = template.Library()


@register.inclusion_tag("liaison/partials/deputy_liaison.html")
def deputy_liaison(deputy):
    return {"deputy": deputy, "next_reception": selectors.next_reception_for_deputy(deputy.pk)}


@register.inclusion_tag("liaison/partials/proposal_source.html")
def proposal_source(proposal):
    """On a proposal's page: the citizens' opinions it was made from (the other way of the
    link ``Opinion.proposal``), one query."""
    return {"opinions": list(proposal.liaison_opinions.only("id", "receipt", "content"))}
