import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from appointments import services
from appointments.models import LawExam, Nomination, NominationEvent, Vacancy
from appointments.tests.conftest import EXAM_DAY, PUBLICITY_START, VOTE_DAY, advance, committee
from appointments.tests.factories import NominationFactory, VacancyFactory
from congress.exceptions import ApplicationError, InvalidTransition, PermissionDeniedError
from congress.models import CalendarDay, Notification, Rule

S = Nomination.Status


def test_full_pipeline_writes_each_step_and_an_event_per_change(nomination, staff):
    # when
    advance(nomination, S.SWORN, actor=staff)

    # then
    nomination.refresh_from_db()
    assert nomination.status == S.SWORN
    assert nomination.exams.get().passed is True
    assert nomination.publicity.end_date == dt.date(2026, 6, 8)
    assert nomination.vote.outcome == "approved"
    assert nomination.oath.text_version == services.DEFAULT_OATH_TEXT_VERSION
    events = list(NominationEvent.objects.filter(nomination=nomination).values_list("from_state", "to_state"))
    assert events == [  # the factory made the nomination; nomination_create writes the first row
        (S.NOMINATED, S.EXAM_PASSED),
        (S.EXAM_PASSED, S.PUBLICITY),
        (S.PUBLICITY, S.APPROVED),
        (S.APPROVED, S.SWORN),
    ]
    assert set(NominationEvent.objects.values_list("actor", flat=True)) == {staff.pk}
    assert nomination.history.count() == 5  # created + four status changes


def test_nomination_create_registers_event_and_links_vacancy(term, staff):
    vacancy = VacancyFactory(term=term)
    body = NominationFactory.build().nominating_body
    body.save()

    nomination = services.nomination_create(
        actor=staff,
        term=term,
        kind=Nomination.Kind.ELECTION,
        person_name="  张三 ",
        gender="male",
        proposed_post="区人大常委会委员",
        nominating_body=body,
        nominated_on=dt.date(2026, 9, 1),
        vacancy=vacancy,
    )

    assert nomination.person_name == "张三"
    assert nomination.events.get().to_state == S.NOMINATED
    vacancy.refresh_from_db()
    assert vacancy.nomination == nomination


def test_nomination_create_rejects_future_date_with_field_error(term, staff, nomination):
    with pytest.raises(ApplicationError) as exc:
        services.nomination_create(
            actor=staff,
            term=term,
            kind=Nomination.Kind.APPOINTMENT,
            person_name="张三",
            gender="male",
            proposed_post="局长",
            nominating_body=nomination.nominating_body,
            nominated_on=timezone.localdate() + dt.timedelta(days=1),
        )
    assert "nominated_on" in exc.value.extra


@pytest.mark.parametrize(("score", "passed"), [(60, True), (Decimal("59.5"), False), (100, True), (0, False)])
def test_exam_passes_at_the_default_pass_mark(nomination, staff, score, passed):
    exam = services.nomination_record_exam(
        actor=staff, nomination_id=nomination.pk, exam_date=EXAM_DAY, score=score
    )

    assert exam.pass_mark == 60
    assert exam.passed is passed
    nomination.refresh_from_db()
    assert nomination.status == (S.EXAM_PASSED if passed else S.EXAM_FAILED)


def test_exam_pass_mark_comes_from_the_rule_and_is_kept_on_the_record(nomination, staff):
    # given: staff raised the pass mark
    Rule.objects.create(key="appointments.exam_pass_mark", value=80)

    # when
    exam = services.nomination_record_exam(
        actor=staff, nomination_id=nomination.pk, exam_date=EXAM_DAY, score=75
    )

    # then
    assert (exam.pass_mark, exam.passed) == (80, False)
    Rule.objects.update_or_create(key="appointments.exam_pass_mark", defaults={"value": 70})
    exam.refresh_from_db()
    assert (exam.pass_mark, exam.passed) == (80, False)  # an old result is not rewritten


