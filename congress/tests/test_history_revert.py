"""An official record changes through its forms and services, which keep the history and the
workflow's events — never by replaying an old version from the history page. simple-history's
version page saves whatever is POSTed to it for anyone who may merely *view* the record, and its
"revert" would set a proposal's state back without a transition; both are shut here, while the
page still shows the old version."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from congress.models import NewsItem
from congress.tests.factories import NewsItemFactory, UserFactory

pytestmark = pytest.mark.django_db


def _version_url(item):
    version = item.history.earliest()
    return reverse("admin:congress_newsitem_simple_history", args=[item.pk, version.history_id])


def _form(item, **changes):
    data = {
        "kind": item.kind,
        "title": item.title,
        "summary": item.summary,
        "body": item.body,
        "issue_number": item.issue_number,
        "is_published": "on" if item.is_published else "",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value != ""}


@pytest.fixture
def news():
    item = NewsItemFactory(title="原标题")
    item.title = "改后的标题"
    item.save()
    return item


def test_a_reader_with_view_permission_cannot_change_the_record_through_a_version_page(client, news):
    reader = UserFactory(is_staff=True)
    reader.user_permissions.add(Permission.objects.get(codename="view_newsitem"))
    client.force_login(reader)

    response = client.post(_version_url(news), _form(news, title="读者改的"))

    assert response.status_code == 403
    assert NewsItem.objects.get(pk=news.pk).title == "改后的标题"


def test_staff_who_may_change_the_record_cannot_revert_it_either(client, news):
    editor = UserFactory(is_staff=True)
    editor.user_permissions.add(*Permission.objects.filter(codename__in=["view_newsitem", "change_newsitem"]))
    client.force_login(editor)

    response = client.post(_version_url(news), _form(news, title="原标题"))

    assert response.status_code == 403
    assert NewsItem.objects.get(pk=news.pk).title == "改后的标题"


def test_the_old_version_is_still_shown_without_a_revert_button(client, news):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    html = client.get(_version_url(news)).content.decode()

    assert "原标题" in html
    assert 'name="_save"' not in html
