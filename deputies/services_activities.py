"""Writes of activities and sign-ups (seed 十四): one service per step, each through the kernel's
``transition()``. Who may call each is said on the service; the rules (cut-off, check-in window)
are data (``deputies.rules``)."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from congress.casework.services import create_tracked, lock, record_event, transition, transition_many
from congress.exceptions import ApplicationError, PermissionDeniedError, field_error
from congress.i18n import Message
from congress.models import Term, User
from congress.notifications import notify
from congress.rules import rule_get
from deputies import permissions
from deputies.models import Deputy
from deputies.models_activities import Activity, ActivitySignup
from deputies.workflow_activities import ACTIVITY, SIGNUP

S = ActivitySignup.State
CHECK_IN_SALT = "deputies.activity-check-in"
# An activity without an end time is open for check-in this long after its start.
OPEN_ENDED = dt.timedelta(hours=12)


class Conflict(ApplicationError):
    """The request is well-formed but the activity's moment says no (already signed up, the
    cut-off passed, check-in not open): 409, like a state the action may not be taken from."""

    status_code = 409


def _require_staff(actor) -> None:
    if not permissions.can_manage_activities(actor):
        raise PermissionDeniedError(_("只有常委会工作人员可以管理代表活动。"), code="not_staff")


def _hours(value, starts_at, ends_at) -> Decimal:
    """A training's hours as given, else the span from start to end rounded to half hours."""
    if value in (None, ""):
        if ends_at is None:
            return Decimal("0")
        span = Decimal((ends_at - starts_at).total_seconds()) / 3600
        return (span * 2).quantize(Decimal("1"), rounding=ROUND_HALF_UP) / 2
    try:
        hours = Decimal(str(value)).quantize(Decimal("0.1"))
    except InvalidOperation as exc:
        raise field_error("hours", _("学时须为数字。")) from exc
    if hours < 0 or hours > 1000:
        raise field_error("hours", _("学时应在 0 至 1000 之间。"))
    return hours


def _clean_activity(values: dict) -> dict:
    kind = values.get("kind")
    if kind not in Activity.Kind.values:
        raise field_error("kind", _("请选择活动类别。"), code="required")
    title = (values.get("title") or "").strip()
    if not title:
        raise field_error("title", _("请填写活动名称。"), code="required")
    if len(title) > 200:
        raise field_error("title", _("活动名称不能超过200字。"))
    starts_at, ends_at = values.get("starts_at"), values.get("ends_at")
    if starts_at is None:
        raise field_error("starts_at", _("请填写开始时间。"), code="required")
    for name, value in (("starts_at", starts_at), ("ends_at", ends_at)):
        # A plausible date only: a typo of a century would land in no term and no record year.
        if value is not None and not 2000 <= timezone.localtime(value).year <= 2100:
            raise field_error(name, _("时间应在 2000 年至 2100 年之间。"))
    if ends_at is not None and ends_at < starts_at:
        raise field_error("ends_at", _("结束时间不能早于开始时间。"))
    capacity = values.get("capacity")
    if not isinstance(capacity, int) or capacity < 1 or capacity > 10000:
        raise field_error("capacity", _("名额应为 1 至 10000 之间的整数。"))
    return {
        "kind": kind,
        "title": title,
        "starts_at": starts_at,
        "ends_at": ends_at,
        "capacity": capacity,
        "location": (values.get("location") or "").strip()[:200],
        "description": (values.get("description") or "").strip(),
        "hours": _hours(values.get("hours"), starts_at, ends_at),
    }


def _term_of(day: dt.date) -> Term | None:
    return (
        Term.objects.filter(start_year__lte=day.year, end_year__gte=day.year).order_by("-number").first()
        or Term.objects.filter(is_current=True).first()
    )


@transaction.atomic
def activity_publish(
    *,
    actor: User,
    kind: str,
    title: str,
    starts_at: dt.datetime | None,
    capacity: int | None,
    ends_at: dt.datetime | None = None,
    location: str = "",
    description: str = "",
    hours=None,
    term: Term | None = None,
) -> Activity:
    """Staff publish an activity open to sign-up with ``capacity`` places (of the term its start
    falls in unless ``term`` is given)."""
    _require_staff(actor)
    values = _clean_activity(
        {
            "kind": kind,
            "title": title,
            "starts_at": starts_at,
            "ends_at": ends_at,
            "capacity": capacity,
            "location": location,
            "description": description,
            "hours": hours,
        }
    )
    term = term or _term_of(timezone.localtime(values["starts_at"]).date())
    if term is None:
        raise field_error("starts_at", _("没有可用的届次，请先在管理后台设置届次。"))
    activity = create_tracked(
        Activity, actor=actor, reason=_("发布活动"), term=term, created_by=actor, validate=False, **values
    )
    record_event(activity, ACTIVITY, "publish", actor=actor, from_state="")
    return activity


