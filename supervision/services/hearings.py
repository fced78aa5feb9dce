"""Public hearings (听证, seed 四).

Staff draft a hearing's notice (kind, topic, time, place, seats, sign-up window, selection rule)
and publish it; while the window is open **citizens sign up without an account** (name, mobile,
street, stance, a short statement, consent to show their name) and get a receipt number; at
most one sign-up per mobile per hearing and the rule's number a day from one network address
(its keyed digest is stored, never the address). After the window closes staff **select** the
participants, balanced by stance (no stance may get two more seats than another that still has
people waiting), with a reason; every sign-up is told the result — the notice is recorded on
it and shown on its receipt page (no SMS is sent). The hearing is held, its record (who spoke,
for what, how it was taken up) written, and it is concluded with the report and how the
opinions were taken up: all public, names masked unless the citizen agreed.

Every state change is a declared action (``workflow_hearings``) through ``transition()``."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from congress.casework.services import create_tracked, lock, record_event, transition, transition_many
from congress.exceptions import ApplicationError
from congress.models import Organization, User
from congress.rules import rule_get
from supervision.models import PlanItem
from supervision.models_hearings import HearingSignup, HearingSpeech, PublicHearing
from supervision.services._common import NOT_STAFF, field_error, require_staff, required_text
from supervision.workflow_hearings import HEARING, SIGNUP

H = PublicHearing.State
S = HearingSignup.State
STANCES = list(HearingSignup.Stance.values)

MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
STATEMENT_LIMIT = 500
RECEIPT_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: read out over the phone
RECEIPT_LENGTH = 10
HEARING_FIELDS = [
    "kind",
    "compound",
    "title",
    "description",
    "draft_title",
    "plan_item",
    "organizer",
    "starts_at",
    "ends_at",
    "location",
    "seats",
    "signup_opens",
    "signup_closes",
    "selection_rule",
]
DEFAULT_SELECTION_RULE = (
    "报名人数超过陈述人名额的，按支持、反对和其他意见分别遴选，各方人数大致均衡；"
    "同一观点内按报名先后并兼顾所在街道（镇）的代表性确定。遴选结果在回执页面告知报名人。"
)


class TooManySignups(ApplicationError):
    default_code = "throttled"
    status_code = 429


def _digest(value: str, purpose: str) -> str:
    key = f"supervision.hearing.{purpose}:{settings.SECRET_KEY}".encode()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()


def _local(value: dt.datetime) -> str:
    return date_format(timezone.localtime(value), "Y-m-d H:i")


# --- the notice ----------------------------------------------------------------------------------


def _clean_hearing(values: dict) -> dict:
    """Parse and check a notice's fields (field errors, Chinese); returns the values to store."""
    errors: dict[str, list] = {}

    def err(field, message):
        errors.setdefault(field, []).append(message)

    kind = values.get("kind") or ""
    if kind not in PublicHearing.Kind.values:
        err("kind", _("请选择听证类别（预算、专项议题或规范性文件制定）。"))
    title = (values.get("title") or "").strip()
    if not title:
        err("title", _("请填写听证事项。"))
    elif len(title) > 200:
        err("title", _("听证事项不能超过200字。"))
    location = (values.get("location") or "").strip()
    if not location:
        err("location", _("请填写听证地点。"))
    elif len(location) > 200:
        err("location", _("听证地点不能超过200字。"))
    seats = values.get("seats")
    if seats is None or seats == "":
        err("seats", _("请填写陈述人名额。"))
    elif not isinstance(seats, int) or isinstance(seats, bool) or not 1 <= seats <= 500:
        err("seats", _("陈述人名额应为1至500之间的整数。"))
    compound = bool(values.get("compound"))
    draft_title = (values.get("draft_title") or "").strip()[:200]
    if (kind == PublicHearing.Kind.NORMATIVE or compound) and not draft_title:
        err("draft_title", _("规范性文件制定听证和联动听证须填写草案名称。"))
    starts_at, opens, closes = (
        values.get("starts_at"),
        values.get("signup_opens"),
        values.get("signup_closes"),
    )
    ends_at = values.get("ends_at")
    for field, value, message in (
        ("starts_at", starts_at, _("请填写听证时间。")),
        ("signup_opens", opens, _("请填写报名开始时间。")),
        ("signup_closes", closes, _("请填写报名截止时间。")),
    ):
        if value is None:
            err(field, message)
    if opens and closes and closes <= opens:
        err("signup_closes", _("报名截止时间应晚于报名开始时间。"))
    if closes and starts_at and starts_at <= closes:
        err("starts_at", _("听证时间应晚于报名截止时间（留出遴选和告知的时间）。"))
    if ends_at and starts_at and ends_at <= starts_at:
        err("ends_at", _("结束时间应晚于听证时间。"))
    organizer = values.get("organizer")
    if organizer is not None and organizer.kind not in (
        Organization.Kind.WORKING_COMMITTEE,
        Organization.Kind.COMMITTEE_OFFICE,
    ):
        err("organizer", _("请选择人大工作委员会或常委会办公室。"))
    plan_item = values.get("plan_item")
    if plan_item is not None and not isinstance(plan_item, PlanItem):
        err("plan_item", _("请选择监督计划项目。"))
    if errors:
        first = next(iter(errors.values()))[0]
        raise ApplicationError(first, code="invalid", extra=errors)
    return {
        "kind": kind,
        "compound": compound,
        "title": title,
        "description": (values.get("description") or "").strip(),
        "draft_title": draft_title,
        "plan_item": plan_item,
        "organizer": organizer,
        "starts_at": starts_at,
        "ends_at": ends_at,
        "location": location,
        "seats": seats,
        "signup_opens": opens,
        "signup_closes": closes,
        "selection_rule": (values.get("selection_rule") or "").strip() or DEFAULT_SELECTION_RULE,
    }


