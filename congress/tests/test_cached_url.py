"""{% url %} (congress.templatetags.cached_url): Django's answers, kept per view name and arguments."""

import pytest
from django.template import engines
from django.urls import NoReverseMatch, reverse

from congress.templatetags import cached_url


def render(source, **context):
    return engines["django"].from_string(source).render(context)


def test_url_is_the_builtin_and_answers_as_reverse():
    cached_url._KEPT.clear()
    # given the project's engine (the builtin replaces Django's {% url %})
    html = render(
        "{% url 'public:news-detail' pk %}|{% url 'public:news-detail' pk=pk %}|{% url name %}",
        pk=7,
        name="public:home",
    )
    # then
    assert (
        html
        == f"{reverse('public:news-detail', args=[7])}|{reverse('public:news-detail', kwargs={'pk': 7})}|/"
    )
    assert len(cached_url._KEPT) == 3
    # and the kept answer is served again, per argument
    assert render("{% url 'public:news-detail' 8 %}") == reverse("public:news-detail", args=[8])


def test_failures_are_djangos_and_not_kept():
    cached_url._KEPT.clear()
    with pytest.raises(NoReverseMatch):
        render("{% url 'public:no-such-page' %}")
    assert render("{% url 'public:no-such-page' as u %}[{{ u }}]") == "[]"
    assert cached_url._KEPT == {}


def test_true_is_not_taken_for_the_kept_1():
    cached_url._KEPT.clear()
    assert render("{% url 'public:news-detail' pk %}", pk=1) == reverse("public:news-detail", args=[1])
    # True == 1 as a key, but Django reverses it as "True", which an int pattern refuses
    with pytest.raises(NoReverseMatch):
        render("{% url 'public:news-detail' pk %}", pk=True)
    with pytest.raises(NoReverseMatch):
        render("{% url 'public:news-detail' pk=pk %}", pk=True)
    assert render("{% url 'public:news-detail' pk=pk %}", pk=1) == reverse("public:news-detail", args=[1])


def test_an_object_argument_is_reversed_each_time():
    cached_url._KEPT.clear()

    class Pk:
        def __init__(self, value):
            self.value = value

        def __str__(self):
            return str(self.value)

    assert render("{% url 'public:news-detail' obj %}", obj=Pk(3)) == reverse("public:news-detail", args=[3])
    assert cached_url._KEPT == {}


def test_as_sets_the_variable_instead_of_writing():
    assert render("{% url 'public:home' as home %}[{{ home }}]") == "[/]"


def test_another_urlconf_forgets_the_kept_urls(settings):
    render("{% url 'public:home' %}")
    assert cached_url._KEPT
    settings.ROOT_URLCONF = "congress.urls"
    assert cached_url._KEPT == {}