@transaction.atomic
def activity_update(*, actor: User, activity: Activity, **values) -> Activity:
    """Staff change a published activity. More places take people off the waiting list in order;
    fewer places than those already registered is refused (no one loses a place they hold)."""
    activity = lock(activity)
    _require_staff(actor)
    ACTIVITY.check(activity, "update")
    current = {
        name: getattr(activity, name)
        for name in ("kind", "title", "starts_at", "ends_at", "capacity", "location", "description")
    }
    current["hours"] = values.get("hours", activity.hours)
    current.update({k: v for k, v in values.items() if k in current})
    cleaned = _clean_activity(current)
    seated = activity.signups.filter(state__in=ActivitySignup.SEATED_STATES).count()
    if cleaned["capacity"] < seated:
        raise field_error(
            "capacity",
            _("已有 %(n)d 位代表报名，名额不能少于已报名人数。") % {"n": seated},
            code="below_registered",
        )
    changes = {k: v for k, v in cleaned.items() if getattr(activity, k) != v}
    if not changes:
        return activity
    activity = transition(activity, ACTIVITY, "update", actor=actor, changes=changes, locked=True)
    _promote_waiting(activity, actor=actor)
    return activity


@transaction.atomic
def activity_close(*, actor: User, activity: Activity) -> Activity:
    """Staff close an activity after it took place: who held a place and never checked in is
    recorded absent (staff may still record their attendance or leave afterwards)."""
    activity = lock(activity)
    _require_staff(actor)
    ACTIVITY.check(activity, "close")
    if timezone.now() < activity.starts_at:
        raise Conflict(_("活动尚未开始，不能结束。"), code="not_started")
    activity = transition(activity, ACTIVITY, "close", actor=actor, locked=True)
    rows = list(activity.signups.select_for_update().filter(state=S.REGISTERED))
    transition_many(rows, SIGNUP, "mark_absent", actor=actor, note=activity.title)
    # Waiting-list entries of a closed activity never got a place: they simply end.
    waiting = list(activity.signups.select_for_update().filter(state=S.WAITLISTED))
    transition_many(waiting, SIGNUP, "end", actor=actor, changes={"cancelled_at": timezone.now()})
    return activity


@transaction.atomic
def activity_cancel(*, actor: User, activity: Activity, reason: str = "") -> Activity:
    """Staff call an activity off; every live sign-up ends and its deputy is told."""
    activity = lock(activity)
    _require_staff(actor)
    ACTIVITY.check(activity, "cancel")
    reason = (reason or "").strip()
    if not reason:
        raise field_error("reason", _("请填写取消原因。"), code="required")
    activity = transition(activity, ACTIVITY, "cancel", actor=actor, locked=True, note=reason)
    rows = list(
        activity.signups.select_for_update(of=("self",))
        .select_related("deputy")
        .filter(state__in=ActivitySignup.LIVE_STATES)
    )
    transition_many(rows, SIGNUP, "end", actor=actor, changes={"cancelled_at": timezone.now()}, note=reason)
    notify(
        recipients=User.objects.filter(pk__in=[row.deputy.user_id for row in rows if row.deputy.user_id]),
        key=f"deputies:activity:{activity.pk}:cancelled",
        title=Message(gettext_noop("活动已取消：%(t)s"), t=activity.title),
        body=Message(gettext_noop("原因：%(r)s"), r=reason),
        url=reverse("portal:activity-detail", args=[activity.pk]),
    )
    return activity


def _seats_taken(activity: Activity) -> int:
    return activity.signups.filter(state__in=ActivitySignup.SEATED_STATES).count()


