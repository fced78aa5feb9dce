"""The opinion's life through the services: layers, closing, the citizen's verdict, reopening,
and the refusals."""

import pytest
from django.utils import timezone

from congress.exceptions import ApplicationError, InvalidTransition, PermissionDeniedError
from congress.models import Notification
from liaison import selectors, services
from liaison.models import Opinion
from liaison.tests.conftest import submit

pytestmark = pytest.mark.django_db
S = Opinion.State


def test_submit_gives_a_receipt_and_a_first_event(opinion, worker, deputy_user):
    # then
    assert opinion.receipt.startswith("MY") and len(opinion.receipt) == 10
    assert opinion.state == S.RECEIVED
    assert [e.action for e in opinion.events.all()] == ["create"]
    # the station's worker hears of it
    assert Notification.objects.filter(recipient=worker, key__contains=":new").exists()


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"content": "  "}, "content"),
        ({"mobile": "12345"}, "mobile"),
        ({"mobile": ""}, "mobile"),
        ({"category": None}, "category"),
    ],
)
def test_bad_input_is_refused_in_chinese(station, category, values, field):
    values = {"category": category, **values}
    with pytest.raises(ApplicationError) as caught:
        submit(station, values.pop("category"), **values)
    assert field in caught.value.extra
    assert any("\u4e00" <= ch <= "\u9fff" for ch in str(caught.value.extra[field][0]))


def test_on_the_spot_closes_straight_away(opinion, worker):
    closed = services.opinion_close(actor=worker, opinion=opinion, result="已当场答复")
    assert closed.state == S.CLOSED and closed.layer == Opinion.Layer.ON_THE_SPOT and closed.closed_at


def test_street_layer_goes_to_the_street(opinion, worker):
    routed = services.opinion_route(actor=worker, opinion=opinion, layer="street")
    assert routed.state == S.HANDLING and routed.unit == opinion.street and routed.deadline is None


def test_department_layer_is_tracked_with_a_deadline_and_the_unit_may_close(opinion, worker, unit, officer):
    # when
    routed = services.opinion_route(actor=worker, opinion=opinion, layer="department", unit=unit)
    # then
    assert routed.unit == unit and routed.deadline > timezone.localdate()
    assert Notification.objects.filter(recipient=officer, key__contains=":routed:").exists()
    assert selectors.opinions_visible_to(officer).filter(pk=opinion.pk).exists()
    closed = services.opinion_close(actor=officer, opinion=routed, result="已设置临时停车区")
    assert closed.state == S.CLOSED


def test_department_layer_needs_a_unit(opinion, worker):
    with pytest.raises(ApplicationError) as caught:
        services.opinion_route(actor=worker, opinion=opinion, layer="department")
    assert "unit" in caught.value.extra


def test_suggestion_layer_makes_a_proposal_draft_linked_both_ways(station, category, deputy, deputy_user):
    opinion = submit(station, category, deputy=deputy)
    routed = services.opinion_route(actor=deputy_user, opinion=opinion, layer="suggestion")
    proposal = routed.proposal
    assert proposal is not None and proposal.lead_deputy == deputy and proposal.state == "draft"
    assert list(proposal.liaison_opinions.all()) == [routed]
    assert opinion.receipt in proposal.content


def test_a_worker_may_not_turn_it_into_a_suggestion(station, category, deputy, worker):
    opinion = submit(station, category, deputy=deputy)
    with pytest.raises(PermissionDeniedError):
        services.opinion_route(actor=worker, opinion=opinion, layer="suggestion")


def test_another_stations_worker_may_not_route(opinion, other_worker):
    with pytest.raises(PermissionDeniedError):
        services.opinion_route(actor=other_worker, opinion=opinion, layer="street")


def test_confirm_before_closing_is_refused(opinion):
    with pytest.raises(InvalidTransition):
        services.opinion_confirm(opinion=opinion, result="solved")


def test_solved_keeps_it_closed_and_only_once(opinion, worker):
    services.opinion_close(actor=worker, opinion=opinion, result="已修复")
    done = services.opinion_confirm(opinion=opinion, result="solved")
    assert done.state == S.CLOSED and done.citizen_result == "solved"
    with pytest.raises(ApplicationError) as caught:
        services.opinion_confirm(opinion=opinion, result="partly")
    assert caught.value.status_code == 409


def test_not_solved_reopens_and_tells_the_deputy(station, category, deputy, deputy_user, worker):
    # given
    opinion = submit(station, category, deputy=deputy)
    services.opinion_route(actor=worker, opinion=opinion, layer="street")
    services.opinion_close(actor=worker, opinion=opinion, result="已转告物业")
    # when
    reopened = services.opinion_confirm(opinion=opinion, result="not_solved", comment="没有变化")
    # then
    assert reopened.state == S.REOPENED and reopened.reopen_count == 1
    assert Notification.objects.filter(recipient=deputy_user, key__contains=":reopened:1").exists()
    # routed again and closed again, the citizen may say it again
    services.opinion_route(actor=worker, opinion=reopened, layer="department", unit=_dept())
    again = services.opinion_close(actor=worker, opinion=reopened, result="部门已督促整改")
    assert again.citizen_result == ""
    assert services.opinion_confirm(opinion=again, result="partly").citizen_result == "partly"


def _dept():
    from congress.tests.factories import OrganizationFactory

    return OrganizationFactory(name="区建设和管理委员会")


def test_liaison_counts_for_the_record(station, category, deputy, worker):
    from liaison.tests.factories import ReceptionFactory

    now = timezone.now()
    past = ReceptionFactory(station=station, starts_at=now - timezone.timedelta(days=2), deputies=[deputy])
    ReceptionFactory(station=station, deputies=[deputy])  # not held yet
    opinion = submit(station, category, deputy=deputy)
    submit(station, category, deputy=deputy)
    services.opinion_close(actor=worker, opinion=opinion, result="已答复")
    counts = selectors.deputy_liaison_counts(deputy, past.starts_at.year)
    assert counts["receptions_held"] == 1
    assert counts["opinions_collected"] == 2 and counts["opinions_closed"] == 1


def test_department_deadline_reminders_and_overdue_once(opinion, worker, unit, officer, staff):
    from liaison.reminders import send_daily_reminders

    routed = services.opinion_route(actor=worker, opinion=opinion, layer="department", unit=unit)
    # the day before the deadline: one reminder to the unit's officer, once
    day_before = routed.deadline - timezone.timedelta(days=1)
    first = send_daily_reminders(today=day_before)
    assert first["reminders"] == 1 and send_daily_reminders(today=day_before)["reminders"] == 0
    # past it: overdue to the officer and staff, once
    late = routed.deadline + timezone.timedelta(days=1)
    assert send_daily_reminders(today=late)["overdue"] == 2
    assert send_daily_reminders(today=late)["overdue"] == 0
    assert Notification.objects.filter(recipient=staff, key__contains="overdue").exists()


def test_one_address_may_send_only_the_rules_number_a_day(station, category, settings):
    from congress.models import Rule

    Rule.objects.update_or_create(key="liaison.opinions_per_address", defaults={"value": 2})
    from congress import yearly

    yearly.forget(yearly.RULES_KEY)
    for _i in range(2):
        submit(station, category, address="10.0.0.1")
    with pytest.raises(ApplicationError) as caught:
        submit(station, category, address="10.0.0.1")
    assert caught.value.status_code == 429
    assert submit(station, category, address="10.0.0.2").address_digest  # another address is fine
