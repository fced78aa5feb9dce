"""``{% url %}`` with its answers kept in the process (issue 16), a template builtin
(``TEMPLATES[…]["OPTIONS"]["builtins"]``), so every template's ``{% url %}`` is this one.

Django's ``reverse()`` costs about 10 µs of matching and quoting per link, and a list page has
twenty to sixty links (a row's link, the pager's, the navigation's): as much as the bare view
itself. A URL depends only on the view name, the arguments, the current application, the script
prefix, the URLconf and (for translated patterns) the language, so the answer for that key is
kept: for ``int`` and ``str`` arguments only, their exact types (another object's ``str()`` may
change; ``True`` equals ``1`` as a key but reverses as ``"True"``), and never a
failure (``NoReverseMatch`` is raised, or gives ``""`` with ``as``, exactly as Django does).
A test that swaps the URLconf changes the ``ROOT_URLCONF`` setting, which empties the kept URLs.
"""

from django import template
from django.core.signals import setting_changed
from django.template.defaulttags import URLNode
from django.template.defaulttags import url as django_url
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils import translation
from django.utils.html import conditional_escape

register = template.Library()

_KEPT: dict[tuple, str] = {}
_MAX_KEPT = 20_000  # a bound against a crawler walking every page number, not a tuning knob
_PLAIN = (int, str)  # exact types: a bool is an int


def _forget(*, setting, **kwargs):
    if setting == "ROOT_URLCONF":
        _KEPT.clear()


setting_changed.connect(_forget)


class CachedURLNode(URLNode):
    def render(self, context):
        args = [arg.resolve(context) for arg in self.args]
        kwargs = {k: v.resolve(context) for k, v in self.kwargs.items()}
        view_name = self.view_name.resolve(context)
        try:
            current_app = context.request.current_app
        except AttributeError:
            try:
                current_app = context.request.resolver_match.namespace
            except AttributeError:
                current_app = None
        key = None
        if (
            isinstance(view_name, str)
            and all(type(arg) in _PLAIN for arg in args)
            and all(type(value) in _PLAIN for value in kwargs.values())
        ):
            key = (
                view_name,
                tuple(args),
                tuple(sorted(kwargs.items())),
                current_app,
                get_script_prefix(),
                get_urlconf(),
                translation.get_language(),
            )
        url = _KEPT.get(key) if key is not None else None
        if url is None:
            url = ""
            try:
                url = reverse(view_name, args=args, kwargs=kwargs, current_app=current_app)
            except NoReverseMatch:
                if self.asvar is None:
                    raise
            else:
                if key is not None:
                    if len(_KEPT) >= _MAX_KEPT:
                        _KEPT.clear()
                    _KEPT[key] = url
        if self.asvar:
            context[self.asvar] = url
            return ""
        return conditional_escape(url) if context.autoescape else url


@register.tag
def url(parser, token):
    node = django_url(parser, token)
    return CachedURLNode(node.view_name, node.args, node.kwargs, node.asvar)
