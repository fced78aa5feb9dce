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
``{% block %}`` (a child template would override it per page) nor an ``{% include %}`` (its
content, read at render time, is not checked): all are refused when the template is compiled.
"""

from django import template
from django.template.base import FilterExpression, Node, NodeList, Token, TokenType, Variable
from django.template.defaulttags import CsrfTokenNode
from django.template.loader_tags import BlockNode, IncludeNode
from django.template.smartif import TokenBase
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
    → ``user``), wherever a tag keeps it: output, filters and their arguments, ``{% if %}``
    conditions, ``{% for %}``'s sequence, ``{% with %}``'s and ``{% blocktranslate %}``'s values
    and the names its text reads, ``{% firstof %}``, ``{% url %}``'s arguments, any custom tag's
    arguments — every ``FilterExpression`` and ``Variable`` among a node's attributes, in lists,
    tuples and dicts, in nested nodes and node lists."""
    seen: set[int] = set()

    def walk(value):
        if isinstance(value, (str, bytes, int, float, type(None))):
            return
        if id(value) in seen:
            return
        seen.add(id(value))
        if isinstance(value, Variable):
            if value.lookups:
                yield value.lookups[0]
        elif isinstance(value, FilterExpression):
            yield from walk(value.var)
            for _func, args in value.filters:
                for _lookup, arg in args:
                    yield from walk(arg)
        elif isinstance(value, (list, tuple, set, frozenset, NodeList)):
            for item in value:
                yield from walk(item)
        elif isinstance(value, dict):
            for item in value.values():
                yield from walk(item)
        elif isinstance(value, Token):
            if value.token_type == TokenType.VAR:  # {% blocktranslate %}'s text: {{ name }}
                yield value.contents.split(".")[0].split("|")[0].strip()
        elif isinstance(value, (Node, TokenBase)):  # a tag, or an {% if %} condition's operator
            for attribute, item in vars(value).items():
                if attribute not in _NOT_READ:
                    yield from walk(item)

    yield from walk(nodelist)


# Node attributes that are not what the content reads: where it was written, its source token.
_NOT_READ = frozenset({"origin", "token"})


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
    if nodelist.get_nodes_by_type(IncludeNode):
        raise template.TemplateSyntaxError(
            f"memo {name!r}: no {{% include %}} inside (its content is not checked: write it out)"
        )
    per_request = sorted({n for n in _names_read(nodelist) if n in _PER_REQUEST})
    if per_request:
        raise template.TemplateSyntaxError(
            f"memo {name!r}: reads {', '.join(per_request)}, which is per request"
        )
    return MemoNode(nodelist, name, values)
