"""Every write of the budget app: fiscal years and their code lists, and the import of a book's
stage (JSON from the API, the finance bureau's workbook from the admin). Callers are staff
(``permissions.can_manage_budget``): the views check, the services assume it."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from budget.economic import economic_codes
from budget.models import (
    LEVEL_OF_LENGTH,
    BookStage,
    BudgetLine,
    ClassificationCode,
    FiscalYear,
    Side,
    parent_code_of,
    side_of,
)
from congress import caching
from congress.exceptions import ApplicationError

DATA_DIR = Path(__file__).resolve().parent / "data"
CODE_RE = re.compile(r"^\d{3}(\d{2}){0,2}$")
MAX_AMOUNT = Decimal("9999999999999999.99")  # max_digits=18, decimal_places=2
WAN = Decimal(10000)
PROGRESS_EVERY = 1000  # lines between two progress reports of a background workbook import


# --- fiscal years and code lists -----------------------------------------------------------------


def shipped_editions() -> dict[int, Path]:
    """The national code lists shipped with the portal (``budget/data/classification_<year>.tsv``)."""
    found = {}
    for path in DATA_DIR.glob("classification_*.tsv"):
        year = path.stem.rsplit("_", 1)[-1]
        if year.isdecimal():
            found[int(year)] = path
    return found


def read_edition(path: Path) -> list[tuple[str, str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        code, name = line.split("\t", 1)
        rows.append((code.strip(), name.strip()))
    return rows


def _edition_for(year: int) -> tuple[int, Path]:
    editions = shipped_editions()
    usable = [y for y in editions if y <= year] or [min(editions)]
    chosen = max(usable)
    return chosen, editions[chosen]


def _code_row(fiscal_year: FiscalYear, code: str, name: str, retired: bool = False) -> ClassificationCode:
    return ClassificationCode(
        fiscal_year=fiscal_year,
        code=code,
        name=name,
        level=LEVEL_OF_LENGTH[len(code)],
        parent_code=parent_code_of(code),
        retired=retired,
    )


@transaction.atomic
def fiscal_year_create(*, year: int, actor) -> FiscalYear:
    """A new fiscal year starts from the latest list there is: the code list of the most recent
    year already in the portal, or — for the first year — the national list shipped with the
    portal for that year (the latest edition not after it). Staff then edit the year's list."""
    if not 2000 <= int(year) <= 2100:
        raise ApplicationError(
            _("年度应在 2000 至 2100 之间。"), extra={"year": [_("年度应在 2000 至 2100 之间。")]}
        )
    if FiscalYear.objects.filter(year=year).exists():
        message = _("%(year)s年度已存在。") % {"year": year}
        raise ApplicationError(message, code="duplicate", extra={"year": [message]})
    latest = FiscalYear.objects.order_by("-year").first()
    fiscal_year = FiscalYear(year=year, created_by=actor)
    if latest is not None:
        fiscal_year.code_source = _("复制自%(year)s年度科目表") % {"year": latest.year}
        rows = list(latest.codes.values_list("code", "name", "retired"))
    else:
        edition, path = _edition_for(year)
        fiscal_year.code_source = _("全国政府收支分类科目（%(year)s年版）") % {"year": edition}
        rows = [(code, name, False) for code, name in read_edition(path)]
    fiscal_year._history_user = actor
    fiscal_year.save()
    # Bulk: a list is about a thousand codes; their history starts with the first edit.
    ClassificationCode.objects.bulk_create([_code_row(fiscal_year, *row) for row in rows], batch_size=1000)
    caching.bump_on_commit("budget")
    return fiscal_year


def _code_errors(fiscal_year: FiscalYear, code: str) -> list[str]:
    if not CODE_RE.match(code or ""):
        return [_("科目编码应为 3 位（类）、5 位（款）或 7 位（项）数字。")]
    parent = parent_code_of(code)
    if parent and not fiscal_year.codes.filter(code=parent).exists():
        return [_("上级科目 %(code)s 不在本年度科目表中，请先添加上级科目。") % {"code": parent}]
    if fiscal_year.codes.filter(code=code).exists():
        return [_("本年度科目表中已有科目 %(code)s。") % {"code": code}]
    return []


def code_add(*, fiscal_year: FiscalYear, code: str, name: str, actor) -> ClassificationCode:
    """Add a code to a year's list: 3, 5 or 7 digits, its parent already in the list."""
    code, name = (code or "").strip(), (name or "").strip()
    errors = _code_errors(fiscal_year, code)
    if errors:
        raise ApplicationError(errors[0], extra={"code": errors})
    if not name:
        raise ApplicationError(_("请填写科目名称。"), extra={"name": [_("请填写科目名称。")]})
    row = _code_row(fiscal_year, code, name)
    row._history_user = actor
    row.save()
    return row


def code_update(*, code: ClassificationCode, name: str, retired: bool, actor) -> ClassificationCode:
    """Rename or retire (or bring back) a code; its history keeps the old name. A code's number
    never changes: a new number is a new code."""
    name = (name or "").strip()
    if not name:
        raise ApplicationError(_("请填写科目名称。"), extra={"name": [_("请填写科目名称。")]})
    code.name = name
    code.retired = retired
    code._history_user = actor
    code.save(update_fields=["name", "retired"])
    return code


