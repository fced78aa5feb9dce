"""Filing review (备案审查) through the services: lateness on the edge days, the review
deadline, article-by-article opinions, the three outcomes, the correction with its diff, the
walls, citizens' suggestions with receipts, statistics, the reminder scan, the expert pool."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from congress.casework.workflow import InvalidTransition
from congress.exceptions import ApplicationError, PermissionDeniedError
from congress.models import Notification
from congress.rules import Duration
from congress.workdays import deadline_after
from supervision import selectors_filings as sel
from supervision.models import Consultation, Expert, FilingSuggestion, NormativeDocument
from supervision.models_filings import split_articles, text_diff
from supervision.services import experts as expert_services
from supervision.services import filings as svc
from supervision.services.reminders import send_daily_reminders
from supervision.tests.filing_fixtures import TEXT

pytestmark = pytest.mark.django_db
F = NormativeDocument.State


def _file(officer, unit, *, published_on, today, number="徐教规〔2026〕9号"):
    return svc.filing_create(
        actor=officer,
        title="校外培训机构管理办法",
        doc_number=number,
        published_on=published_on,
        text=TEXT,
        unit=unit,
        today=today,
    )


# --- lateness ------------------------------------------------------------------------------------


def test_filed_on_the_last_day_is_on_time_and_a_day_later_is_late(officer, unit):
    # given a document published on a Monday whose 30th day is a working day
    published = dt.date(2026, 3, 2)
    due = svc.filing_due_date(published)
    assert due == deadline_after(published, Duration(30, "days"))
    # when it is filed on the last day, then on the day after (another document)
    on_time = _file(officer, unit, published_on=published, today=due, number="A1")
    late = _file(officer, unit, published_on=published, today=due + dt.timedelta(days=1), number="A2")
    # then the first is on time, the second one day late, flagged and noted on the timeline
    assert (on_time.late, on_time.days_late, on_time.filing_due) == (False, 0, due)
    assert (late.late, late.days_late) == (True, 1)
    assert "逾期报备 1 天" in late.events.get().note


def test_filed_on_the_day_of_publication_is_on_time(officer, unit):
    filing = _file(officer, unit, published_on=dt.date(2026, 3, 2), today=dt.date(2026, 3, 2))
    assert not filing.late


def test_the_filing_time_is_a_rule(officer, unit, settings):
    from congress.models import Rule

    Rule.objects.update_or_create(
        key="supervision.filing_deadline", defaults={"value": {"count": 10, "unit": "days"}}
    )
    published = dt.date(2026, 3, 2)
    filing = _file(officer, unit, published_on=published, today=dt.date(2026, 3, 20))
    assert filing.late and filing.filing_due == deadline_after(published, Duration(10, "days"))


def test_the_review_is_owed_by_the_rules_deadline(filing):
    assert filing.state == F.FILED
    assert filing.review_due == deadline_after(dt.date(2026, 3, 10), Duration(2, "months"))
    assert filing.deadline == filing.review_due


def test_bad_input_is_refused_in_chinese(officer, unit):
    cases = [
        ({"title": ""}, "title"),
        ({"doc_number": " "}, "doc_number"),
        ({"text": ""}, "text"),
        ({"published_on": None}, "published_on"),
        ({"published_on": dt.date(2026, 4, 1)}, "published_on"),  # after the filing day
    ]
    for change, field in cases:
        data = {
            "title": "办法",
            "doc_number": "X1",
            "published_on": dt.date(2026, 3, 1),
            "text": TEXT,
            "unit": unit,
            "today": dt.date(2026, 3, 5),
            **change,
        }
        with pytest.raises(ApplicationError) as exc:
            svc.filing_create(actor=officer, **data)
        assert field in exc.value.extra, field


def test_a_document_number_is_filed_once_per_unit(filing, officer, unit):
    with pytest.raises(ApplicationError) as exc:
        _file(
            officer,
            unit,
            published_on=dt.date(2026, 3, 2),
            today=dt.date(2026, 3, 10),
            number=filing.doc_number,
        )
    assert exc.value.code == "duplicate"


def test_an_officer_files_only_for_their_unit(officer, other_unit, deputy_user):
    with pytest.raises(PermissionDeniedError):
        _file(officer, other_unit, published_on=dt.date(2026, 3, 2), today=dt.date(2026, 3, 3))
    with pytest.raises(PermissionDeniedError):
        _file(deputy_user, other_unit, published_on=dt.date(2026, 3, 2), today=dt.date(2026, 3, 3))


def test_staff_enter_a_paper_filing_with_its_received_date(staff, unit):
    filing = svc.filing_create(
        actor=staff,
        title="办法",
        doc_number="X2",
        published_on=dt.date(2026, 1, 5),
        filed_on=dt.date(2026, 2, 20),
        text=TEXT,
        unit=unit,
        today=dt.date(2026, 3, 1),
    )
    assert filing.filed_on == dt.date(2026, 2, 20) and filing.late


def test_a_pdf_is_accepted_by_content_only(officer, unit):
    pdf = SimpleUploadedFile(
        "办法.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n%%EOF", "application/pdf"
    )
    filing = svc.filing_create(
        actor=officer,
        title="办法",
        doc_number="P1",
        published_on=dt.date(2026, 3, 2),
        text=TEXT,
        unit=unit,
        pdf=pdf,
    )
    assert filing.pdf.name.endswith(".pdf") and filing.pdf_name == "办法.pdf"
    fake = SimpleUploadedFile("x.pdf", b"<html>not a pdf</html>", "application/pdf")
    with pytest.raises(ApplicationError) as exc:
        svc.filing_create(
            actor=officer,
            title="办法",
            doc_number="P2",
            published_on=dt.date(2026, 3, 2),
            text=TEXT,
            unit=unit,
            pdf=fake,
        )
    assert "pdf" in exc.value.extra


# --- articles and review -------------------------------------------------------------------------


def test_the_text_splits_into_articles():
    articles = split_articles(TEXT)
    assert [a.label for a in articles] == ["第一条", "第二条", "第三条", "第四条"]
    assert articles[2].text.startswith("第三条 违反本办法")
    assert [a.label for a in split_articles("没有条文的通知全文")] == ["全文"]
    # a reference to another article inside a line does not start one
    assert len(split_articles("第一条 依照第五条执行。\n第二条 施行。")) == 2


def test_an_opinion_points_at_an_article(filing, staff):
    opinion = svc.filing_comment(
        actor=staff, filing=filing, article=3, content="行政处罚权不能设定给物业企业。"
    )
    assert (opinion.article, opinion.article_label) == (3, "第三条")
    with pytest.raises(ApplicationError) as exc:
        svc.filing_comment(actor=staff, filing=filing, article=9, content="x")
    assert exc.value.code == "bad_article"


def test_correction_requested_then_corrected_with_a_diff(filing, staff, officer):
    # given staff ask for a correction pointing at the third article
    filing = svc.filing_review(
        actor=staff,
        filing=filing,
        outcome="correction_requested",
        opinion="第三条设定罚款，超越权限。",
        article=3,
        today=dt.date(2026, 3, 20),
    )
    assert filing.state == F.CORRECTION_REQUESTED
    assert filing.correction_due == deadline_after(dt.date(2026, 3, 20), Duration(2, "months"))
    assert filing.opinions.get().article_label == "第三条"
    assert Notification.objects.filter(recipient=officer, key__endswith=":reviewed").exists()
    # when the unit submits the corrected text
    corrected = TEXT.replace("由物业服务企业处以每次二百元罚款", "由物业服务企业劝阻并报告有关部门")
    with pytest.raises(ApplicationError):
        svc.filing_submit_correction(actor=officer, filing=filing, corrected_text=TEXT)  # unchanged
    filing = svc.filing_submit_correction(
        actor=officer, filing=filing, corrected_text=corrected, note="删除罚款"
    )
    # then staff see what changed and accept it
    diff = text_diff(filing.text, filing.corrected_text)
    assert ("del", "第三条 违反本办法停放的，由物业服务企业处以每次二百元罚款。") in diff
    assert ("add", "第三条 违反本办法停放的，由物业服务企业劝阻并报告有关部门。") in diff
    assert sum(op != "same" for op, _line in diff) == 2
    filing = svc.filing_accept_correction(actor=staff, filing=filing)
    assert filing.state == F.CORRECTED and filing.closed_at


def test_sent_back_then_revoked(filing, staff, officer):
    filing = svc.filing_review(actor=staff, filing=filing, outcome="correction_requested", opinion="请纠正")
    filing = svc.filing_submit_correction(
        actor=officer, filing=filing, corrected_text=TEXT + "\n第五条 补充。"
    )
    with pytest.raises(ApplicationError):
        svc.filing_send_back(actor=staff, filing=filing, reason="")
    filing = svc.filing_send_back(actor=staff, filing=filing, reason="第三条未改")
    assert filing.state == F.CORRECTION_REQUESTED and filing.corrected_at is None
    filing = svc.filing_revoke(actor=staff, filing=filing, reason="逾期未纠正")
    assert filing.state == F.REVOKED and filing.outcome == "correction_requested"


@pytest.mark.parametrize("outcome", ["no_issue", "revoked"])
def test_no_issue_and_revoked_close_the_filing(filing, staff, outcome):
    filing = svc.filing_review(actor=staff, filing=filing, outcome=outcome, opinion="审查意见")
    assert filing.state == outcome and filing.closed_at and filing.deadline is None


def test_review_walls_states_and_input(filing, staff, officer):
    with pytest.raises(PermissionDeniedError):
        svc.filing_review(actor=officer, filing=filing, outcome="no_issue", opinion="x")
    with pytest.raises(ApplicationError) as exc:
        svc.filing_review(actor=staff, filing=filing, outcome="maybe", opinion="x")
    assert "outcome" in exc.value.extra
    with pytest.raises(ApplicationError) as exc:
        svc.filing_review(actor=staff, filing=filing, outcome="no_issue", opinion=" ")
    assert "opinion" in exc.value.extra
    with pytest.raises(InvalidTransition):
        svc.filing_submit_correction(actor=officer, filing=filing, corrected_text="x")
    svc.filing_review(actor=staff, filing=filing, outcome="no_issue", opinion="无问题")
    with pytest.raises(InvalidTransition):
        svc.filing_review(actor=staff, filing=filing, outcome="revoked", opinion="x")


def test_other_units_see_nothing(filing, other_officer, officer, member, deputy_user):
    assert list(sel.filing_list_visible_to(officer)) == [filing]
    assert not sel.filing_list_visible_to(other_officer).exists()
    assert not sel.filing_list_visible_to(deputy_user).exists()
    assert list(sel.filing_list_visible_to(member)) == [filing]


# --- suggestions ---------------------------------------------------------------------------------


def test_a_citizen_suggests_and_reads_the_answer_by_receipt(filing, staff):
    suggestion = svc.suggestion_submit(
        filing=filing, content="第三条设定罚款不当。", article=3, mobile="13800138000", address="10.0.0.1"
    )
    assert suggestion.receipt.startswith("BA") and len(suggestion.receipt) == 12
    assert suggestion.article_label == "第三条" and suggestion.address_digest != "10.0.0.1"
    assert sel.suggestion_by_receipt(suggestion.receipt.lower()) == suggestion
    answered = svc.suggestion_answer(
        actor=staff, suggestion=suggestion, result="adopted", answer="已要求纠正。"
    )
    assert answered.state == FilingSuggestion.State.ANSWERED
    with pytest.raises(InvalidTransition):
        svc.suggestion_answer(actor=staff, suggestion=answered, result="adopted", answer="再答")


def test_suggestion_bad_input_and_limit(filing, officer):
    with pytest.raises(ApplicationError) as exc:
        svc.suggestion_submit(filing=filing, content="x", mobile="12345")
    assert "mobile" in exc.value.extra
    with pytest.raises(ApplicationError) as exc:
        svc.suggestion_submit(filing=filing, content="")
    assert "content" in exc.value.extra
    with pytest.raises(ApplicationError):
        svc.suggestion_submit(filing=filing, content="x", article=99)
    with pytest.raises(PermissionDeniedError):
        svc.suggestion_answer(
            actor=officer,
            suggestion=svc.suggestion_submit(filing=filing, content="x"),
            result="adopted",
            answer="x",
        )
    from congress.models import Rule

    Rule.objects.update_or_create(key="supervision.filing_suggestions_per_address", defaults={"value": 2})
    svc.suggestion_submit(filing=filing, content="一", address="10.0.0.9")
    svc.suggestion_submit(filing=filing, content="二", address="10.0.0.9")
    with pytest.raises(svc.TooManySuggestions):
        svc.suggestion_submit(filing=filing, content="三", address="10.0.0.9")


def test_renaming_the_unit_refreshes_the_register_search(filing, unit, other_unit, officer):
    # given: a filing found by its unit's name, and another unit's filing
    other = _file(officer, unit, published_on=dt.date(2026, 3, 2), today=dt.date(2026, 3, 5), number="X2")
    old_name = unit.name
    assert {f.pk for f in sel.register(search=old_name)} == {filing.pk, other.pk}
    # when: the unit is renamed (as the admin saves it)
    unit.name = "区新命名局"
    unit.save()
    # then: its filings are found by the new name, no longer by the old one
    assert {f.pk for f in sel.register(search="新命名局")} == {filing.pk, other.pk}
    assert not sel.register(search=old_name).exists()
    filing.refresh_from_db()
    assert filing.search_text == NormativeDocument.search_text_of(
        filing.title, filing.doc_number, "区新命名局"
    )
    # saving it again under the same name, or renaming another unit, leaves them
    unit.save()
    other_unit.name = "另一个新名字"
    other_unit.save()
    filing.refresh_from_db()
    assert "另一个新名字" not in filing.search_text and "区新命名局" in filing.search_text


# --- statistics and reminders --------------------------------------------------------------------


def test_yearly_statistics(officer, unit, staff):
    on_time = _file(officer, unit, published_on=dt.date(2026, 3, 2), today=dt.date(2026, 3, 5), number="S1")
    late = _file(officer, unit, published_on=dt.date(2026, 1, 2), today=dt.date(2026, 3, 5), number="S2")
    svc.filing_review(actor=staff, filing=on_time, outcome="no_issue", opinion="无")
    svc.filing_review(actor=staff, filing=late, outcome="revoked", opinion="撤销")
    year = late.filed_on.year
    figures = svc.filing_statistics(year=year)
    assert figures["filed"] == 2 and figures["late"] == 1
    assert figures["revoked"] == 1 and figures["no_issue"] == 1
    assert svc.filing_statistics(year=year - 1)["filed"] == 0


def test_the_daily_scan_reminds_staff_and_the_unit(filing, staff, officer):
    send_daily_reminders(today=filing.review_due + dt.timedelta(days=1))
    assert Notification.objects.filter(
        recipient=staff, key__startswith="supervision.filing_review_due"
    ).exists()
    filing = svc.filing_review(
        actor=staff, filing=filing, outcome="correction_requested", opinion="纠正", today=filing.review_due
    )
    send_daily_reminders(today=filing.correction_due + dt.timedelta(days=1))
    assert Notification.objects.filter(
        recipient=officer, key__startswith="supervision.filing_correction_due"
    ).exists()


def test_an_unanswered_suggestion_reminds_staff_once(filing, staff, officer):
    # given: a citizen's suggestion, due by the rule (30 working days)
    suggestion = svc.suggestion_submit(filing=filing, content="第三条罚款无上位法依据")
    due = suggestion.answer_due
    assert due == deadline_after(timezone.localdate(suggestion.created_at), Duration(30, "workdays"))

    def notices(**kw):
        return Notification.objects.filter(key__startswith="supervision.filing_suggestion_due", **kw)

    # when: the scan runs a day before the deadline, twice
    send_daily_reminders(today=due - dt.timedelta(days=1))
    send_daily_reminders(today=due - dt.timedelta(days=1))
    # then: staff are reminded once, the unit is not
    assert notices(recipient=staff).count() == 1 and not notices(recipient=officer).exists()
    reminder = notices(recipient=staff).get()
    assert suggestion.receipt in str(reminder.title)
    assert reminder.url.endswith(f"/supervision/filingsuggestion/{suggestion.pk}/change/")
    # past the deadline: one overdue notice, not repeated the next days
    send_daily_reminders(today=due + dt.timedelta(days=1))
    send_daily_reminders(today=due + dt.timedelta(days=2))
    assert notices(recipient=staff, key__contains=":overdue:").count() == 1
    # answered: no more
    svc.suggestion_answer(actor=staff, suggestion=suggestion, result="adopted", answer="已纳入审查")
    before = notices().count()
    send_daily_reminders(today=due + dt.timedelta(days=40))
    assert notices().count() == before


# --- the expert pool -----------------------------------------------------------------------------


def test_an_active_expert_is_consulted_on_a_filing(filing, staff, officer):
    today = dt.date.today()
    expert = expert_services.expert_save(
        actor=staff,
        name="张教授",
        kind="legal_adviser",
        field="law",
        term_start=today - dt.timedelta(days=10),
        term_end=today + dt.timedelta(days=300),
    )
    retired = Expert.objects.create(
        name="李研究员", field="finance", term_start=dt.date(2020, 1, 1), term_end=dt.date(2021, 1, 1)
    )
    assert list(expert_services.experts_active()) == [expert]
    consultation = expert_services.filing_consult(
        actor=staff, filing=filing, expert=expert, question="第三条是否越权？", opinion="越权，建议删除。"
    )
    assert consultation.subject == filing and consultation.received_on == today
    assert filing.events.filter(action="consult").exists()
    with pytest.raises(ApplicationError) as exc:
        expert_services.consultation_record(actor=staff, subject=filing, expert=retired, question="x")
    assert exc.value.code == "expert_inactive"
    with pytest.raises(PermissionDeniedError):
        expert_services.consultation_record(actor=officer, subject=filing, expert=expert, question="x")
    with pytest.raises(ApplicationError):
        expert_services.consultation_record(actor=staff, subject=staff, expert=expert, question="x")
    # staff and members read it; the unit does not
    assert sel.filing_with_record(staff, filing.pk).consultation_list == [consultation]
    assert sel.filing_with_record(officer, filing.pk).consultation_list == []
    assert Consultation.objects.count() == 1


def test_an_expert_term_must_end_after_it_starts(staff):
    with pytest.raises(ApplicationError) as exc:
        expert_services.expert_save(
            actor=staff, name="王", field="law", term_start=dt.date(2026, 5, 1), term_end=dt.date(2026, 4, 1)
        )
    assert "term_end" in exc.value.extra
