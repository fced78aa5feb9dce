"""The reply letter (答复函) of a disclosed proposal as an official document (``congress.pdf``,
GB/T 9704-2012 letter layout): one letter per confirmed reply of a handling unit, each from a
new page, with what the public page shows and nothing more.

The 发文字号 is derived from the proposal's serial, the one number the system gives it:
``2026-建-0007`` replied by 区教育局 prints as 区教育局建〔2026〕7号.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from congress.pdf import OfficialDocument, paragraphs
from proposals.models import Proposal, Reply


def letter_number(proposal: Proposal, unit_label: str) -> str:
    """``<unit><建|议>〔<year>〕<n>号`` from a serial ``<year>-<建|议>-<nnnn>``; the serial
    itself when it has another shape, "" without one."""
    parts = (proposal.serial or "").split("-")
    if len(parts) == 3 and parts[0].isdecimal() and parts[2].isdecimal():
        year, letter, number = parts
        return f"{unit_label}{letter}〔{year}〕{int(number)}号"
    return proposal.serial or ""


def reply_letters(proposal: Proposal) -> list[OfficialDocument]:
    """The letters of a proposal from ``selectors.public_proposal_get`` (its assignments with
    ``public_replies``): confirmed replies only, follow-up reports left out."""
    letters = []
    for assignment in proposal.assignments.all():
        unit = assignment.unit
        for reply in assignment.public_replies:
            if reply.kind != Reply.Kind.REPLY:
                continue
            signed = timezone.localdate(reply.reviewed_at or reply.submitted_at)
            letters.append(
                OfficialDocument(
                    issuer=unit.name,
                    letter=True,
                    number=letter_number(proposal, unit.short_name or unit.name),
                    marks=_("答复分类：%(code)s") % {"code": reply.reply_class},
                    title=_("关于《%(title)s》的答复") % {"title": proposal.title},
                    addressee=_("%(name)s代表") % {"name": proposal.lead_deputy.name},
                    paragraphs=paragraphs(reply.content),
                    date=signed,
                    note=_("此件公开发布"),
                    printed_by=unit.name,
                    printed_on=signed,
                )
            )
    return letters
