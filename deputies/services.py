"""Writes of the deputies registry: roster import and export, linking a login to a deputy,
and the deputy's own choices of what is public. Every write leaves a history row that names
the acting user."""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import tablib
from django.contrib.auth.models import Group
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm, remove_perm
from import_export.formats.base_formats import XLSX
from import_export.results import RowResult

from congress import roles
from congress.exceptions import ApplicationError, PermissionDeniedError
from deputies.models import Deputy
from deputies.permissions import CHANGE_DEPUTY, can_edit_deputy_profile, can_manage_deputy_registry
from deputies.resources import COLUMNS, DeputyResource

# --- roster import and export ---


@dataclass(frozen=True)
class RosterRowError:
    """One problem in the sheet. ``row`` is the row number as Excel shows it (the header is
    row 1), None for a problem with the whole file; ``column`` is the Chinese header."""

    row: int | None
    column: str
    message: str

    def __str__(self):
        where = _("第%(row)d行") % {"row": self.row} if self.row else _("文件")
        return f"{where}{'「' + self.column + '」' if self.column else ''}：{self.message}"


class RosterImportError(ApplicationError):
    """The roster was rejected whole; ``errors`` lists every problem found."""

    default_code = "roster_invalid"

    def __init__(self, errors: list[RosterRowError]):
        super().__init__(
            _("代表名册有 %(n)d 处错误，未导入任何数据。") % {"n": len(errors)},
            extra={"errors": [{"row": e.row, "column": e.column, "message": e.message} for e in errors]},
        )
        self.errors = errors


@dataclass
class RosterImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    dry_run: bool = False
    errors: list[RosterRowError] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


def _read_xlsx(file) -> tuple[tablib.Dataset, list[int]]:
    """The first sheet as a dataset, blank rows left out, and for each dataset row the row
    number Excel shows, so errors point at the right line even when blank rows were skipped."""
    import openpyxl

    if isinstance(file, str | Path):
        data = Path(file).read_bytes()
    elif isinstance(file, bytes):
        data = file
    else:
        if hasattr(file, "seek"):
            file.seek(0)
        data = file.read()
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not xlsx
        raise RosterImportError(
            [RosterRowError(None, "", _("无法读取文件，请上传 Excel（.xlsx）格式的代表名册。"))]
        ) from exc
    rows = book.active.iter_rows(values_only=True)
    header = next(rows, None)
    if not header or not any(header):
        raise RosterImportError([RosterRowError(None, "", _("文件为空：第一行应为列标题。"))])
    headers = [str(h).strip().rstrip("*＊").strip() if h is not None else "" for h in header]
    dataset = tablib.Dataset(headers=headers)
    excel_rows = []
    for number, values in enumerate(rows, start=2):
        values = list(values)[: len(headers)]
        if all(v is None or str(v).strip() == "" for v in values):
            continue
        dataset.append(values + [None] * (len(headers) - len(values)))
        excel_rows.append(number)
    book.close()
    if not excel_rows:
        raise RosterImportError([RosterRowError(None, "", _("文件中没有代表数据。"))])
    return dataset, excel_rows


def _collect_errors(result, resource: DeputyResource, excel_rows: list[int]) -> list[RosterRowError]:
    if result.base_errors:
        # A problem with the whole file (missing columns): row errors would only repeat it.
        return [RosterRowError(None, "", str(error.error)) for error in result.base_errors]
    errors = []
    for number, row_errors in result.row_errors():
        for error in row_errors:
            message = (
                error.error.messages[0] if isinstance(error.error, ValidationError) else str(error.error)
            )
            errors.append(RosterRowError(excel_rows[number - 1], "", message))
    for invalid in result.invalid_rows:
        row = excel_rows[invalid.number - 1]
        for attribute, messages in invalid.error_dict.items():
            column = "" if attribute == NON_FIELD_ERRORS else resource.column_of(attribute)
            for message in messages:
                errors.append(RosterRowError(row, column, str(message)))
    order = {column: index for index, column in enumerate(COLUMNS.values())}
    errors.sort(key=lambda e: (e.row or 0, order.get(e.column, -1)))
    return errors


@transaction.atomic
def roster_import(*, file, actor, dry_run: bool = False) -> RosterImportResult:
    """Import a deputy roster (.xlsx with the columns of ``deputies.resources.COLUMNS``).

    All or nothing: if any row is invalid — an unknown group or constituency, a bad date,
    a missing name, a person listed twice — nothing is written and ``RosterImportError``
    lists every problem by Excel row and column. Each deputy created or changed gets a
    history row naming ``actor``. ``dry_run`` checks the file and reports what would change.
    Committee staff only (the admin, the ``import_roster`` command)."""
    if not can_manage_deputy_registry(actor):
        raise PermissionDeniedError(_("只有常委会工作人员可以导入代表名册。"))
    dataset, excel_rows = _read_xlsx(file)
    resource = DeputyResource(actor=actor)
    result = resource.import_data(
        dataset, dry_run=dry_run, raise_errors=False, use_transactions=True, user=actor
    )
    errors = _collect_errors(result, resource, excel_rows)
    if errors:
        raise RosterImportError(errors)
    totals = result.totals
    return RosterImportResult(
        created=totals[RowResult.IMPORT_TYPE_NEW],
        updated=totals[RowResult.IMPORT_TYPE_UPDATE],
        unchanged=totals[RowResult.IMPORT_TYPE_SKIP],
        dry_run=dry_run,
    )


