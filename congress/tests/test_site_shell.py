"""{% memo %}: the shell's pieces rendered once per language and named values (issue 16)."""

import pytest
from django.template import Context, Engine, TemplateSyntaxError
from django.utils import translation

ENGINE = Engine(
    libraries={"site_shell": "congress.templatetags.site_shell"}, builtins=["django.templatetags.i18n"]
)


def test_memo_renders_once_per_language_and_named_values():
    # given a memo that names `a` but not `b`
    template = ENGINE.from_string(
        '{% load site_shell %}{% memo "x" a %}{{ a }}-{{ b }}-{% translate "首页" %}{% endmemo %}'
    )
    with translation.override("zh-hans"):
        first = template.render(Context({"a": 1, "b": 1}))
        # when only the unnamed value changes, then the kept HTML is served
        assert template.render(Context({"a": 1, "b": 2})) == first == "1-1-首页"
        # when a named value changes, then it renders again
        assert template.render(Context({"a": 2, "b": 2})) == "2-2-首页"
    # when the language changes, then it renders again in that language
    with translation.override("en"):
        assert template.render(Context({"a": 1, "b": 3})) == "1-3-Home"
    with translation.override("zh-hans"):
        assert template.render(Context({"a": 1, "b": 4})) == "1-1-首页"


def test_memo_output_is_not_escaped_again():
    template = ENGINE.from_string(
        '{% load site_shell %}<p>{% memo "x" %}<a href="/">{{ t }}</a>{% endmemo %}</p>'
    )
    assert template.render(Context({"t": "<&>"})) == '<p><a href="/">&lt;&amp;&gt;</a></p>'


@pytest.mark.parametrize(
    "body",
    [
        "{% block b %}x{% endblock %}",
        "{% csrf_token %}",
        "{{ request.get_full_path }}",
        "{% if user.is_authenticated %}x{% endif %}",
        "{{ messages }}",
        "{% for g in user.groups.all %}{{ g }}{% endfor %}",
        "{% with u=user.username %}{{ u }}{% endwith %}",
        "{% blocktranslate with n=user.username %}你好{{ n }}{% endblocktranslate %}",
        "{% blocktranslate %}你好{{ user }}{% endblocktranslate %}",
        "{% firstof request.path %}",
        "{{ x|default:request.path }}",
        "{% url 'public:news-detail' request.GET.page %}",
        "{% if a %}{% for x in b %}{{ x|add:perms.y }}{% endfor %}{% endif %}",
        '{% include "includes/pager.html" %}',
    ],
)
def test_memo_refuses_what_is_per_request(body):
    with pytest.raises(TemplateSyntaxError):
        ENGINE.from_string('{% load site_shell %}{% memo "x" %}' + body + "{% endmemo %}")


def test_memo_lets_what_is_not_per_request_compile():
    source = (
        '{% load site_shell %}{% memo "x" a %}{% for g in groups %}{{ g|default:a }}{% endfor %}'
        '{% with u=a %}{{ u }}{% endwith %}{% firstof a "-" %}{% url "public:home" as home %}'
        "{{ home }}{% endmemo %}"
    )
    assert ENGINE.from_string(source).render(Context({"a": "A", "groups": [""]})) == "AAA/"


def test_memo_keeps_a_bounded_number_of_variants():
    template = ENGINE.from_string('{% load site_shell %}{% memo "x" a %}{{ a }}{% endmemo %}')
    for value in range(100):
        assert template.render(Context({"a": value})) == str(value)
    node = template.nodelist.get_nodes_by_type(type(template.nodelist[-1]))[0]
    assert len(node.rendered) <= 16
