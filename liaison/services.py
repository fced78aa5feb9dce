"""Every write of the liaison stations: reception days and station files kept by workers, and
each step of a citizen's opinion through the kernel's ``transition()``. A citizen acts without
an account: the receipt number is the key, and the service is told so (``system=True``)."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from congress import units
from congress.casework.services import create_tracked, lock, record_event, save_tracked, transition
from congress.exceptions import ApplicationError, PermissionDeniedError, field_error
from congress.models import Notification, Organization, User
from congress.notifications import Message, notify_bulk
from congress.rules import rule_get
from congress.workdays import deadline_after
from liaison import permissions
from liaison.models import Opinion, OpinionCategory, Reception, Station, StationRecord
from liaison.workflow import OPINION

S = Opinion.State
L = Opinion.Layer

MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
CONTENT_LIMIT = 2000
RECEIPT_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: read out over the phone
RECEIPT_LENGTH = 8
NOT_KEEPER = gettext_lazy("只有工作人员或本站点的工作人员可以操作。")
# Units a department-layer opinion may go to: the government and its departments, the courts.
DEPARTMENT_KINDS = (
    Organization.Kind.GOVERNMENT,
    Organization.Kind.DEPARTMENT,
    Organization.Kind.COURT,
    Organization.Kind.PROCURATORATE,
    Organization.Kind.OTHER,
)
STREET_KINDS = (Organization.Kind.STREET, Organization.Kind.TOWN)


class AlreadyConfirmed(ApplicationError):
    """The citizen already said whether this closing solved the problem."""

    default_code = "already_confirmed"
    status_code = 409


class TooManyOpinions(ApplicationError):
    """One network address sent more than the rule's number of opinions today."""

    default_code = "throttled"
    status_code = 429


def _address_digest(address: str) -> str:
    key = f"liaison.opinion.address:{settings.SECRET_KEY}".encode()
    return hmac.new(key, (address or "").encode(), hashlib.sha256).hexdigest()


def _notify(user_ids, *, key: str, title, body="", url: str = "") -> None:
    ids = sorted({uid for uid in user_ids if uid})
    if ids:
        notify_bulk([(uid, key, title, body, url, Notification.Level.INFO) for uid in ids])


# --- reception days and station files -----------------------------------------------------------


def _require_keeper(actor, station) -> None:
    if not permissions.keeps_station(actor, station):
        raise PermissionDeniedError(NOT_KEEPER, code="not_station_worker")


def _check_reception_deputies(station: Station, deputies) -> list:
    """The deputies of a reception day serve: attached to the station, or in the deputy group of
    its street, and still serving; anyone else is a field error naming them."""
    deputies = list(deputies or ())
    if not deputies:
        return deputies
    attached = set(station.deputies.values_list("id", flat=True))
    wrong = [
        d
        for d in deputies
        if not d.is_active
        or (d.pk not in attached and getattr(d.group, "organization_id", None) != station.street_id)
    ]
    if wrong:
        raise field_error(
            "deputies",
            _("%(names)s 不是本站点或本街道的在任代表。") % {"names": "、".join(d.name for d in wrong)},
        )
    return deputies


@transaction.atomic
def reception_create(
    *, actor: User, station: Station, starts_at, ends_at, place: str = "", topic: str = "", deputies=()
) -> Reception:
    """A reception day on the schedule (staff, or a worker of the station). The deputies must be
    attached to the station or serve the same street."""
    _require_keeper(actor, station)
    if not starts_at or not ends_at or ends_at <= starts_at:
        raise field_error("ends_at", _("结束时间应晚于开始时间。"))
    if starts_at < timezone.now():
        raise field_error("starts_at", _("接待日应安排在今后。"))
    deputies = _check_reception_deputies(station, deputies)
    reception = create_tracked(
        Reception,
        actor=actor,
        station=station,
        starts_at=starts_at,
        ends_at=ends_at,
        place=(place or "").strip()[:200],
        topic=(topic or "").strip()[:200],
    )
    if deputies:
        reception.deputies.set(deputies)
    return reception


RECEPTION_FIELDS = ("starts_at", "ends_at", "place", "topic")


class ReceptionClosed(ApplicationError):
    """A cancelled or begun reception day is kept as it was (409)."""

    status_code = 409