def roster_export(*, deputies: QuerySet[Deputy]) -> bytes:
    """The given deputies as an .xlsx roster that ``roster_import`` reads back unchanged."""
    deputies = deputies.select_related("term", "group", "constituency")
    dataset = DeputyResource().export(queryset=deputies)
    return XLSX().export_data(dataset)


# --- accounts and the deputy's own profile ---


@transaction.atomic
def deputy_link_user(*, deputy: Deputy, user, actor) -> Deputy:
    """Make ``user`` the login of ``deputy`` (or unlink with ``user=None``): sets the link,
    gives the account the deputy role and the object permission ``deputies.change_deputy``
    on this row only (what lets the deputy edit their own public fields and contact), and
    takes that permission from a previous account. One account belongs to one deputy row.
    Committee staff (admin) and the demo loader call this."""
    deputy = Deputy.objects.select_for_update().get(pk=deputy.pk)
    if user is not None:
        other = Deputy.objects.filter(user=user).exclude(pk=deputy.pk).select_related("term").first()
        if other is not None:
            raise ApplicationError(
                _("账号“%(user)s”已关联%(term)s代表%(name)s。")
                % {"user": user.username, "term": other.term.name, "name": other.name},
                code="user_already_linked",
            )
    previous = deputy.user
    if previous is not None and previous != user:
        remove_perm(CHANGE_DEPUTY, previous, deputy)
        previous.__dict__.pop("_congress_deputy", None)
    if deputy.user_id != (user.pk if user else None):
        deputy.user = user
        deputy._history_user = actor
        deputy._change_reason = _("关联登录账号") if user else _("解除登录账号关联")
        deputy.save(update_fields=["user", "updated_at"])
    if user is not None:
        assign_perm(CHANGE_DEPUTY, user, deputy)
        user.groups.add(Group.objects.get_or_create(name=roles.DEPUTY)[0])
        user.__dict__.pop("_congress_roles", None)
        user.__dict__.pop("_congress_deputy", None)
    return deputy


PUBLIC_FIELD_NAMES = tuple(name for name, _label in Deputy.PUBLIC_FIELD_CHOICES)


@transaction.atomic
def deputy_update_own_profile(
    *,
    deputy: Deputy,
    actor,
    public_fields: Iterable[str] | None = None,
    phone: str | None = None,
    email: str | None = None,
    handling_contact: str | None = None,
    record_public_items: Iterable[str] | None = None,
) -> Deputy:
    """A deputy chooses which of their fields the public sees and updates their own phone,
    e-mail and the contact handling units see (办理联系方式); nothing else of the record is theirs to change. Allowed to whoever holds
    ``deputies.change_deputy`` on this row (the deputy's own account). Writes one history
    row naming ``actor`` when something changed."""
    deputy = Deputy.objects.select_for_update().get(pk=deputy.pk)
    if not can_edit_deputy_profile(actor, deputy):
        raise PermissionDeniedError(_("您只能修改本人的代表信息。"))
    changed = []
    if public_fields is not None:
        chosen = set(public_fields)
        unknown = chosen - set(PUBLIC_FIELD_NAMES)
        if unknown:
            raise ApplicationError(
                _("未知的公开字段：%(f)s") % {"f": "、".join(sorted(unknown))},
                code="invalid_public_field",
                extra={"public_fields": [_("未知的公开字段：%(f)s") % {"f": "、".join(sorted(unknown))}]},
            )
        ordered = [name for name in PUBLIC_FIELD_NAMES if name in chosen]
        if ordered != deputy.public_fields:
            deputy.public_fields = ordered
            changed.append("public_fields")
    if record_public_items is not None:
        from deputies.rules import RECORD_ITEMS
        from deputies.selectors_record import record_item_codes

        chosen = set(record_public_items)
        unknown = chosen - set(RECORD_ITEMS)
        if unknown:
            message = _("未知的履职项目：%(f)s") % {"f": "、".join(sorted(unknown))}
            raise ApplicationError(
                message, code="invalid_record_item", extra={"record_public_items": [message]}
            )
        hidden = [code for code in record_item_codes() if code not in chosen]
        if hidden != deputy.record_hidden_items:
            deputy.record_hidden_items = hidden
            changed.append("record_hidden_items")
    for name, value in (("phone", phone), ("email", email), ("handling_contact", handling_contact)):
        if value is not None and value.strip() != getattr(deputy, name):
            setattr(deputy, name, value.strip())
            changed.append(name)
    if not changed:
        return deputy
    excluded = [f.name for f in Deputy._meta.fields if f.name not in changed]
    try:
        deputy.clean_fields(exclude=excluded)
    except ValidationError as exc:
        raise ApplicationError(
            _("请更正标出的错误。"), code="invalid", extra={k: list(v) for k, v in exc.message_dict.items()}
        ) from exc
    deputy._history_user = actor
    deputy._change_reason = _("代表本人更新公开信息与联系方式")
    deputy.save(update_fields=[*changed, "updated_at"])
    return deputy
