"""Fixtures of the inquiry tests (imported by their modules): an open inquiry at a standing-
committee meeting, a question a member put to 区教育局, answered, and a commitment from it."""

import datetime as dt

import pytest

from meetings.tests.factories import MeetingFactory
from supervision import services
from supervision.models import InquiryQuestion

HEAD = InquiryQuestion.AnswererRole.HEAD
DEPUTY = InquiryQuestion.AnswererRole.DEPUTY_HEAD


@pytest.fixture
def meeting(db):
    return MeetingFactory(title="区第十七届人大常委会第三十一次会议")


@pytest.fixture
def inquiry(staff, meeting, committee):
    return services.inquiry_create(
        actor=staff, title="关于学前教育普及普惠情况的专题询问", meeting=meeting, committee=committee
    )


@pytest.fixture
def question(inquiry, member, unit):
    return services.question_ask(
        actor=member, inquiry=inquiry, unit=unit, content="公办幼儿园学位缺口如何解决？"
    )


@pytest.fixture
def answered(question, officer):
    question.unit.deputy_head_name = "王副局长"
    question.unit.save()
    return services.question_answer(
        actor=officer, question=question, answer="三年内新建公办幼儿园8所。", answerer_role=DEPUTY
    )


@pytest.fixture
def commitment(answered, officer, today):
    return services.commitment_add(
        actor=officer,
        question=answered,
        content="2027年秋季前新增学位1200个",
        due_date=today + dt.timedelta(days=60),
    )