# --- importing a book's stage --------------------------------------------------------------------


@dataclass
class LineError:
    line: int  # 1-based position in the JSON list, or the workbook's row number
    code: str
    message: str

    def as_dict(self) -> dict:
        return {"line": self.line, "code": self.code, "message": self.message}


class BudgetImportError(ApplicationError):
    """The lines were refused whole; ``errors`` names each bad line."""

    default_code = "invalid_lines"

    def __init__(self, errors: list[LineError], *, message=None):
        self.errors = errors
        message = message or _("有 %(n)d 处错误，未导入任何科目。") % {"n": len(errors)}
        super().__init__(message, extra={"lines": [e.as_dict() for e in errors]})


def _amount(value) -> Decimal | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        amount = Decimal(str(value).strip().replace(",", ""))
    except (InvalidOperation, ValueError):
        return None
    return amount if amount.is_finite() else None


def _economic_code(value) -> str:
    """An optional economic classification code as given (Excel may have made it a number)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return "" if value is None else str(value).strip()


def _check_lines(
    fiscal_year: FiscalYear, raw: list[dict], numbers: list[int]
) -> tuple[list, list[LineError]]:
    """Parse and check every line; return the clean lines and every error (none stops the check)."""
    known = dict(fiscal_year.codes.values_list("code", "retired"))
    names = dict(fiscal_year.codes.values_list("code", "name"))
    errors: list[LineError] = []
    clean: dict[str, dict] = {}
    for item, number in zip(raw, numbers, strict=True):
        if not isinstance(item, dict):
            errors.append(LineError(number, "", _("每一行应包含科目编码、科目名称和金额。")))
            continue
        code = str(item.get("code") or "").strip()
        name = str(item.get("name") or "").strip()
        amount = _amount(item.get("amount"))
        bad = []
        if not CODE_RE.match(code):
            bad.append(_("科目编码“%(code)s”格式不正确：应为 3、5 或 7 位数字。") % {"code": code})
        elif code not in known:
            bad.append(
                _("科目编码 %(code)s 不在%(year)s年度科目表中。") % {"code": code, "year": fiscal_year.year}
            )
        elif known[code]:
            bad.append(_("科目 %(code)s 已停用，不能再列预算。") % {"code": code})
        elif code in clean:
            bad.append(_("科目编码 %(code)s 重复出现。") % {"code": code})
        if amount is None:
            bad.append(_("金额应为数字（单位：元）。"))
        elif amount < 0:
            bad.append(_("金额不能为负数。"))
        elif amount != amount.quantize(Decimal("0.01")):
            bad.append(_("金额最多保留两位小数。"))
        elif amount > MAX_AMOUNT:
            bad.append(_("金额超出范围。"))
        if len(name) > 100:
            bad.append(_("科目名称不能超过 100 个字。"))
        economic = _economic_code(item.get("economic_code"))
        if economic:
            if economic not in economic_codes():
                bad.append(_("经济分类科目 %(code)s 不在支出经济分类科目表中。") % {"code": economic})
            elif side_of(code) != Side.EXPENDITURE:
                bad.append(_("收入科目不列经济分类。"))
        errors += [LineError(number, code, message) for message in bad]
        if not bad:
            clean[code] = {
                "number": number,
                "name": name or names[code],
                "amount": amount,
                "economic": economic,
            }
    # The tree: every 款 and 项 under a line of the book, every parent the sum of its children.
    children_sum: dict[str, Decimal] = {}
    for code, line in clean.items():
        parent = parent_code_of(code)
        if parent:
            children_sum[parent] = children_sum.get(parent, Decimal(0)) + line["amount"]
            if parent not in clean and not any(e.code == parent for e in errors):
                errors.append(
                    LineError(
                        line["number"], code, _("缺少上级科目 %(parent)s 这一行。") % {"parent": parent}
                    )
                )
    for code, total in children_sum.items():
        line = clean.get(code)
        if line is not None and line["amount"] != total:
            errors.append(
                LineError(
                    line["number"],
                    code,
                    _("科目 %(code)s 的金额 %(amount)s 元不等于下级科目合计 %(total)s 元。")
                    % {"code": code, "amount": f"{line['amount']:,.2f}", "total": f"{total:,.2f}"},
                )
            )
    if not raw:
        errors.append(LineError(0, "", _("没有任何科目行。")))
    errors.sort(key=lambda e: (e.line, e.code))
    return [(code, line) for code, line in sorted(clean.items())], errors


@transaction.atomic
def book_stage_import(
    *, fiscal_year: FiscalYear, book: str, stage: str, lines: list, actor, source: str = "", numbers=None
) -> BookStage:
    """Store a book's stage whole or not at all. Every line's code must be in the year's list
    (and not retired), amounts yuan, not negative, every parent equal to the sum of its
    children; any bad line refuses the whole import (``BudgetImportError`` naming each).
    Importing a stage again replaces its lines (the stage's history keeps who and when)."""
    numbers = numbers or list(range(1, len(lines) + 1))
    clean, errors = _check_lines(fiscal_year, lines, numbers)
    if errors:
        raise BudgetImportError(errors)
    book_stage = (
        BookStage.objects.select_for_update().filter(fiscal_year=fiscal_year, book=book, stage=stage).first()
    )
    if book_stage is None:
        book_stage = BookStage(fiscal_year=fiscal_year, book=book, stage=stage)
    else:
        book_stage.lines.all().delete()
    book_stage.line_count = len(clean)
    book_stage.source = source[:100]
    book_stage.imported_at = timezone.now()
    book_stage.imported_by = actor
    book_stage._history_user = actor
    book_stage.save()
    BudgetLine.objects.bulk_create(
        [
            BudgetLine(
                book_stage=book_stage,
                code=code,
                name=line["name"],
                amount=line["amount"],
                level=LEVEL_OF_LENGTH[len(code)],
                parent_code=parent_code_of(code),
                side=side_of(code),
                economic_code=line["economic"],
            )
            for code, line in clean
        ],
        batch_size=2000,
    )
    caching.bump_on_commit("budget")
    return book_stage


# --- the finance bureau's workbook ---------------------------------------------------------------

CODE_HEADERS = ("科目编码", "功能分类科目编码", "编码")
NAME_HEADERS = ("科目名称", "功能分类科目名称", "名称")
ECONOMIC_HEADERS = ("经济分类科目编码", "经济分类编码", "经济分类")
AMOUNT_HEADERS = (
    "金额",
    "预算数",
    "决算数",
    "调整预算数",
    "金额（元）",
    "金额(元)",
    "金额（万元）",
    "金额(万元)",
)


def read_workbook(file, *, in_wan: bool = False, progress=None) -> tuple[list[dict], list[int]]:
    """The first sheet's lines and their Excel row numbers. The header row is the first row
    naming a code column (the bureau's sheets carry a title and a unit line above it); amounts
    in 万元 are converted to yuan. ``progress(rows_read)`` is called every ``PROGRESS_EVERY`` lines."""
    import openpyxl

    data = file.read() if hasattr(file, "read") else Path(file).read_bytes()
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not xlsx
        raise BudgetImportError([], message=_("无法读取文件，请上传 Excel（.xlsx）格式的预算表。")) from exc
    columns = None
    lines, numbers = [], []
    for number, values in enumerate(book.active.iter_rows(values_only=True), start=1):
        cells = ["" if v is None else str(v).strip() for v in values]
        if columns is None:
            heads = [c.replace(" ", "") for c in cells]
            code_col = next((i for i, h in enumerate(heads) if h in CODE_HEADERS), None)
            if code_col is not None:
                name_col = next((i for i, h in enumerate(heads) if h in NAME_HEADERS), None)
                amount_col = next((i for i, h in enumerate(heads) if h in AMOUNT_HEADERS), None)
                if amount_col is None:
                    raise BudgetImportError([], message=_("找不到金额列：表头应有“金额”“预算数”或“决算数”。"))
                if any("万元" in h for h in heads) or any("万元" in c for c in cells):
                    in_wan = True
                economic_col = next((i for i, h in enumerate(heads) if h in ECONOMIC_HEADERS), None)
                columns = (code_col, name_col, amount_col, economic_col)
            elif any("万元" in c for c in cells):
                in_wan = True  # the unit line above the header (单位：万元)
            continue
        if not any(cells):
            continue
        code_col, name_col, amount_col, economic_col = columns

        def get(i, values=values):
            return values[i] if i is not None and i < len(values) else None

        amount = get(amount_col)
        if in_wan:
            parsed = _amount(amount)
            amount = parsed * WAN if parsed is not None else amount
        code = get(code_col)
        # Excel may have turned a code into a number: 2050101.0
        code = str(int(code)) if isinstance(code, float) and code.is_integer() else code
        line = {
            "code": "" if code is None else str(code).strip(),
            "name": get(name_col) or "",
            "amount": amount,
        }
        if economic_col is not None:
            line["economic_code"] = get(economic_col)
        lines.append(line)
        numbers.append(number)
        if progress is not None and len(lines) % PROGRESS_EVERY == 0:
            progress(len(lines))
    book.close()
    if columns is None:
        raise BudgetImportError([], message=_("找不到表头：应有一行写明“科目编码”“科目名称”“金额”。"))
    if not lines:
        raise BudgetImportError([], message=_("文件中没有科目数据。"))
    return lines, numbers


def book_stage_import_workbook(
    *, fiscal_year: FiscalYear, book: str, stage: str, file, actor, in_wan: bool = False
) -> BookStage:
    """The admin's import: the workbook's lines through the same checks, row numbers as Excel
    shows them; refused whole on any error."""
    lines, numbers = read_workbook(file, in_wan=in_wan)
    name = getattr(file, "name", "") or ""
    return book_stage_import(
        fiscal_year=fiscal_year,
        book=book,
        stage=stage,
        lines=lines,
        numbers=numbers,
        actor=actor,
        source=_("Excel：%(name)s") % {"name": Path(name).name} if name else "Excel",
    )