@transaction.atomic
def hearing_create(
    *,
    actor: User,
    kind: str,
    title: str,
    starts_at: dt.datetime | None,
    location: str,
    seats: int | None,
    signup_opens: dt.datetime | None,
    signup_closes: dt.datetime | None,
    description: str = "",
    selection_rule: str = "",
    compound: bool = False,
    draft_title: str = "",
    plan_item: PlanItem | None = None,
    organizer: Organization | None = None,
    ends_at: dt.datetime | None = None,
) -> PublicHearing:
    """Staff draft a hearing's notice (not public until published)."""
    require_staff(actor)
    values = _clean_hearing(
        {
            "kind": kind,
            "title": title,
            "starts_at": starts_at,
            "location": location,
            "seats": seats,
            "signup_opens": signup_opens,
            "signup_closes": signup_closes,
            "description": description,
            "selection_rule": selection_rule,
            "compound": compound,
            "draft_title": draft_title,
            "plan_item": plan_item,
            "organizer": organizer,
            "ends_at": ends_at,
        }
    )
    hearing = create_tracked(PublicHearing, actor=actor, created_by=actor, validate=False, **values)
    record_event(hearing, HEARING, "create", actor=actor, from_state="")
    return hearing


@transaction.atomic
def hearing_update(*, actor: User, hearing: PublicHearing, **changes) -> PublicHearing:
    """Staff correct the notice while drafted or published; once published the sign-up window
    may only be extended (citizens may already have signed up) and the seats not reduced below
    the sign-ups already selected (there are none before selection)."""
    hearing = lock(hearing)
    require_staff(actor)
    HEARING.check(hearing, "edit")
    unknown = set(changes) - set(HEARING_FIELDS)
    if unknown:
        raise ApplicationError(_("不能修改这些字段：%(f)s") % {"f": "、".join(sorted(unknown))})
    current = {name: getattr(hearing, name) for name in HEARING_FIELDS}
    values = _clean_hearing({**current, **changes})
    if hearing.state == H.PUBLISHED:
        if values["signup_opens"] > hearing.signup_opens and hearing.signups.exists():
            raise field_error("signup_opens", _("已有公民报名，报名开始时间不能推后。"))
        if values["signup_closes"] < hearing.signup_closes:
            raise field_error("signup_closes", _("公告发布后报名截止时间只能延后，不能提前。"))
    changed = [name for name in HEARING_FIELDS if values[name] != current[name]]
    if not changed:
        return hearing
    labels = "、".join(str(PublicHearing._meta.get_field(name).verbose_name) for name in changed)
    return transition(
        hearing,
        HEARING,
        "edit",
        actor=actor,
        locked=True,
        changes={name: values[name] for name in changed},
        note=_("修改了：%(f)s") % {"f": labels},
        permission_message=NOT_STAFF,
    )


@transaction.atomic
def hearing_publish(*, actor: User, hearing: PublicHearing, now: dt.datetime | None = None) -> PublicHearing:
    """Staff publish the notice: it goes on the website and citizens may sign up in its
    window, which must not have closed already."""
    hearing = lock(hearing)
    require_staff(actor)
    HEARING.check(hearing, "publish")
    now = now or timezone.now()
    if hearing.signup_closes <= now:
        raise field_error(
            "signup_closes", _("报名截止时间已过，请先修改报名时间再发布公告。"), code="window_past"
        )
    return transition(
        hearing,
        HEARING,
        "publish",
        actor=actor,
        locked=True,
        changes={"published_at": now},
        permission_message=NOT_STAFF,
    )


