"""The declared life of the yearly major-matter list and of a major-matter report (seed 九).
Declarations only; ``supervision.services.major_matters`` moves them through the kernel.

- A **yearly list** is drafted by staff with the government, then agreed (published). Items
  change freely while drafted; once agreed, an added item carries its reason and an item is
  dropped (never deleted) with its reason.
- A **major matter** is registered by the unit before the decision; staff return it for more
  material (the unit resubmits), or take note of it without deliberation (concluded), or
  schedule it for a standing-committee meeting; the opinion is sent with a feedback deadline
  from the rule; the unit feeds back how it was taken up; staff conclude it (public unless
  withheld with a reason).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from congress.casework.workflow import Workflow, action
from supervision import permissions as can
from supervision.models_major_matters import (
    MajorMatter,
    MajorMatterEvent,
    MajorMatterList,
    MajorMatterListEvent,
)

L = MajorMatterList.State
M = MajorMatter.State

NAMESPACE = "supervision"

MATTER_LIST = Workflow(
    name="major_matter_list",
    model=MajorMatterList,
    event_model=MajorMatterListEvent,
    event_owner=lambda matter_list: {"matter_list": matter_list},
    namespace=NAMESPACE,
    actions=[
        # Written by ``major_matter_list_create``.
        action("create", _("起草年度目录"), [], L.DRAFTED, permission=can.is_staff),
        action("agree", _("协商确定并公布"), [L.DRAFTED], L.AGREED, permission=can.is_staff),
        action("add_item", _("增加目录事项"), list(L.values), permission=can.is_staff),
        action("drop_item", _("撤销目录事项"), list(L.values), permission=can.is_staff),
    ],
)

# What the unit owes, and by which date field (None: owed, no deadline).
MAJOR_MATTER_OWED = {M.RETURNED: None, M.OPINION_SENT: "feedback_due"}

MAJOR_MATTER = Workflow(
    name="major_matter",
    model=MajorMatter,
    event_model=MajorMatterEvent,
    event_owner=lambda matter: {"matter": matter},
    namespace=NAMESPACE,
    actions=[
        # Written by ``major_matter_register``.
        action("register", _("报告重大事项"), [], M.REGISTERED, permission=can.can_register_major_matter),
        action("return", _("退回补充"), [M.REGISTERED], M.RETURNED, permission=can.is_staff),
        action("resubmit", _("补充后重新报告"), [M.RETURNED], M.REGISTERED, permission=can.acts_for_unit),
        action("take_note", _("书面报告，不再审议"), [M.REGISTERED], M.CONCLUDED, permission=can.is_staff),
        action("schedule", _("安排审议"), [M.REGISTERED], M.SCHEDULED, permission=can.is_staff),
        action("send_opinion", _("送交审议意见"), [M.SCHEDULED], M.OPINION_SENT, permission=can.is_staff),
        action(
            "feed_back",
            _("反馈审议意见采纳情况"),
            [M.OPINION_SENT],
            M.FEEDBACK_RECEIVED,
            permission=can.can_feed_back_major_matter,
        ),
        action("conclude", _("办结"), [M.FEEDBACK_RECEIVED], M.CONCLUDED, permission=can.is_staff),
    ],
)
