import datetime as dt

import pytest

from appointments import services
from appointments.models import Nomination
from appointments.tests.factories import CommitteeMemberFactory, NominationFactory
from congress import roles
from congress.tests.factories import UserFactory

EXAM_DAY = dt.date(2026, 5, 20)
PUBLICITY_START = dt.date(2026, 6, 1)  # a Monday; 5 days later is a Saturday → Monday 8 June
VOTE_DAY = dt.date(2026, 6, 20)
OATH_DAY = dt.date(2026, 6, 20)

S = Nomination.Status


@pytest.fixture
def member_user(db):
    return UserFactory(username="member_user", roles=[roles.MEMBER])


@pytest.fixture
def nomination(term):
    return NominationFactory(term=term)


def committee(term, total: int, *, resident: int = 0, reappointed: int = 0, expertise=None):
    """``total`` serving members: the first ``resident`` resident, the first ``reappointed``
    re-appointed; ``expertise`` maps a code to how many members have it."""
    expertise = dict(expertise or {"law": 1, "finance": 1, "governance": 1})
    members = []
    for i in range(total):
        codes = [code for code, count in expertise.items() if i < count]
        members.append(
            CommitteeMemberFactory(
                term=term, is_resident=i < resident, is_reappointed=i < reappointed, expertise=codes
            )
        )
    return members


def advance(nomination: Nomination, to: str, *, actor) -> Nomination:
    """Drive a nomination through the services up to status ``to``, as ``actor`` (staff)."""
    order = [S.EXAM_PASSED, S.PUBLICITY, S.APPROVED, S.SWORN]
    if to == S.EXAM_FAILED:
        services.nomination_record_exam(
            actor=actor, nomination_id=nomination.pk, exam_date=EXAM_DAY, score=30
        )
        nomination.refresh_from_db()
        return nomination
    done = order.index(nomination.status) + 1 if nomination.status in order else 0
    for step in order[done : order.index(to) + 1]:
        if step == S.EXAM_PASSED:
            services.nomination_record_exam(
                actor=actor, nomination_id=nomination.pk, exam_date=EXAM_DAY, score=85
            )
        elif step == S.PUBLICITY:
            services.nomination_start_publicity(
                actor=actor, nomination_id=nomination.pk, text="本人郑重承诺……", start_date=PUBLICITY_START
            )
        elif step == S.APPROVED:
            services.nomination_record_vote(
                actor=actor,
                nomination_id=nomination.pk,
                vote_date=VOTE_DAY,
                members_total=30,
                votes_for=28,
                votes_against=1,
                votes_abstain=1,
            )
        elif step == S.SWORN:
            services.nomination_record_oath(
                actor=actor,
                nomination_id=nomination.pk,
                oath_date=OATH_DAY,
                administered_by="区人大常委会主任",
            )
    nomination.refresh_from_db()
    return nomination
