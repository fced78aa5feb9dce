"""The declared life of a filed normative document and of a citizen's review suggestion.

- A **filing** (``filed``) is reviewed by staff by its review deadline, article by article
  (``comment``: an opinion on one article or the whole, the state kept), then concluded
  (``review``): no issue, correction requested (the unit owes the corrected text by a deadline)
  or revoked. The unit submits the corrected text (``submit_correction``); staff accept it
  (``accept_correction``) or send it back (``send_back``), or revoke the document when the
  issuer does not correct it (``revoke``).
- A **suggestion** (审查建议) is received from a citizen on the public register and answered by
  staff with the result (``answer``); its events go on the filing's timeline.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from congress.casework.workflow import Workflow, action
from supervision import permissions as can
from supervision.models import FilingEvent, FilingSuggestion, NormativeDocument

F = NormativeDocument.State
S = FilingSuggestion.State

NAMESPACE = "supervision"

# What is owed in which state, and by which date field (staff: the review; the unit: the text).
FILING_OWED = {F.FILED: "review_due", F.CORRECTION_REQUESTED: "correction_due"}
# What the issuing unit owes (its inbox).
FILING_UNIT_OWED = {F.CORRECTION_REQUESTED: "correction_due"}

FILING = Workflow(
    name="filing",
    model=NormativeDocument,
    event_model=FilingEvent,
    event_owner=lambda filing: {"filing": filing},
    namespace=NAMESPACE,
    actions=[
        # Written by ``filing_create``.
        action("create", _("报备"), [], F.FILED, permission=can.can_file_document),
        action("comment", _("逐条审查意见"), [F.FILED], permission=can.is_staff),
        action(
            "review",
            _("作出审查结论"),
            [F.FILED],
            targets=[F.NO_ISSUE, F.CORRECTION_REQUESTED, F.REVOKED],
            permission=can.is_staff,
        ),
        action(
            "submit_correction",
            _("报送纠正后文本"),
            [F.CORRECTION_REQUESTED],
            F.CORRECTION_SUBMITTED,
            permission=can.acts_for_unit,
        ),
        action(
            "accept_correction",
            _("确认已纠正"),
            [F.CORRECTION_SUBMITTED],
            F.CORRECTED,
            permission=can.is_staff,
        ),
        action(
            "send_back",
            _("退回继续纠正"),
            [F.CORRECTION_SUBMITTED],
            F.CORRECTION_REQUESTED,
            permission=can.is_staff,
        ),
        action("consult", _("咨询专家"), list(F.values), permission=can.is_staff),
        action(
            "revoke",
            _("撤销文件"),
            [F.CORRECTION_REQUESTED, F.CORRECTION_SUBMITTED],
            F.REVOKED,
            permission=can.is_staff,
        ),
    ],
)

SUGGESTION = Workflow(
    name="filing_suggestion",
    model=FilingSuggestion,
    event_model=FilingEvent,
    event_owner=lambda suggestion: {"filing_id": suggestion.filing_id, "suggestion": suggestion},
    event_prefix="suggestion_",
    namespace=NAMESPACE,
    actions=[
        # Written by ``suggestion_submit`` (a citizen, no account).
        action("create", _("提出审查建议"), [], S.RECEIVED),
        action("answer", _("答复审查建议"), [S.RECEIVED], S.ANSWERED, permission=can.is_staff),
    ],
)
