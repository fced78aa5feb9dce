import datetime as dt

import pytest
from django.utils import timezone

from supervision import services
from supervision.models import WorkReport
from supervision.tests.factories import WorkingCommitteeFactory, member_user

R = WorkReport.State


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def committee(db):
    return WorkingCommitteeFactory(name="区人大常委会教育科学文化卫生工作委员会")


@pytest.fixture
def members(db):
    return [member_user() for _ in range(4)]


@pytest.fixture
def member(members):
    return members[0]


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def report(staff, unit, today):
    return services.report_create(
        actor=staff,
        title="关于本区义务教育优质均衡发展情况的报告",
        unit=unit,
        due_date=today + dt.timedelta(days=30),
    )


def advance(report, to: str, *, staff, officer, unsatisfied: int = 0):
    """Move ``report`` through the services up to state ``to`` (requested → … → closed)."""
    path = [R.SUBMITTED, R.DELIBERATED, R.OPINIONS_SENT, R.RECTIFICATION_REPORTED, R.CLOSED]
    steps = {
        R.SUBMITTED: lambda r: services.report_submit(actor=officer, report=r, content="报告正文"),
        R.DELIBERATED: lambda r: services.report_deliberate(actor=staff, report=r),
        R.OPINIONS_SENT: lambda r: services.report_send_opinions(
            actor=staff, report=r, content="审议意见正文"
        ),
        R.RECTIFICATION_REPORTED: lambda r: (
            services.report_submit_rectification(actor=officer, report=r, content="整改情况").report
        ),
        R.CLOSED: lambda r: services.report_vote(
            actor=staff, report=r, satisfied=10, basically_satisfied=5, unsatisfied=unsatisfied
        ),
    }
    if to == R.RECTIFYING:
        report = advance(report, R.RECTIFICATION_REPORTED, staff=staff, officer=officer)
        return services.report_vote(
            actor=staff, report=report, satisfied=1, basically_satisfied=1, unsatisfied=9
        )
    for state in path:
        if report.state == to:
            break
        report = steps[state](report)
        report.refresh_from_db()
    assert report.state == to
    return report


# The inquiry tests' fixtures (meeting, inquiry, question, answered, commitment).
# The filing-review tests' fixture (a filed normative document).
from supervision.tests.filing_fixtures import filing  # noqa: E402, F401
from supervision.tests.inquiry_fixtures import answered, commitment, inquiry, meeting, question  # noqa: E402, F401