def test_failed_exam_may_be_retaken(nomination, staff):
    advance(nomination, S.EXAM_FAILED, actor=staff)

    services.nomination_record_exam(actor=staff, nomination_id=nomination.pk, exam_date=EXAM_DAY, score=90)

    nomination.refresh_from_db()
    assert nomination.status == S.EXAM_PASSED
    assert LawExam.objects.filter(nomination=nomination).count() == 2


@pytest.mark.parametrize(
    ("field", "kwargs"),
    [
        ("score", {"exam_date": EXAM_DAY, "score": 101}),
        ("score", {"exam_date": EXAM_DAY, "score": -1}),
        ("exam_date", {"exam_date": dt.date(2026, 5, 1), "score": 80}),  # before the nomination
        ("exam_date", {"exam_date": "tomorrow", "score": 80}),  # tomorrow when the test runs
    ],
)
def test_exam_rejects_bad_input_with_field_errors(nomination, staff, field, kwargs):
    if kwargs["exam_date"] == "tomorrow":  # not at collection: a run may cross midnight (UTC+8)
        kwargs = {**kwargs, "exam_date": timezone.localdate() + dt.timedelta(days=1)}
    with pytest.raises(ApplicationError) as exc:
        services.nomination_record_exam(actor=staff, nomination_id=nomination.pk, **kwargs)
    assert field in exc.value.extra
    nomination.refresh_from_db()
    assert nomination.status == S.NOMINATED


def test_publicity_before_the_exam_is_an_invalid_transition(nomination, staff):
    with pytest.raises(InvalidTransition) as exc:
        services.nomination_start_publicity(
            actor=staff, nomination_id=nomination.pk, text="承诺", start_date=PUBLICITY_START
        )
    assert exc.value.code == "invalid_transition"
    assert "已提名" in str(exc.value.message)


@pytest.mark.parametrize(
    ("start", "days", "end"),
    [
        (dt.date(2026, 11, 20), 5, dt.date(2026, 11, 25)),  # Friday + 5 = Wednesday, a working day
        (dt.date(2026, 11, 23), 5, dt.date(2026, 11, 30)),  # Monday + 5 = Saturday → Monday
        (dt.date(2026, 11, 20), 7, dt.date(2026, 11, 27)),  # the rule changed to 7 days
        (dt.date(2026, 9, 28), 5, dt.date(2026, 10, 8)),  # ends in the National Day holiday
    ],
)
def test_publicity_end_date_is_start_plus_rule_days_moved_past_rest_days(term, staff, start, days, end):
    # given
    nomination = NominationFactory(term=term, nominated_on=dt.date(2026, 5, 4))
    advance(nomination, S.EXAM_PASSED, actor=staff)
    if days != 5:
        Rule.objects.create(key="appointments.publicity_days", value=days)

    # when
    publicity = services.nomination_start_publicity(
        actor=staff, nomination_id=nomination.pk, text="本人郑重承诺", start_date=start
    )

    # then
    assert (publicity.days, publicity.end_date) == (days, end)


def test_publicity_end_date_respects_staff_calendar_overrides(nomination, staff):
    advance(nomination, S.EXAM_PASSED, actor=staff)
    CalendarDay.objects.create(date=dt.date(2026, 6, 8), is_workday=False, name="演示停工日")

    publicity = services.nomination_start_publicity(
        actor=staff, nomination_id=nomination.pk, text="承诺", start_date=PUBLICITY_START
    )

    assert publicity.end_date == dt.date(2026, 6, 9)


def test_publicity_needs_text_and_notifies_staff_and_members_after_commit(
    nomination, staff, member_user, deputy_user, django_capture_on_commit_callbacks
):
    advance(nomination, S.EXAM_PASSED, actor=staff)
    with pytest.raises(ApplicationError) as exc:
        services.nomination_start_publicity(
            actor=staff, nomination_id=nomination.pk, text="  ", start_date=PUBLICITY_START
        )
    assert "text" in exc.value.extra

    with django_capture_on_commit_callbacks(execute=True):
        services.nomination_start_publicity(
            actor=staff, nomination_id=nomination.pk, text="承诺", start_date=PUBLICITY_START
        )

    key = f"appointments:nomination:{nomination.pk}:publicity"
    assert set(Notification.objects.filter(key=key).values_list("recipient", flat=True)) == {
        staff.pk,
        member_user.pk,
    }