@transaction.atomic
def reception_update(*, actor: User, reception: Reception, deputies=None, **fields) -> Reception:
    """Change a reception day still to come (staff, or a worker of its station): its times,
    place, topic or deputies; what is not given stays. A cancelled or past day is kept as it was."""
    reception = lock(Reception, reception.pk, related=("station",))
    _require_keeper(actor, reception.station)
    if reception.is_cancelled:
        raise ReceptionClosed(_("接待日已取消，不能修改。"), code="cancelled")
    if reception.starts_at < timezone.now():
        raise ReceptionClosed(_("接待日已开始，不能修改。"), code="started")
    unknown = set(fields) - set(RECEPTION_FIELDS)
    if unknown:  # pragma: no cover - callers pass the declared fields only
        raise ValueError(sorted(unknown))
    changed = []
    for name in RECEPTION_FIELDS:
        if name in fields and fields[name] is not None:
            value = fields[name].strip()[:200] if name in ("place", "topic") else fields[name]
            if value != getattr(reception, name):
                setattr(reception, name, value)
                changed.append(name)
    if reception.ends_at <= reception.starts_at:
        raise field_error("ends_at", _("结束时间应晚于开始时间。"))
    if "starts_at" in changed and reception.starts_at < timezone.now():
        raise field_error("starts_at", _("接待日应安排在今后。"))
    if changed:
        save_tracked(reception, changed, actor=actor, reason=_("修改接待日"))
    if deputies is not None:
        reception.deputies.set(_check_reception_deputies(reception.station, deputies))
    return reception


@transaction.atomic
def reception_cancel(*, actor: User, reception: Reception, reason: str) -> Reception:
    reception = lock(reception)
    _require_keeper(actor, reception.station)
    reason = (reason or "").strip()
    if not reason:
        raise field_error("reason", _("请填写取消原因。"), code="required")
    reception.cancelled_reason = reason[:200]
    save_tracked(reception, ["cancelled_reason"], actor=actor, reason=reason)
    return reception


@transaction.atomic
def station_record_create(
    *,
    actor: User,
    station: Station,
    kind: str,
    title: str,
    content: str = "",
    recorded_on=None,
    is_public: bool = True,
) -> StationRecord:
    """An entry of the station's file (活动场地、宣传阵地、档案记录、典型示范)."""
    _require_keeper(actor, station)
    if kind not in StationRecord.Kind.values:
        raise field_error("kind", _("请选择档案类别。"))
    title = (title or "").strip()
    if not title:
        raise field_error("title", _("请填写标题。"), code="required")
    return create_tracked(
        StationRecord,
        actor=actor,
        station=station,
        kind=kind,
        title=title[:200],
        content=(content or "").strip(),
        recorded_on=recorded_on or timezone.localdate(),
        is_public=bool(is_public),
    )


# --- opinions: taken -----------------------------------------------------------------------------


def _new_receipt() -> str:
    for _attempt in range(10):
        receipt = "MY" + "".join(secrets.choice(RECEIPT_ALPHABET) for _i in range(RECEIPT_LENGTH))
        if not Opinion.objects.filter(receipt=receipt).exists():
            return receipt
    raise ApplicationError(_("系统繁忙，请稍后再试。"), code="receipt")  # pragma: no cover


def _clean(*, street, category, content, mobile, name, station, deputy) -> dict:
    errors: dict[str, list] = {}
    content = (content or "").strip()
    if not content:
        errors["content"] = [_("请填写反映的内容。")]
    elif len(content) > CONTENT_LIMIT:
        errors["content"] = [_("反映内容不能超过%(n)d字。") % {"n": CONTENT_LIMIT}]
    mobile = re.sub(r"[\s-]", "", mobile or "")
    if not mobile:
        errors["mobile"] = [_("请填写手机号码，用于查询办理情况。")]
    elif not MOBILE_RE.match(mobile):
        errors["mobile"] = [_("请填写正确的11位手机号码。")]
    name = (name or "").strip()
    if len(name) > 50:
        errors["name"] = [_("姓名不能超过50个字。")]
    if station is not None and not station.is_active:
        errors["station"] = [_("该站点已停用，请选择其他站点。")]
    if street is None and station is not None:
        street = station.street
    if street is None or not street.is_active or street.kind not in STREET_KINDS:
        errors["street"] = [_("请选择所在街道（镇）。")]
    if category is None or not category.is_active:
        errors["category"] = [_("请选择反映的类别。")]
    if deputy is not None and not deputy.is_active:
        errors["deputy"] = [_("该代表已不在任，请选择其他代表或站点。")]
    if errors:
        first = next(iter(errors.values()))[0]
        raise ApplicationError(first, code="invalid", extra=errors)
    return {
        "street": street,
        "category": category,
        "content": content,
        "mobile": mobile,
        "name": name,
        "station": station,
        "deputy": deputy,
    }


