"""The declared life of an activity and of a deputy's sign-up (seed 十四). Declarations only;
``deputies.services_activities`` moves them through the kernel.

- An **activity** is published by staff with a number of places; staff close it after it took
  place (who never checked in is recorded absent) or cancel it (every live sign-up ends).
- A **sign-up** is ``registered`` while places remain, else ``waitlisted``; a waitlisted one is
  promoted, in order of signing up, when a place frees. The deputy cancels before the cut-off
  (rule ``deputies.activity_cancel_cutoff_hours``), staff at any time; after the cut-off staff
  record leave instead. The deputy checks in by the QR code at the venue; staff may record
  attendance by hand.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from congress.casework.workflow import Workflow, action
from deputies import permissions as can
from deputies.models_activities import Activity, ActivityEvent, ActivitySignup

A = Activity.State
S = ActivitySignup.State

NAMESPACE = "deputies"

ACTIVITY = Workflow(
    name="activity",
    model=Activity,
    event_model=ActivityEvent,
    event_owner=lambda activity: {"activity": activity},
    namespace=NAMESPACE,
    actions=[
        # Written by ``activity_publish``.
        action("publish", _("发布活动"), [], A.PUBLISHED, permission=can.can_manage_activities),
        action("update", _("修改活动"), [A.PUBLISHED], permission=can.can_manage_activities),
        action("close", _("结束活动"), [A.PUBLISHED], A.CLOSED, permission=can.can_manage_activities),
        action("cancel", _("取消活动"), [A.PUBLISHED], A.CANCELLED, permission=can.can_manage_activities),
    ],
)

SIGNUP = Workflow(
    name="activity_signup",
    model=ActivitySignup,
    event_model=ActivityEvent,
    event_owner=lambda signup: {"activity_id": signup.activity_id, "signup": signup},
    event_prefix="signup_",
    namespace=NAMESPACE,
    actions=[
        # Written by ``activity_sign_up``: a place if one is free, else the waiting list.
        action("sign_up", _("报名"), [], targets=[S.REGISTERED, S.WAITLISTED], permission=can.is_deputy),
        # A place freed: the first on the waiting list takes it (the system, on someone's cancel).
        action("promote", _("候补转正"), [S.WAITLISTED], S.REGISTERED),
        action(
            "cancel",
            _("取消报名"),
            [S.REGISTERED, S.WAITLISTED],
            S.CANCELLED,
            permission=can.can_cancel_signup,
        ),
        action("check_in", _("扫码签到"), [S.REGISTERED], S.ATTENDED, permission=can.owns_signup),
        action(
            "record_attendance",
            _("登记出席"),
            [S.REGISTERED, S.ABSENT, S.EXCUSED],
            S.ATTENDED,
            permission=can.can_manage_activities,
        ),
        action(
            "excuse", _("登记请假"), [S.REGISTERED, S.ABSENT], S.EXCUSED, permission=can.can_manage_activities
        ),
        # Closing the activity: who held a place and never checked in.
        action("mark_absent", _("记为缺席"), [S.REGISTERED], S.ABSENT),
        # Cancelling the activity ends every live sign-up.
        action("end", _("随活动取消"), [S.REGISTERED, S.WAITLISTED], S.CANCELLED),
    ],
)