def test_vote_before_the_publicity_period_ends_is_refused(nomination, staff):
    advance(nomination, S.PUBLICITY, actor=staff)

    with pytest.raises(ApplicationError) as exc:
        services.nomination_record_vote(
            actor=staff,
            nomination_id=nomination.pk,
            vote_date=dt.date(2026, 6, 8),  # the last day of the publicity
            members_total=30,
            votes_for=30,
            votes_against=0,
            votes_abstain=0,
        )
    assert exc.value.code == "publicity_not_ended"


@pytest.mark.parametrize(
    ("votes_for", "outcome", "status"), [(15, "rejected", S.REJECTED), (16, "approved", S.APPROVED)]
)
def test_vote_passes_with_more_than_half_of_all_members(nomination, staff, votes_for, outcome, status):
    advance(nomination, S.PUBLICITY, actor=staff)

    vote = services.nomination_record_vote(
        actor=staff,
        nomination_id=nomination.pk,
        vote_date=VOTE_DAY,
        members_total=30,
        votes_for=votes_for,
        votes_against=0,
        votes_abstain=2,
    )

    assert vote.outcome == outcome
    nomination.refresh_from_db()
    assert nomination.status == status


def test_vote_counts_against_the_serving_members_by_default(term, nomination, staff):
    committee(term, 9)
    advance(nomination, S.PUBLICITY, actor=staff)

    vote = services.nomination_record_vote(
        actor=staff,
        nomination_id=nomination.pk,
        vote_date=VOTE_DAY,
        votes_for=5,
        votes_against=4,
        votes_abstain=0,
    )

    assert (vote.members_total, vote.outcome) == (9, "approved")


def test_vote_rejects_counts_above_the_total_and_a_missing_total(nomination, staff):
    advance(nomination, S.PUBLICITY, actor=staff)
    with pytest.raises(ApplicationError) as exc:
        services.nomination_record_vote(
            actor=staff,
            nomination_id=nomination.pk,
            vote_date=VOTE_DAY,
            members_total=10,
            votes_for=8,
            votes_against=2,
            votes_abstain=1,
        )
    assert "votes_for" in exc.value.extra
    with pytest.raises(ApplicationError) as exc:
        services.nomination_record_vote(
            actor=staff,
            nomination_id=nomination.pk,
            vote_date=VOTE_DAY,
            votes_for=1,
            votes_against=0,
            votes_abstain=0,
        )
    assert "members_total" in exc.value.extra


def test_vote_at_a_meeting_takes_the_meeting_date(nomination, staff, term):
    from meetings.tests.factories import MeetingFactory

    meeting = MeetingFactory(term=term, starts_at=timezone.make_aware(dt.datetime(2026, 6, 25, 9)))
    advance(nomination, S.PUBLICITY, actor=staff)

    vote = services.nomination_record_vote(
        actor=staff,
        nomination_id=nomination.pk,
        vote_date=None,
        meeting=meeting,
        members_total=30,
        votes_for=20,
        votes_against=0,
        votes_abstain=0,
    )

    assert (vote.vote_date, vote.meeting) == (dt.date(2026, 6, 25), meeting)


def test_approval_reminds_staff_to_arrange_the_oath(nomination, staff, django_capture_on_commit_callbacks):
    advance(nomination, S.PUBLICITY, actor=staff)
    with django_capture_on_commit_callbacks(execute=True):
        advance(nomination, S.APPROVED, actor=staff)

    notice = Notification.objects.get(key=f"appointments:nomination:{nomination.pk}:oath-due")
    assert notice.recipient == staff


