"""congress.caching.bump_on_commit and pending_on_commit: one hook per namespace and
transaction, each namespace bumped once, what the public sees only when asked."""

import pytest
from django.db import transaction

from congress import caching

pytestmark = pytest.mark.django_db


def test_one_hook_bumps_each_namespace_once(django_capture_on_commit_callbacks):
    before = {ns: caching.data_version(ns) for ns in ("meetings", "proposals", "proposals.public")}
    with django_capture_on_commit_callbacks() as hooks:
        with transaction.atomic():
            for _ in range(3):
                caching.bump_on_commit("meetings")
                caching.bump_on_commit("proposals")
    assert len(hooks) == 2  # one per namespace, however many writes
    for hook in hooks:
        hook()
    assert caching.data_version("meetings") != before["meetings"]
    assert caching.data_version("proposals") != before["proposals"]
    assert caching.data_version("proposals.public") == before["proposals.public"]


def test_public_bumps_what_the_public_sees_of_the_apps_that_keep_it(django_capture_on_commit_callbacks):
    before = caching.data_version("proposals.public")
    with django_capture_on_commit_callbacks(execute=True):
        caching.bump_on_commit("meetings", public=True)  # no meetings.public: nothing more
        caching.bump_on_commit("proposals", public=True)
    assert caching.data_version("proposals.public") != before
    assert caching.version_key("meetings.public") not in caching.cache


def test_a_hook_run_early_lets_the_next_write_register_another(django_capture_on_commit_callbacks):
    gathered = []
    with django_capture_on_commit_callbacks() as hooks:
        connection = transaction.get_connection()
        first = len(connection.run_on_commit)
        caching.pending_on_commit("k", gathered.append)["a"] = 1
        caching.pending_on_commit("k", gathered.append)["b"] = 2
        _sids, hook, _robust = connection.run_on_commit[first]
        hook()  # run early, as a test may
        caching.pending_on_commit("k", gathered.append)["c"] = 3
    assert len(hooks) == 2 and gathered == [{"a": 1, "b": 2}]
    hooks[1]()
    assert gathered == [{"a": 1, "b": 2}, {"c": 3}]


def test_a_bump_is_not_carried_by_a_hook_registered_before(django_capture_on_commit_callbacks):
    # given a hook of another namespace registered before the captured block (a fixture's write)
    caching.bump_on_commit("meetings")
    before = caching.data_version("proposals")
    # when a write of proposals is captured and its hooks run
    with django_capture_on_commit_callbacks(execute=True):
        caching.bump_on_commit("proposals")
    # then proposals was bumped
    assert caching.data_version("proposals") != before