def _tell_takers(opinion: Opinion, *, key: str, title, body="") -> None:
    """The addressed deputy and the station's workers hear of a new (or reopened) opinion."""
    ids = set()
    if opinion.deputy_id and opinion.deputy.user_id:
        ids.add(opinion.deputy.user_id)
    if opinion.station_id:
        ids |= set(
            Station.workers.through.objects.filter(station_id=opinion.station_id).values_list(
                "user_id", flat=True
            )
        )
    _notify(ids, key=key, title=title, body=body, url=_portal_url(opinion))


def _portal_url(opinion: Opinion) -> str:
    return reverse("portal:liaison-opinion", args=[opinion.pk])


@transaction.atomic
def opinion_submit(
    *,
    street: Organization | None,
    category: OpinionCategory | None,
    content: str,
    mobile: str,
    name: str = "",
    station: Station | None = None,
    deputy=None,
    channel: str = Opinion.Channel.ONLINE,
    address: str = "",
) -> Opinion:
    """A citizen leaves an opinion without an account (online, or from a station's or a
    deputy's QR code page). The name is optional; the mobile is kept for the receipt and never
    shown; at most the rule 社情民意每个网络地址每日上限 a day from one network address (429),
    kept as a keyed digest only. Returns the opinion; its ``receipt`` is how the citizen
    follows it."""
    digest = _address_digest(address) if address else ""
    if digest:
        since = timezone.now() - dt.timedelta(days=1)
        sent = Opinion.objects.filter(address_digest=digest, created_at__gte=since).count()
        if sent >= rule_get("liaison.opinions_per_address"):
            raise TooManyOpinions(_("来自您所在网络的提交次数已达上限，请明天再试。"))
    values = _clean(
        street=street,
        category=category,
        content=content,
        mobile=mobile,
        name=name,
        station=station,
        deputy=deputy,
    )
    if channel not in (Opinion.Channel.ONLINE, Opinion.Channel.QR):
        channel = Opinion.Channel.ONLINE
    opinion = create_tracked(
        Opinion,
        actor=None,
        validate=False,
        receipt=_new_receipt(),
        channel=channel,
        address_digest=digest,
        **values,
    )
    record_event(opinion, OPINION, "create", actor=None, from_state="")
    _tell_takers(
        opinion,
        key=f"liaison:opinion:{opinion.pk}:new",
        title=Message(gettext_noop("新的社情民意：%(receipt)s"), receipt=opinion.receipt),
        body=opinion.content[:100],
    )
    return opinion


@transaction.atomic
def opinion_record(
    *,
    actor: User,
    street: Organization | None,
    category: OpinionCategory | None,
    content: str,
    mobile: str,
    name: str = "",
    station: Station | None = None,
    deputy=None,
    reception: Reception | None = None,
) -> Opinion:
    """A deputy or a station worker records what a citizen said at a reception (staff too). A
    worker records for their own stations; a deputy's own record is addressed to them."""
    from deputies.selectors import deputy_for_user

    if not permissions.can_record_opinion(actor):
        raise PermissionDeniedError(
            _("只有代表、站点工作人员或工作人员可以登记社情民意。"), code="not_recorder"
        )
    if reception is not None:
        station = station or reception.station
    own = deputy_for_user(actor)
    if deputy is None and own is not None:
        deputy = own
    if not permissions.is_staff(actor) and own is None:
        if station is None or station.pk not in permissions.worker_station_ids(actor):
            raise field_error("station", _("请选择您所在的站点。"))
    values = _clean(
        street=street,
        category=category,
        content=content,
        mobile=mobile,
        name=name,
        station=station,
        deputy=deputy,
    )
    opinion = create_tracked(
        Opinion,
        actor=actor,
        validate=False,
        receipt=_new_receipt(),
        channel=Opinion.Channel.RECEPTION,
        reception=reception,
        recorded_by=actor,
        **values,
    )
    record_event(opinion, OPINION, "create", actor=actor, from_state="")
    return opinion


# --- opinions: handled ---------------------------------------------------------------------------