def test_oath_only_after_approval_and_fills_the_vacancy(term, nomination, staff):
    vacancy = VacancyFactory(term=term, nomination=nomination)
    with pytest.raises(InvalidTransition) as exc:
        services.nomination_record_oath(
            actor=staff, nomination_id=nomination.pk, oath_date=VOTE_DAY, administered_by="主任"
        )
    assert exc.value.code == "invalid_transition"

    advance(nomination, S.SWORN, actor=staff)

    vacancy.refresh_from_db()
    assert vacancy.filled_on == VOTE_DAY


def test_oath_needs_someone_administering_it_and_a_date_after_the_vote(nomination, staff):
    advance(nomination, S.APPROVED, actor=staff)
    with pytest.raises(ApplicationError) as exc:
        services.nomination_record_oath(
            actor=staff, nomination_id=nomination.pk, oath_date=VOTE_DAY, administered_by=" "
        )
    assert "administered_by" in exc.value.extra
    with pytest.raises(ApplicationError) as exc:
        services.nomination_record_oath(
            actor=staff,
            nomination_id=nomination.pk,
            oath_date=VOTE_DAY - dt.timedelta(days=1),
            administered_by="主任",
        )
    assert "oath_date" in exc.value.extra


def test_removal_goes_straight_to_the_vote_without_exam_or_oath(term, staff):
    removal = NominationFactory(term=term, kind=Nomination.Kind.REMOVAL)
    with pytest.raises(InvalidTransition):
        services.nomination_record_exam(actor=staff, nomination_id=removal.pk, exam_date=EXAM_DAY, score=90)

    services.nomination_record_vote(
        actor=staff,
        nomination_id=removal.pk,
        vote_date=VOTE_DAY,
        members_total=30,
        votes_for=25,
        votes_against=0,
        votes_abstain=0,
    )

    removal.refresh_from_db()
    assert removal.status == S.APPROVED
    with pytest.raises(InvalidTransition):
        services.nomination_record_oath(
            actor=staff, nomination_id=removal.pk, oath_date=VOTE_DAY, administered_by="主任"
        )


def test_withdraw_needs_a_reason_frees_the_vacancy_and_is_final(term, nomination, staff):
    vacancy = VacancyFactory(term=term, nomination=nomination)
    with pytest.raises(ApplicationError) as exc:
        services.nomination_withdraw(actor=staff, nomination_id=nomination.pk, reason="")
    assert "reason" in exc.value.extra

    services.nomination_withdraw(actor=staff, nomination_id=nomination.pk, reason="提请机关撤回")

    nomination.refresh_from_db()
    vacancy.refresh_from_db()
    assert nomination.status == S.WITHDRAWN
    assert vacancy.nomination is None
    assert nomination.events.last().note == "提请机关撤回"
    with pytest.raises(InvalidTransition):
        services.nomination_withdraw(actor=staff, nomination_id=nomination.pk, reason="再次")


def test_sworn_nomination_cannot_be_withdrawn(nomination, staff):
    advance(nomination, S.SWORN, actor=staff)
    with pytest.raises(InvalidTransition) as exc:
        services.nomination_withdraw(actor=staff, nomination_id=nomination.pk, reason="x")
    assert "已宣誓就职" in str(exc.value.message)


@pytest.mark.parametrize("who", ["deputy_user", "officer", "member_user"])
def test_only_staff_move_a_nomination(request, nomination, who):
    actor = request.getfixturevalue(who)
    with pytest.raises(PermissionDeniedError):
        services.nomination_record_exam(
            actor=actor, nomination_id=nomination.pk, exam_date=EXAM_DAY, score=90
        )
    nomination.refresh_from_db()
    assert nomination.status == S.NOMINATED
    assert not LawExam.objects.exists()