def _promote_waiting(activity: Activity, *, actor) -> list[ActivitySignup]:
    """Fill free places from the waiting list, first signed up first; tell each promoted deputy.
    The caller holds the activity's lock, so two cancellations never promote into one place."""
    free = activity.capacity - _seats_taken(activity)
    if free <= 0:
        return []
    waiting = list(
        activity.signups.select_for_update(of=("self",))
        .select_related("deputy")
        .filter(state=S.WAITLISTED)
        .order_by("created_at", "id")[:free]
    )
    promoted = []
    for signup in waiting:
        promoted.append(
            transition(signup, SIGNUP, "promote", actor=None, system=True, locked=True, note=activity.title)
        )
        if signup.deputy.user_id:
            notify(
                recipients=User.objects.filter(pk=signup.deputy.user_id),
                key=f"deputies:activity-signup:{signup.pk}:promoted",
                title=Message(gettext_noop("候补转正：%(t)s"), t=activity.title),
                body=Message(gettext_noop("有代表取消报名，您已从候补转为正式报名。")),
                url=reverse("portal:activity-detail", args=[activity.pk]),
            )
    return promoted


def _deputy_of(actor) -> Deputy:
    deputy = (
        Deputy.objects.filter(user=actor, is_active=True)
        .select_related("term")
        .order_by("-term__number")
        .first()
        if getattr(actor, "is_authenticated", False)
        else None
    )
    if deputy is None or not permissions.is_deputy(actor):
        raise PermissionDeniedError(_("只有在任代表可以报名参加代表活动。"), code="not_deputy")
    return deputy


@transaction.atomic
def activity_sign_up(*, actor: User, activity: Activity, now: dt.datetime | None = None) -> ActivitySignup:
    """A serving deputy signs up: a place while the activity has one free, else the end of the
    waiting list. Once per activity (a cancelled sign-up may sign up again, at the end of the
    queue); not after the activity started."""
    deputy = _deputy_of(actor)
    activity = lock(activity)
    if activity.state != Activity.State.PUBLISHED:
        raise _state_error(activity)
    if (now or timezone.now()) >= activity.starts_at:
        raise Conflict(_("活动已开始，报名已截止。"), code="signup_closed")
    if activity.signups.filter(deputy=deputy).exclude(state=S.CANCELLED).exists():
        raise Conflict(_("您已报名该活动，无需重复报名。"), code="already_signed_up")
    state = S.REGISTERED if _seats_taken(activity) < activity.capacity else S.WAITLISTED
    signup = create_tracked(
        ActivitySignup,
        actor=actor,
        reason=_("报名"),
        validate=False,
        activity=activity,
        deputy=deputy,
        state=state,
    )
    record_event(signup, SIGNUP, "sign_up", actor=actor, from_state="", note=deputy.name)
    return signup


def _state_error(activity: Activity) -> ApplicationError:
    from congress.exceptions import InvalidTransition

    return InvalidTransition(current_label=activity.get_state_display(), action_label=SIGNUP["sign_up"].label)


def cancel_cutoff(activity: Activity) -> dt.datetime:
    """The last moment a deputy may cancel their own place (rule, hours before the start)."""
    return activity.starts_at - dt.timedelta(hours=rule_get("deputies.activity_cancel_cutoff_hours"))


@transaction.atomic
def signup_cancel(
    *, actor: User, signup: ActivitySignup, note: str = "", now: dt.datetime | None = None
) -> ActivitySignup:
    """The deputy cancels their place or waiting-list entry before the cut-off (rule
    ``deputies.activity_cancel_cutoff_hours``; a waiting-list entry any time before the start);
    staff cancel for a deputy at any time. A freed place goes to the first on the waiting list."""
    activity = lock(Activity, signup.activity_id)
    signup = lock(ActivitySignup, signup.pk, related=("deputy",))
    SIGNUP.check_permission(signup, "cancel", actor, _("只能取消本人的报名。"), error_code="not_own")
    SIGNUP.check(signup, "cancel")
    now = now or timezone.now()
    if not permissions.can_manage_activities(actor):
        limit = cancel_cutoff(activity) if signup.state == S.REGISTERED else activity.starts_at
        if now >= limit:
            raise Conflict(
                _("已过取消报名截止时间（%(t)s），如不能参加请联系代表工委登记请假。")
                % {"t": timezone.localtime(limit).strftime("%Y-%m-%d %H:%M")},
                code="cutoff_passed",
            )
    signup = transition(
        signup, SIGNUP, "cancel", actor=actor, locked=True, changes={"cancelled_at": now}, note=note
    )
    if activity.state == Activity.State.PUBLISHED:
        _promote_waiting(activity, actor=actor)
    return signup