@transaction.atomic
def hearing_cancel(*, actor: User, hearing: PublicHearing, reason: str) -> PublicHearing:
    """Staff call a hearing off before it is held; the reason is shown on the notice and
    everyone who signed up sees it on their receipt page."""
    require_staff(actor)
    reason = required_text(reason, "reason", _("请说明取消原因。"))
    hearing = transition(
        hearing,
        HEARING,
        "cancel",
        actor=actor,
        changes={"cancel_reason": reason},
        note=reason,
        permission_message=NOT_STAFF,
    )
    return hearing


# --- citizens sign up ----------------------------------------------------------------------------


def _new_receipt() -> str:
    for _attempt in range(10):
        receipt = "TZ" + "".join(secrets.choice(RECEIPT_ALPHABET) for _i in range(RECEIPT_LENGTH))
        if not HearingSignup.objects.filter(receipt=receipt).exists():
            return receipt
    raise ApplicationError(_("系统繁忙，请稍后再试。"), code="receipt")  # pragma: no cover


def _clean_signup(name, mobile, stance, statement, street) -> dict:
    errors: dict[str, list] = {}
    name = (name or "").strip()
    if not name:
        errors["name"] = [_("请填写姓名。")]
    elif len(name) > 50:
        errors["name"] = [_("姓名不能超过50个字。")]
    mobile = re.sub(r"[\s-]", "", mobile or "")
    if not mobile:
        errors["mobile"] = [_("请填写手机号码。")]
    elif not MOBILE_RE.match(mobile):
        errors["mobile"] = [_("请填写正确的11位手机号码。")]
    if not stance:
        errors["stance"] = [_("请选择您的观点（支持、反对或其他意见）。")]
    elif stance not in STANCES:
        errors["stance"] = [_("观点只能是支持、反对或其他意见。")]
    statement = (statement or "").strip()
    if not statement:
        errors["statement"] = [_("请简要填写您的陈述要点。")]
    elif len(statement) > STATEMENT_LIMIT:
        errors["statement"] = [_("陈述要点不能超过%(n)d字。") % {"n": STATEMENT_LIMIT}]
    if street is not None and (
        not street.is_active or street.kind not in (Organization.Kind.STREET, Organization.Kind.TOWN)
    ):
        errors["street"] = [_("请选择所在街道（镇）。")]
    if errors:
        first = next(iter(errors.values()))[0]
        raise ApplicationError(first, code="invalid", extra=errors)
    return {"name": name, "mobile": mobile, "stance": stance, "statement": statement, "street": street}


@transaction.atomic
def hearing_signup_create(
    *,
    hearing: PublicHearing,
    name: str,
    mobile: str,
    stance: str,
    statement: str,
    street: Organization | None = None,
    show_name: bool = False,
    address: str = "",
    now: dt.datetime | None = None,
) -> HearingSignup:
    """A citizen signs up without an account while the notice's window is open: once per
    mobile per hearing, at most the rule's number a day from one network address. Returns the
    sign-up; its ``receipt`` is how the citizen follows it."""
    hearing = lock(hearing)
    now = now or timezone.now()
    if hearing.state != H.PUBLISHED or not hearing.signup_opens <= now < hearing.signup_closes:
        if hearing.state == H.PUBLISHED and now < hearing.signup_opens:
            message = _("报名尚未开始，报名时间为%(opens)s至%(closes)s。")
        else:
            message = _("报名已截止（报名时间为%(opens)s至%(closes)s）。")
        message = message % {"opens": _local(hearing.signup_opens), "closes": _local(hearing.signup_closes)}
        raise ApplicationError(message, code="outside_window", extra={"non_field_errors": [message]})
    values = _clean_signup(name, mobile, stance, statement, street)
    if HearingSignup.objects.filter(hearing=hearing, mobile=values["mobile"]).exists():
        raise field_error("mobile", _("该手机号码已报名本场听证，请勿重复报名。"), code="duplicate_mobile")
    address_digest = _digest(address or "", "address")
    limit = rule_get("supervision.hearing_signups_per_address")
    recent = HearingSignup.objects.filter(
        address_digest=address_digest, created_at__gte=now - dt.timedelta(days=1)
    ).count()
    if recent >= limit:
        raise TooManySignups(_("来自您所在网络的报名次数已达上限，请明天再试。"))
    try:
        with transaction.atomic():
            signup = create_tracked(
                HearingSignup,
                actor=None,
                validate=False,
                hearing=hearing,
                receipt=_new_receipt(),
                show_name=bool(show_name),
                address_digest=address_digest,
                created_at=now,
                **values,
            )
    except IntegrityError:
        raise field_error(
            "mobile", _("该手机号码已报名本场听证，请勿重复报名。"), code="duplicate_mobile"
        ) from None
    record_event(signup, SIGNUP, "create", actor=None, from_state="")
    return signup


