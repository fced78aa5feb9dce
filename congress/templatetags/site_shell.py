"""The site shell's rendered pieces kept in the process (issue 16).

    {% load site_shell %}
    {% memo "footer" district.congress_name district.address %}…{% endmemo %}

Every public page paid for its header, navigation and footer on each request — a dozen
``{% url %}``, twenty ``{% translate %}``, the ``{% static %}`` manifest lookups — although
they depend only on the language and on the few values named after the fragment's name. ``memo``
renders its content once per language and set of those values and keeps the HTML on the
compiled template node itself: no cache round trip, no invalidation to forget (a changed value
is another key; a template reloaded in development is a new node), and the HTML is exactly what
rendering would give.

The rule that keeps it exact: everything the content reads that can change while the process
runs must be named as a value (``district.logo``, …). So never put inside it anything per
request or per visitor (``request``, ``user``, ``csrf_token``, messages, query strings) nor a
``{% block %}`` (a child template would override it per page): both are refused when the
template is compiled.
"""

from django import template
from django.template.base import Variable
from django.template.defaulttags import CsrfTokenNode
from django.template.loader_tags import BlockNode
from django.utils import translation
from django.utils.safestring import mark_safe

register = template.Library()

# Names that, read inside a memo, would freeze one visitor's or one request's value for all.
_PER_REQUEST = ("request", "user", "csrf_token", "messages", "perms")
# A node keeps at most this many variants (languages × district values): a bound, not a tuning knob.
_MAX_VARIANTS = 16


class MemoNode(template.Node):
    def __init__(self, nodelist, name: str, values: list):
        self.nodelist = nodelist
        self.name = name
        self.values = values
        self.rendered: dict[tuple, str] = {}

    def render(self, context):
        key = (translation.get_language(), *(str(value.resolve(context)) for value in self.values))
        html = self.rendered.get(key)
        if html is None:
            html = self.nodelist.render(context)
            if len(self.rendered) >= _MAX_VARIANTS:
                self.rendered.clear()
            self.rendered[key] = html
        return mark_safe(html)


def _names_read(nodelist):
    """The first name of every variable the content reads as written (``user.is_authenticated``
    → ``user``), in output, filters' arguments and ``{% if %}`` conditions."""
    for node in nodelist.get_nodes_by_type(template.Node):
        expressions = [getattr(node, "filter_expression", None)]
        for condition, _nodes in getattr(node, "conditions_nodelists", None) or []:
            expressions.extend(_condition_expressions(condition))
        for expression in expressions:
            var = getattr(expression, "var", None)
            if isinstance(var, Variable) and var.lookups:
                yield var.lookups[0]


def _condition_expressions(condition):
    if condition is None:
        return
    if hasattr(condition, "value"):  # a literal: its FilterExpression
        yield condition.value
    for side in ("first", "second"):
        yield from _condition_expressions(getattr(condition, side, None))


@register.tag
def memo(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("memo: a name first, then the values the content depends on")
    name = bits[1].strip("\"'")
    values = [parser.compile_filter(bit) for bit in bits[2:]]
    nodelist = parser.parse(("endmemo",))
    parser.delete_first_token()
    if nodelist.get_nodes_by_type(CsrfTokenNode):
        raise template.TemplateSyntaxError(f"memo {name!r}: no {{% csrf_token %}} inside (it is per visitor)")
    if nodelist.get_nodes_by_type(BlockNode):
        raise template.TemplateSyntaxError(
            f"memo {name!r}: no {{% block %}} inside (put the memo inside the block)"
        )
    per_request = sorted({n for n in _names_read(nodelist) if n in _PER_REQUEST})
    if per_request:
        raise template.TemplateSyntaxError(
            f"memo {name!r}: reads {', '.join(per_request)}, which is per request"
        )
    return MemoNode(nodelist, name, values)