def check_in_token(activity: Activity) -> str:
    """The signed part of the activity's check-in address (shown as a QR code at the venue):
    it cannot be guessed from the id, and stays the same for the activity."""
    return signing.Signer(salt=CHECK_IN_SALT).sign(str(activity.pk))


def activity_id_from_token(token: str) -> int | None:
    try:
        return int(signing.Signer(salt=CHECK_IN_SALT).unsign(token))
    except (signing.BadSignature, ValueError):
        return None


def check_in_window(activity: Activity) -> tuple[dt.datetime, dt.datetime]:
    opens = activity.starts_at - dt.timedelta(minutes=rule_get("deputies.activity_check_in_opens_minutes"))
    closes = activity.ends_at or activity.starts_at + OPEN_ENDED
    return opens, closes


@transaction.atomic
def signup_check_in(*, actor: User, activity: Activity, now: dt.datetime | None = None) -> ActivitySignup:
    """The deputy, logged in on their phone, checks in by the activity's QR code at the venue:
    their place becomes attendance. Only in the check-in window (rule), only with a place."""
    deputy = _deputy_of(actor)
    activity = lock(activity)
    signup = (
        ActivitySignup.objects.select_for_update(of=("self",))
        .select_related("deputy")
        .filter(activity=activity, deputy=deputy)
        .exclude(state=S.CANCELLED)
        .first()
    )
    if signup is None:
        raise ApplicationError(_("您没有报名该活动，请联系现场工作人员登记。"), code="not_signed_up")
    if signup.state == S.ATTENDED:
        return signup
    if activity.state != Activity.State.PUBLISHED:
        raise _state_error(activity)
    now = now or timezone.now()
    opens, closes = check_in_window(activity)
    if now < opens:
        raise Conflict(
            _("签到尚未开始，%(t)s 起可以签到。") % {"t": timezone.localtime(opens).strftime("%m-%d %H:%M")},
            code="check_in_not_open",
        )
    if now > closes:
        raise Conflict(_("签到已结束。"), code="check_in_closed")
    return transition(signup, SIGNUP, "check_in", actor=actor, locked=True, changes={"checked_in_at": now})


@transaction.atomic
def signup_record_attendance(*, actor: User, signup: ActivitySignup) -> ActivitySignup:
    """Staff record a deputy's attendance by hand (no phone at the venue, or recorded absent)."""
    signup = lock(ActivitySignup, signup.pk, related=("deputy",))
    return transition(
        signup,
        SIGNUP,
        "record_attendance",
        actor=actor,
        locked=True,
        changes={"checked_in_at": signup.checked_in_at or timezone.now()},
    )


@transaction.atomic
def signup_excuse(*, actor: User, signup: ActivitySignup, note: str = "") -> ActivitySignup:
    """Staff record leave (请假) for a deputy who holds a place after the cut-off, or was recorded
    absent; the reason is the note."""
    activity = lock(Activity, signup.activity_id)
    signup = lock(ActivitySignup, signup.pk, related=("deputy",))
    SIGNUP.check_permission(signup, "excuse", actor)
    SIGNUP.check(signup, "excuse")
    note = (note or "").strip()
    if not note:
        raise field_error("note", _("请填写请假事由。"), code="required")
    signup = transition(signup, SIGNUP, "excuse", actor=actor, locked=True, note=note)
    if activity.state == Activity.State.PUBLISHED:
        # The place is free again: the waiting list moves up even after the cut-off.
        _promote_waiting(activity, actor=actor)
    return signup


@transaction.atomic
def activity_invite(*, actor: User, activity: Activity, deputies: list[Deputy]) -> int:
    """Staff who picked deputies in the resource database invite them to sign up to a published
    activity: a notice each (once per deputy and activity) with the link. Returns how many
    deputies with an account were told."""
    _require_staff(actor)
    ACTIVITY.check(activity, "update")
    users = User.objects.filter(pk__in=[d.user_id for d in deputies if d.user_id])
    created = notify(
        recipients=users,
        key=f"deputies:activity:{activity.pk}:invited",
        title=Message(gettext_noop("邀请参加：%(t)s"), t=activity.title),
        body=Message(gettext_noop("代表工委邀请您报名参加该活动，名额有限。")),
        url=reverse("portal:activity-detail", args=[activity.pk]),
    )
    record_event(
        activity, ACTIVITY, "update", actor=actor, note=_("邀请 %(n)d 位代表报名") % {"n": len(deputies)}
    )
    return len(created)