@transaction.atomic
def opinion_route(
    *, actor: User, opinion: Opinion, layer: str, unit: Organization | None = None, note: str = ""
) -> Opinion:
    """Route by layer (分层分类): on the spot; to the street (the opinion's street office); to a
    department, which owes its answer by the rule 社情民意部门办理期限; or, by the addressed deputy
    (staff on their behalf), into a suggestion — a proposal draft in the proposals app, linked
    both ways."""
    opinion = lock(opinion)
    OPINION.check_permission(opinion, "route", actor)
    OPINION.check(opinion, "route")
    if layer not in L.values:
        raise field_error("layer", _("请选择办理层级（当场答复、转街道、转部门或转为代表建议）。"))
    changes = {"layer": layer, "routed_at": timezone.now(), "deadline": None, "unit": None}
    note = (note or "").strip()
    if layer == L.DEPARTMENT:
        if unit is None or not unit.is_active or unit.kind not in DEPARTMENT_KINDS:
            raise field_error("unit", _("转部门办理须选择办理的职能部门。"), code="required")
        changes["unit"] = unit
        changes["deadline"] = deadline_after(timezone.localdate(), rule_get("liaison.department_deadline"))
    elif layer == L.STREET:
        changes["unit"] = opinion.street
    elif layer == L.SUGGESTION:
        if not permissions.can_suggest(actor, opinion):
            raise PermissionDeniedError(_("转为代表建议须由所反映的代表本人办理。"), code="not_deputy")
        changes["proposal"] = _suggestion_draft(actor, opinion)
    opinion = transition(
        opinion, OPINION, "route", actor=actor, locked=True, changes=changes, note=note or str(L(layer).label)
    )
    if layer in (L.DEPARTMENT, L.STREET) and changes["unit"] is not None:
        officers = units.unit_user_ids([changes["unit"].pk]).get(changes["unit"].pk, [])
        _notify(
            officers,
            key=f"liaison:opinion:{opinion.pk}:routed:{opinion.reopen_count}",
            title=Message(gettext_noop("请办理社情民意：%(receipt)s"), receipt=opinion.receipt),
            body=Message(gettext_noop("请于 %(d)s 前办理并答复。"), d=str(opinion.deadline or ""))
            if opinion.deadline
            else opinion.content[:100],
            url=_portal_url(opinion),
        )
    return opinion


def _suggestion_draft(actor: User, opinion: Opinion):
    from proposals.models import Proposal
    from proposals.services import proposal_create

    title = _("关于%(category)s方面的社情民意（%(receipt)s）") % {
        "category": opinion.category.name,
        "receipt": opinion.receipt,
    }
    return proposal_create(
        actor=actor,
        kind=Proposal.Kind.SUGGESTION,
        title=title[:200],
        content=_("群众反映（回执编号 %(receipt)s）：\n%(content)s")
        % {"receipt": opinion.receipt, "content": opinion.content},
        lead_deputy=opinion.deputy,
    )


@transaction.atomic
def opinion_close(*, actor: User, opinion: Opinion, result: str) -> Opinion:
    """Record the answer and close (an opinion answered on the spot closes straight from
    received). The citizen may then say whether it was solved."""
    opinion = lock(opinion)
    OPINION.check_permission(opinion, "close", actor)
    OPINION.check(opinion, "close")
    result = (result or "").strip()
    if not result:
        raise field_error("result", _("请填写办理结果。"), code="required")
    changes = {
        "result": result[:5000],
        "closed_at": timezone.now(),
        "citizen_result": "",
        "citizen_comment": "",
    }
    if not opinion.layer:
        changes["layer"] = L.ON_THE_SPOT
    return transition(opinion, OPINION, "close", actor=actor, locked=True, changes=changes, note=result[:500])


@transaction.atomic
def opinion_confirm(*, opinion: Opinion, result: str, comment: str = "") -> Opinion:
    """The citizen's word once the opinion is closed (by receipt, no account): solved or partly
    keeps it closed; not solved reopens it and tells the deputy and the station. Only once per
    closing; before closing it is refused (409)."""
    opinion = lock(opinion)
    OPINION.check(opinion, "confirm")  # 409 naming the state unless closed
    if result not in Opinion.CitizenResult.values:
        raise field_error("result", _("请选择已解决、部分解决或未解决。"))
    comment = (comment or "").strip()[:500]
    if opinion.citizen_result:
        raise AlreadyConfirmed(_("您已评价过本次办理结果。"))
    changes = {"citizen_result": result, "citizen_comment": comment}
    if result != Opinion.CitizenResult.NOT_SOLVED:
        return transition(
            opinion, OPINION, "confirm", actor=None, system=True, locked=True, changes=changes, note=comment
        )
    changes["reopen_count"] = opinion.reopen_count + 1
    opinion = transition(
        opinion, OPINION, "reopen", actor=None, system=True, locked=True, changes=changes, note=comment
    )
    _tell_takers(
        opinion,
        key=f"liaison:opinion:{opinion.pk}:reopened:{opinion.reopen_count}",
        title=Message(gettext_noop("群众反馈未解决，请重新办理：%(receipt)s"), receipt=opinion.receipt),
        body=comment or opinion.content[:100],
    )
    return opinion