def test_the_timeline_names_each_action_and_its_states(nomination, staff):
    # given: a nomination registered through the service, taken to the oath
    created = services.nomination_create(
        actor=staff,
        term=nomination.term,
        kind=Nomination.Kind.APPOINTMENT,
        person_name="张三",
        gender="male",
        proposed_post="区民政局局长",
        nominating_body=nomination.nominating_body,
        nominated_on=dt.date(2026, 5, 4),
    )

    # when
    advance(created, S.SWORN, actor=staff)

    # then
    events = list(created.events.all())
    assert [(e.action, e.from_state, e.to_state) for e in events] == [
        ("nominate", "", S.NOMINATED),
        ("exam", S.NOMINATED, S.EXAM_PASSED),
        ("publicity", S.EXAM_PASSED, S.PUBLICITY),
        ("vote", S.PUBLICITY, S.APPROVED),
        ("oath", S.APPROVED, S.SWORN),
    ]
    assert (events[0].action_label, events[0].from_label, events[0].to_label) == ("提请任免", "", "已提名")
    assert (events[3].action_label, events[3].to_label) == ("登记表决结果", "表决通过")
    assert events[1].note == "成绩 85 分，合格线 60 分"
    assert created.history.first().history_user == staff


@pytest.mark.parametrize(
    "call",
    [
        lambda n: services.nomination_record_exam(
            actor=None, nomination_id=n.pk, exam_date=EXAM_DAY, score=90
        ),
        lambda n: services.nomination_withdraw(actor=None, nomination_id=n.pk, reason="撤回"),
        lambda n: services.nomination_update(actor=None, nomination_id=n.pk, proposed_post="局长"),
        lambda n: services.nomination_create(
            actor=None,
            term=n.term,
            kind=Nomination.Kind.APPOINTMENT,
            person_name="张三",
            gender="male",
            proposed_post="局长",
            nominating_body=n.nominating_body,
            nominated_on=dt.date(2026, 5, 4),
        ),
        lambda n: services.committee_member_create(
            actor=None, term=n.term, name="赵一", position="member", start_date=dt.date(2021, 1, 15)
        ),
        lambda n: services.vacancy_create(
            actor=None, term=n.term, position="member", since=dt.date(2026, 8, 31)
        ),
    ],
)
def test_a_service_called_without_an_actor_is_refused(nomination, call):
    with pytest.raises(PermissionDeniedError):
        call(nomination)

    nomination.refresh_from_db()
    assert nomination.status == S.NOMINATED
    assert Nomination.objects.count() == 1 and not LawExam.objects.exists() and not Vacancy.objects.exists()


def test_nomination_update_edits_description_but_not_status(nomination, staff):
    services.nomination_update(actor=staff, nomination_id=nomination.pk, proposed_post="区民政局局长")
    nomination.refresh_from_db()
    assert nomination.proposed_post == "区民政局局长"
    with pytest.raises(ApplicationError) as exc:
        services.nomination_update(actor=staff, nomination_id=nomination.pk, status=S.SWORN)
    assert exc.value.code == "not_editable"


def test_member_leave_opens_a_vacancy_and_link_checks_the_nomination(term, nomination, staff):
    member = committee(term, 1)[0]

    vacancy = services.committee_member_leave(
        actor=staff, member_id=member.pk, end_date=dt.date(2026, 8, 31), reason="到龄退休"
    )

    member.refresh_from_db()
    assert (member.is_active, member.end_date) == (False, dt.date(2026, 8, 31))
    assert (vacancy.position, vacancy.since, vacancy.left_member) == (
        member.position,
        dt.date(2026, 8, 31),
        member,
    )
    with pytest.raises(ApplicationError):
        services.committee_member_leave(actor=staff, member_id=member.pk, end_date=dt.date(2026, 9, 1))
    services.nomination_withdraw(actor=staff, nomination_id=nomination.pk, reason="撤回")
    with pytest.raises(ApplicationError) as exc:
        services.vacancy_link_nomination(actor=staff, vacancy_id=vacancy.pk, nomination_id=nomination.pk)
    assert "nomination" in exc.value.extra
    assert Vacancy.objects.get(pk=vacancy.pk).nomination is None


def test_committee_member_expertise_must_be_rule_keys(term, staff):
    with pytest.raises(ApplicationError) as exc:
        services.committee_member_create(
            actor=staff,
            term=term,
            name="赵一",
            position="member",
            start_date=dt.date(2021, 1, 15),
            expertise=["law", "astrology"],
        )
    assert "expertise" in exc.value.extra
