"""Template tags of the proposals pages."""

from django import template
from django.utils.html import format_html

register = template.Library()

# The colour of a state's badge: done (green), sent back (red), waiting for someone (amber).
OK = frozenset({"closed", "replied", "done", "confirmed"})
OVERDUE = frozenset({"returned", "sent_back", "withdrawn"})
DUE = frozenset({"reply_review", "rehandling", "review", "invited"})


def state_status(state: str) -> str:
    if state in OK:
        return " status-ok"
    if state in OVERDUE:
        return " status-overdue"
    if state in DUE:
        return " status-due"
    return ""


@register.simple_tag
def state_badge(state, label):
    """A state's badge: ``{% state_badge row.state row.get_state_display %}``. A tag, not an
    included template: the lists show one per row (issue 16: an include costs a template
    context and a render each time)."""
    return format_html('<span class="status state-{}{}">{}</span>', state, state_status(state), label)
