"""Registration of paper proposals in bulk: an Excel sheet typed up during the congress session.
All or nothing: every row is checked first, and one bad row means nothing is saved and every
row's errors are reported."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from congress.exceptions import ApplicationError, PermissionDeniedError
from congress.models import User
from deputies.models import Deputy
from deputies.selectors import current_term
from proposals import permissions
from proposals.models import Category, Proposal
from proposals.services.proposals import proposal_create, proposal_submit

COLUMNS = ["类型", "标题", "内容", "类别", "领衔代表", "附议代表", "年度"]
KIND_BY_LABEL = {"建议": Proposal.Kind.SUGGESTION, "议案": Proposal.Kind.MOTION}
KIND_BY_LABEL.update({k.value: k.value for k in Proposal.Kind})


@dataclass
class ImportRow:
    number: int  # the sheet's row number, as the user sees it
    values: dict
    errors: list[str] = field(default_factory=list)
    parsed: dict = field(default_factory=dict)


class ProposalImportError(ApplicationError):
    default_code = "import_failed"

    def __init__(self, rows: list[ImportRow]):
        self.rows = rows
        super().__init__(
            _("导入失败：%(n)d 行有错误，未导入任何数据。") % {"n": sum(1 for r in rows if r.errors)},
            extra={"rows": {r.number: r.errors for r in rows if r.errors}},
        )


def read_workbook(file) -> list[ImportRow]:
    """Rows of the first sheet as dicts keyed by the header row (``COLUMNS``)."""
    from openpyxl import load_workbook

    try:
        sheet = load_workbook(file, read_only=True, data_only=True).worksheets[0]
    except Exception as exc:  # openpyxl raises many kinds for a file that is not xlsx
        raise ApplicationError(_("无法读取文件，请上传 .xlsx 格式的表格。"), code="bad_file") from exc
    rows = sheet.iter_rows(values_only=True)
    header = [str(c).strip() if c is not None else "" for c in next(rows, [])]
    missing = [c for c in COLUMNS[:5] if c not in header]
    if missing:
        raise ApplicationError(_("表头缺少列：%(cols)s") % {"cols": "、".join(missing)}, code="bad_header")
    result = []
    for number, values in enumerate(rows, start=2):
        if not any(v not in (None, "") for v in values):
            continue
        result.append(
            ImportRow(
                number=number,
                values={
                    h: ("" if v is None else str(v).strip()) for h, v in zip(header, values, strict=False)
                },
            )
        )
    return result


def _split_names(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"[、,，;；\s]+", text or "") if part.strip()]


def _deputy_lookup(term) -> tuple[dict, dict]:
    by_key, by_name = {}, {}
    for deputy in Deputy.objects.filter(term=term, is_active=True).select_related("term"):
        by_key[deputy.person_key] = deputy
        by_name.setdefault(deputy.name, []).append(deputy)
    return by_key, by_name


def _find(token: str, by_key: dict, by_name: dict, errors: list[str]) -> Deputy | None:
    if token in by_key:
        return by_key[token]
    matches = by_name.get(token, [])
    if len(matches) == 1:
        return matches[0]
    if matches:
        errors.append(_("代表“%(n)s”重名，请填写人员编号。") % {"n": token})
    else:
        errors.append(_("找不到本届在任代表“%(n)s”。") % {"n": token})
    return None


def validate_rows(rows: list[ImportRow]) -> list[ImportRow]:
    """Check every row (constant queries: the term's deputies and the categories, once)."""
    term = current_term()
    by_key, by_name = _deputy_lookup(term)
    categories = {c.name: c for c in Category.objects.filter(is_active=True)}
    for row in rows:
        v, errors = row.values, row.errors
        kind = KIND_BY_LABEL.get(v.get("类型", "") or "建议")
        if kind is None:
            errors.append(_("类型应为“建议”或“议案”。"))
        if not v.get("标题"):
            errors.append(_("标题不能为空。"))
        elif len(v["标题"]) > 200:
            errors.append(_("标题不能超过200字。"))
        if not v.get("内容"):
            errors.append(_("内容不能为空。"))
        category = None
        if v.get("类别"):
            category = categories.get(v["类别"])
            if category is None:
                errors.append(_("类别“%(c)s”不存在。") % {"c": v["类别"]})
        lead = _find(v.get("领衔代表", ""), by_key, by_name, errors) if v.get("领衔代表") else None
        if not v.get("领衔代表"):
            errors.append(_("领衔代表不能为空。"))
        cosigners = [
            d for token in _split_names(v.get("附议代表", "")) if (d := _find(token, by_key, by_name, errors))
        ]
        if lead and any(d.pk == lead.pk for d in cosigners):
            errors.append(_("附议代表不能包含领衔代表。"))
        year = None
        if v.get("年度"):
            try:
                year = int(float(v["年度"]))
            except ValueError:
                errors.append(_("年度应为四位数字。"))
        row.parsed = {
            "kind": kind,
            "title": v.get("标题", ""),
            "content": v.get("内容", ""),
            "category": category,
            "lead_deputy": lead,
            "co_signers": [d.pk for d in cosigners],
            "year": year,
        }
    return rows


@transaction.atomic
def proposals_import(*, actor: User, rows: list[ImportRow]) -> list[Proposal]:
    """Create and submit one paper proposal per row, all or nothing (staff only).
    Raises ``ProposalImportError`` with every row's errors when any row is wrong."""
    if not permissions.is_staff(actor):
        raise PermissionDeniedError(_("仅限人大常委会工作人员。"))
    validate_rows(rows)
    if any(row.errors for row in rows):
        raise ProposalImportError(rows)
    created = []
    for row in rows:
        proposal = proposal_create(actor=actor, source=Proposal.Source.PAPER, **row.parsed)
        created.append(proposal_submit(actor=actor, proposal=proposal))
    return created