# --- selection -----------------------------------------------------------------------------------


def selection_proposal(hearing: PublicHearing, signups: list[HearingSignup] | None = None) -> list[int]:
    """A balanced selection of the pending sign-ups: one of each stance in turn (support,
    oppose, other), in the order they signed up, until the seats are filled."""
    if signups is None:
        signups = list(hearing.signups.filter(state=S.PENDING).order_by("created_at", "id"))
    queues = {stance: [s.pk for s in signups if s.stance == stance] for stance in STANCES}
    chosen: list[int] = []
    while len(chosen) < hearing.seats and any(queues.values()):
        for stance in STANCES:
            if queues[stance] and len(chosen) < hearing.seats:
                chosen.append(queues[stance].pop(0))
    return chosen


def selection_imbalance(chosen: list[HearingSignup], pending: list[HearingSignup]) -> str:
    """Why a selection is not balanced by stance ('' when it is): a stance may not have two
    more participants than another stance that still has people waiting."""
    counts = {stance: sum(1 for s in chosen if s.stance == stance) for stance in STANCES}
    waiting = {stance: sum(1 for s in pending if s.stance == stance) - counts[stance] for stance in STANCES}
    labels = dict(HearingSignup.Stance.choices)
    for many in STANCES:
        for few in STANCES:
            if counts[many] > counts[few] + 1 and waiting[few] > 0:
                return _(
                    "遴选未按观点均衡：“%(many)s”%(m)d人，“%(few)s”仅%(f)d人，而“%(few)s”尚有%(w)d人报名未选。"
                ) % {
                    "many": labels[many],
                    "m": counts[many],
                    "few": labels[few],
                    "f": counts[few],
                    "w": waiting[few],
                }
    return ""


def _notice_selected(hearing: PublicHearing) -> str:
    return _(
        "您已被选为“%(title)s”听证会的陈述人。请于%(at)s前到达%(place)s，凭回执编号和身份证件签到，"
        "陈述时间一般不超过5分钟。"
    ) % {"title": hearing.title, "at": _local(hearing.starts_at), "place": hearing.location}


def _notice_not_selected(hearing: PublicHearing) -> str:
    return _(
        "感谢您报名参加“%(title)s”听证会。按公告的遴选规则，您未被选为陈述人。"
        "您提交的陈述要点已送听证会参阅，并将在听证报告中一并研究。"
    ) % {"title": hearing.title}


@transaction.atomic
def hearing_select(
    *,
    actor: User,
    hearing: PublicHearing,
    selected,
    reason: str,
    now: dt.datetime | None = None,
) -> PublicHearing:
    """Staff select the participants after the sign-up window closed: at most the seats,
    balanced by stance (``selection_imbalance``), with the reason recorded; every pending
    sign-up is selected or not, and its notice is recorded (shown on its receipt page).
    ``selected``: sign-ups or their ids."""
    hearing = lock(hearing)
    require_staff(actor)
    HEARING.check(hearing, "select")
    now = now or timezone.now()
    if now < hearing.signup_closes:
        raise field_error(
            "selected",
            _("报名尚未截止（%(closes)s），截止后才能遴选。") % {"closes": _local(hearing.signup_closes)},
            code="window_open",
        )
    reason = required_text(reason, "reason", _("请填写遴选说明（遴选的依据和过程）。"))
    pending = list(HearingSignup.objects.select_for_update().filter(hearing=hearing, state=S.PENDING))
    by_id = {s.pk: s for s in pending}
    ids = []
    for item in selected or []:
        pk = getattr(item, "pk", item)
        try:
            ids.append(int(pk))
        except (TypeError, ValueError):
            raise field_error("selected", _("报名编号无效：%(pk)s") % {"pk": pk}) from None
    strangers = sorted({pk for pk in ids if pk not in by_id})
    if strangers:
        raise field_error(
            "selected",
            _("这些报名不属于本场听证或已处理：%(ids)s") % {"ids": "、".join(map(str, strangers))},
        )
    ids = list(dict.fromkeys(ids))
    if len(ids) > hearing.seats:
        raise field_error(
            "selected",
            _("选中%(n)d人，超过陈述人名额%(seats)d人。") % {"n": len(ids), "seats": hearing.seats},
            code="too_many",
        )
    if pending and not ids:
        raise field_error("selected", _("请至少选择一名陈述人。"), code="required")
    chosen = [by_id[pk] for pk in ids]
    imbalance = selection_imbalance(chosen, pending)
    if imbalance:
        raise field_error("selected", imbalance, code="unbalanced")
    rest = [s for s in pending if s.pk not in set(ids)]
    transition_many(
        chosen,
        SIGNUP,
        "select",
        actor=actor,
        changes={"notice": _notice_selected(hearing), "notified_at": now},
    )
    transition_many(
        rest,
        SIGNUP,
        "reject",
        actor=actor,
        changes={"notice": _notice_not_selected(hearing), "notified_at": now},
    )
    return transition(
        hearing,
        HEARING,
        "select",
        actor=actor,
        locked=True,
        changes={"selection_reason": reason, "selected_at": now},
        note=_("选定%(n)d人，未选中%(m)d人。%(reason)s")
        % {"n": len(chosen), "m": len(rest), "reason": reason},
        permission_message=NOT_STAFF,
    )


