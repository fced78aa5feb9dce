"""The declared life of a public hearing (听证) and of a citizen's sign-up.

- A **hearing** is drafted by staff, published (the notice goes public and sign-up opens in its
  window), participants are selected after the window closes (balanced by stance, with a
  reason), it is held, its record is written (who spoke, for what), and it is concluded with the
  report and how the opinions were taken up — all public. Staff may cancel it before it is held.
- A **sign-up** is written by a citizen without an account (``create``, no actor); staff's
  selection moves each pending one to selected or not selected, and the notice each is told
  is recorded on it (shown on the receipt page: no SMS is sent).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from congress.casework.workflow import Workflow, action
from supervision import permissions as can
from supervision.models_hearings import HearingSignup, PublicHearing, PublicHearingEvent

H = PublicHearing.State
S = HearingSignup.State

NAMESPACE = "supervision"

HEARING = Workflow(
    name="public_hearing",
    model=PublicHearing,
    event_model=PublicHearingEvent,
    event_owner=lambda hearing: {"hearing": hearing},
    namespace=NAMESPACE,
    actions=[
        # Written by ``hearing_create``.
        action("create", _("拟定听证公告"), [], H.DRAFTED, permission=can.is_staff),
        action("edit", _("修改听证公告"), [H.DRAFTED, H.PUBLISHED], permission=can.is_staff),
        action("publish", _("发布听证公告"), [H.DRAFTED], H.PUBLISHED, permission=can.is_staff),
        action("select", _("遴选陈述人"), [H.PUBLISHED], H.SELECTED, permission=can.is_staff),
        action("hold", _("听证会举行"), [H.SELECTED], H.HELD, permission=can.is_staff),
        action("speak", _("记录发言"), [H.HELD], permission=can.is_staff),
        action("conclude", _("公布听证报告"), [H.HELD], H.CONCLUDED, permission=can.is_staff),
        action("consult", _("咨询专家"), list(H.values), permission=can.is_staff),
        action(
            "cancel",
            _("取消听证"),
            [H.DRAFTED, H.PUBLISHED, H.SELECTED],
            H.CANCELLED,
            permission=can.is_staff,
        ),
    ],
)

SIGNUP = Workflow(
    name="hearing_signup",
    model=HearingSignup,
    event_model=PublicHearingEvent,
    event_owner=lambda signup: {"hearing_id": signup.hearing_id, "signup": signup},
    event_prefix="signup_",
    namespace=NAMESPACE,
    actions=[
        # Written by ``hearing_signup_create`` (a citizen, no account: the system records it).
        action("create", _("公民报名"), [], S.PENDING),
        action("select", _("选为陈述人"), [S.PENDING], S.SELECTED, permission=can.is_staff),
        action("reject", _("未被选中"), [S.PENDING], S.NOT_SELECTED, permission=can.is_staff),
    ],
)
