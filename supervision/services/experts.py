"""The expert pool and the legal advisers (专家咨询库、法律顾问团): staff keep the experts with
their terms of service, consult an active one on a supervised record and keep the written
opinion on the consultation. What may be consulted on is a list of models (``CONSULTABLE``): a
kind joins with ``register_consultable`` (a hearing, an inspection, a budget review) and the
``ConsultationInline`` on its admin."""

from __future__ import annotations

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils.translation import gettext as _

from congress.casework.services import create_tracked, lock, save_tracked
from congress.models import User
from supervision.models import Consultation, Expert
from supervision.services._common import field_error, require_staff, required_text
from supervision.services._common import today as local_today

# "app_label.model" of the records experts may be consulted on; another app (a budget review)
# joins with ``register_consultable``.
CONSULTABLE: set[str] = {
    "supervision.normativedocument",
    "supervision.publichearing",
    "supervision.inspection",
}


def register_consultable(model) -> None:
    """Let staff consult experts on records of ``model`` (called from an app's ``ready``)."""
    CONSULTABLE.add(model._meta.label_lower)


def _subject_ok(subject) -> None:
    if subject is None or getattr(subject, "pk", None) is None:
        raise field_error("subject", _("请选择咨询事项。"), code="required")
    if subject._meta.label_lower not in CONSULTABLE:
        raise field_error("subject", _("该类事项不能咨询专家。"), code="not_consultable")


def _file(upload):
    if not upload:
        return None
    from congress.files import validate_upload

    try:
        validate_upload(upload)
    except Exception as exc:
        messages = getattr(exc, "messages", None) or [_("不支持的文件类型。")]
        raise field_error("opinion_file", messages[0], code="file_type") from exc
    return upload


@transaction.atomic
def consultation_record(
    *,
    actor: User,
    subject,
    expert: Expert | None,
    question: str,
    asked_on: dt.date | None = None,
    opinion: str = "",
    received_on: dt.date | None = None,
    opinion_file=None,
) -> Consultation:
    """Staff record that they consulted an expert (active on the day asked) on a record, with
    the written opinion when it has come in."""
    require_staff(actor)
    _subject_ok(subject)
    asked_on = asked_on or local_today()
    if expert is None:
        raise field_error("expert", _("请选择专家。"), code="required")
    if not expert.is_active_on(asked_on):
        raise field_error("expert", _("该专家咨询日不在聘任期内。"), code="expert_inactive")
    question = required_text(question, "question", _("请填写咨询事项。"))
    opinion = (opinion or "").strip()
    if opinion and received_on is None:
        received_on = local_today()
    if received_on is not None and received_on < asked_on:
        raise field_error("received_on", _("收到意见日期不能早于咨询日期。"))
    upload = _file(opinion_file)
    consultation = create_tracked(
        Consultation,
        actor=actor,
        validate=False,
        content_type=ContentType.objects.get_for_model(subject),
        object_id=subject.pk,
        expert=expert,
        question=question[:20000],
        asked_on=asked_on,
        opinion=opinion,
        received_on=received_on,
        recorded_by=actor,
    )
    if upload:
        consultation.opinion_file_name = (upload.name or "")[-200:]
        consultation.opinion_file.save(upload.name, upload, save=False)
        save_tracked(consultation, ["opinion_file", "opinion_file_name"], actor=actor)
    return consultation


@transaction.atomic
def consultation_record_opinion(
    *, actor: User, consultation: Consultation, opinion: str, received_on: dt.date | None = None
) -> Consultation:
    """Staff keep the expert's written opinion once it has come in."""
    require_staff(actor)
    consultation = lock(consultation)
    consultation.opinion = required_text(opinion, "opinion", _("请填写专家书面意见。"))
    consultation.received_on = received_on or local_today()
    if consultation.received_on < consultation.asked_on:
        raise field_error("received_on", _("收到意见日期不能早于咨询日期。"))
    save_tracked(consultation, ["opinion", "received_on"], actor=actor)
    return consultation


def experts_active(day: dt.date | None = None):
    """The experts and advisers in their term on ``day`` (today), by field."""
    day = day or local_today()
    return Expert.objects.filter(term_start__lte=day, term_end__gte=day).order_by("field", "name", "id")


EXPERT_FIELDS = (
    "name",
    "kind",
    "field",
    "specialty",
    "affiliation",
    "position",
    "phone",
    "email",
    "term_start",
    "term_end",
    "note",
)


@transaction.atomic
def expert_save(*, actor: User, expert: Expert | None = None, **values) -> Expert:
    """Staff add an expert or adviser to the pool, or change one (a renewed term)."""
    require_staff(actor)
    values = {name: value for name, value in values.items() if name in EXPERT_FIELDS}
    values["name"] = required_text(values.get("name"), "name", _("请填写姓名。"))[:50]
    start, end = values.get("term_start"), values.get("term_end")
    if start is None:
        raise field_error("term_start", _("请填写聘任开始日期。"), code="required")
    if end is None:
        raise field_error("term_end", _("请填写聘任结束日期。"), code="required")
    if end < start:
        raise field_error("term_end", _("聘任结束日期不能早于开始日期。"), code="bad_term")
    if expert is None:
        return create_tracked(Expert, actor=actor, **values)
    expert = lock(expert)
    for name, value in values.items():
        setattr(expert, name, value)
    expert.full_clean()
    save_tracked(expert, list(values), actor=actor)
    return expert


@transaction.atomic
def record_consult(*, actor: User, subject, workflow, **data) -> Consultation:
    """A consultation on a record with a declared life: the workflow's ``consult`` action must
    allow it in the record's state (409 otherwise), and it goes on the record's timeline too."""
    from congress.casework.services import record_event

    require_staff(actor)
    workflow.check(subject, "consult")
    consultation = consultation_record(actor=actor, subject=subject, **data)
    record_event(subject, workflow, "consult", actor=actor, note=consultation.expert.name)
    return consultation


def filing_consult(*, actor: User, filing, **data) -> Consultation:
    """Staff consult an expert on a filing under review."""
    from supervision.workflow_filings import FILING

    return record_consult(actor=actor, subject=filing, workflow=FILING, **data)


def hearing_consult(*, actor: User, hearing, **data) -> Consultation:
    """Staff consult an expert on a hearing (its topic, the draft, the report)."""
    from supervision.workflow_hearings import HEARING

    return record_consult(actor=actor, subject=hearing, workflow=HEARING, **data)


def inspection_consult(*, actor: User, inspection, **data) -> Consultation:
    """Staff consult an expert on a law-enforcement inspection (the law, the issues, the report)."""
    from supervision.workflow_inspections import INSPECTION

    return record_consult(actor=actor, subject=inspection, workflow=INSPECTION, **data)