# --- the hearing and its record ------------------------------------------------------------------


@transaction.atomic
def hearing_hold(
    *, actor: User, hearing: PublicHearing, held_at: dt.datetime | None = None, note: str = ""
) -> PublicHearing:
    """Staff record that the hearing took place (at its scheduled time unless told)."""
    require_staff(actor)
    return transition(
        hearing,
        HEARING,
        "hold",
        actor=actor,
        changes={"held_at": held_at or hearing.starts_at},
        note=note,
        permission_message=NOT_STAFF,
    )


@transaction.atomic
def hearing_speech_add(
    *,
    actor: User,
    hearing: PublicHearing,
    role: str,
    summary: str,
    speaker: str = "",
    signup: HearingSignup | None = None,
    stance: str = "",
    uptake: str = "",
    uptake_note: str = "",
) -> HearingSpeech:
    """Staff write one entry of the hearing record: who spoke, for what, and how it was taken
    up. A citizen speaker is one of the selected sign-ups and is named as they agreed."""
    hearing = lock(hearing)
    require_staff(actor)
    HEARING.check(hearing, "speak")
    if role not in HearingSpeech.Role.values:
        raise field_error("role", _("请选择发言人身份。"))
    if role == HearingSpeech.Role.CITIZEN:
        if signup is None or signup.hearing_id != hearing.pk or signup.state != S.SELECTED:
            raise field_error("signup", _("公民陈述人须为本场听证已选定的报名人。"))
        speaker = signup.public_name
        stance = stance or signup.stance
    else:
        signup = None
        speaker = required_text(speaker, "speaker", _("请填写发言人。"))[:100]
    if stance and stance not in STANCES:
        raise field_error("stance", _("观点只能是支持、反对或其他意见。"))
    if uptake and uptake not in HearingSpeech.Uptake.values:
        raise field_error("uptake", _("采纳情况无效。"))
    summary = required_text(summary, "summary", _("请填写发言要点。"))
    last = hearing.speeches.order_by("-order").values_list("order", flat=True).first() or 0
    speech = create_tracked(
        HearingSpeech,
        actor=actor,
        validate=False,
        hearing=hearing,
        order=last + 1,
        role=role,
        speaker=speaker,
        signup=signup,
        stance=stance,
        summary=summary,
        uptake=uptake,
        uptake_note=(uptake_note or "").strip(),
    )
    transition(
        hearing,
        HEARING,
        "speak",
        actor=actor,
        locked=True,
        note=f"{speaker}：{summary[:60]}",
        permission_message=NOT_STAFF,
    )
    return speech


@transaction.atomic
def hearing_conclude(
    *, actor: User, hearing: PublicHearing, report: str, adoption: str, now: dt.datetime | None = None
) -> PublicHearing:
    """Staff publish the hearing report and how the opinions were taken up; the record must
    have at least one speech."""
    hearing = lock(hearing)
    require_staff(actor)
    HEARING.check(hearing, "conclude")
    report = required_text(report, "report", _("请填写听证报告。"))
    adoption = required_text(adoption, "adoption", _("请说明听证意见的采纳情况。"))
    if not hearing.speeches.exists():
        raise field_error("report", _("听证记录还没有发言，请先记录发言。"), code="no_record")
    return transition(
        hearing,
        HEARING,
        "conclude",
        actor=actor,
        locked=True,
        changes={"report": report, "adoption": adoption, "concluded_at": now or timezone.now()},
        permission_message=NOT_STAFF,
    )
