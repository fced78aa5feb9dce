"""The deputy roster as an Excel sheet (django-import-export): one row per deputy of a term,
Chinese column headers, Chinese labels for choices, names for groups and constituencies.

Import is all or nothing: ``DeputyResource.import_data`` always rolls the whole file back when
any row is invalid (not only on exceptions, which is the library's default), and the service
``deputies.services.roster_import`` wraps it in one more transaction."""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from congress.models import Term
from deputies.models import Constituency, Deputy, DeputyGroup

IMPORT_CHANGE_REASON = "Excel导入代表名册"

# Column headers of the roster, in sheet order. Required columns must be present.
COLUMNS = {
    "term": "届次",
    "person_key": "人员编号",
    "name": "姓名",
    "gender": "性别",
    "birth_date": "出生日期",
    "ethnicity": "民族",
    "party": "党派",
    "education": "学历",
    "occupation": "工作单位及职务",
    "sector": "代表结构",
    "specialty": "专业特长",
    "constituency": "选区",
    "group": "代表组",
    "phone": "联系电话",
    "email": "电子邮箱",
}
REQUIRED_COLUMNS = ("term", "person_key", "name", "gender")


def _text(value) -> str:
    """A cell as text: Excel hands over numbers for phone numbers and person keys."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


class TextWidget(widgets.CharWidget):
    def clean(self, value, row=None, **kwargs):
        return _text(value)


class ChoiceLabelWidget(widgets.Widget):
    """Chinese labels of a TextChoices (男/女, 大学本科 …) to codes and back. Codes are
    accepted too, so a sheet exported by another tool still imports."""

    def __init__(self, choices, column: str):
        super().__init__()
        self.choices = list(choices)
        self.column = column

    def clean(self, value, row=None, **kwargs):
        text = _text(value)
        if not text:
            return ""
        for code, label in self.choices:
            if text in (str(label), code):
                return code
        raise ValueError(
            _("“%(value)s”不是有效的%(column)s，可选：%(options)s")
            % {
                "value": text,
                "column": self.column,
                "options": "、".join(str(label) for _code, label in self.choices),
            }
        )

    def render(self, value, obj=None, **kwargs):
        return str(dict(self.choices).get(value, value or ""))


class RosterDateWidget(widgets.Widget):
    """Birth dates as staff type them: a date cell, 1975-03-08, 1975/3/8, 1975.03.08,
    1975年3月8日, or only the month (1975.03, 1975年3月: the first of that month)."""

    PATTERN = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*(?:[-/.月]\s*(\d{1,2})\s*日?|月)?$")

    def clean(self, value, row=None, **kwargs):
        if value is None or value == "":
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        text = _text(value)
        match = self.PATTERN.match(text)
        if match:
            year, month, day = int(match[1]), int(match[2]), int(match[3] or 1)
            try:
                return dt.date(year, month, day)
            except ValueError:
                pass
        raise ValueError(_("日期“%(value)s”无法识别，请写作 1975-03-08") % {"value": text})

    def render(self, value, obj=None, **kwargs):
        return value.isoformat() if value else ""


class TermWidget(widgets.Widget):
    """届次 by number (17), name (第十七届) or full label (第十七届（2021—2026）)."""

    def __init__(self):
        super().__init__()
        self._terms: dict[str, Term] | None = None

    def lookup(self, value) -> Term | None:
        if self._terms is None:
            self._terms = {}
            for term in Term.objects.all():
                for key in (str(term.number), term.name, str(term)):
                    self._terms[key] = term
        return self._terms.get(_text(value))

    def clean(self, value, row=None, **kwargs):
        text = _text(value)
        if not text:
            raise ValueError(_("届次不能为空"))
        term = self.lookup(text)
        if term is None:
            raise ValueError(_("届次“%(value)s”不存在") % {"value": text})
        return term

    def render(self, value, obj=None, **kwargs):
        return value.name if value else ""


class TermScopedWidget(widgets.Widget):
    """A group or constituency by its name within the row's term (names repeat across terms)."""

    model = None
    missing_message = ""

    def __init__(self, term_widget: TermWidget):
        super().__init__()
        self.term_widget = term_widget
        self._by_term: dict[int, dict[str, object]] = {}

    def names(self, obj) -> tuple[str, ...]:
        return (obj.name,)

    def options(self, term: Term) -> dict[str, object]:
        if term.pk not in self._by_term:
            self._by_term[term.pk] = {
                name: obj for obj in self.model.objects.filter(term=term) for name in self.names(obj)
            }
        return self._by_term[term.pk]

    def clean(self, value, row=None, **kwargs):
        text = _text(value)
        if not text:
            return None
        term = self.term_widget.lookup((row or {}).get(COLUMNS["term"]))
        if term is None:
            return None  # the 届次 column carries the error
        found = self.options(term).get(text)
        if found is None:
            raise ValueError(self.missing_message % {"value": text, "term": term.name})
        return found

    def render(self, value, obj=None, **kwargs):
        return value.name if value else ""


class GroupWidget(TermScopedWidget):
    model = DeputyGroup

    @property
    def missing_message(self):
        return _("代表组“%(value)s”在%(term)s中不存在")


class ConstituencyWidget(TermScopedWidget):
    model = Constituency

    @property
    def missing_message(self):
        return _("选区“%(value)s”在%(term)s中不存在")

    def names(self, obj) -> tuple[str, ...]:
        # By name, by number or as shown elsewhere ("3. 第三选区").
        return (obj.name, str(obj.number), str(obj))


class DeputyResource(resources.ModelResource):
    """One deputy per row, matched on (届次, 人员编号): a row for an existing person of the
    term updates them, any other row creates a deputy. Every save writes a history row
    with ``actor`` as the user."""

    def __init__(self, *, actor=None, **kwargs):
        super().__init__(**kwargs)
        self.actor = actor
        self._seen: dict[tuple[int, str], int] = {}
        # The fields were deep-copied for this instance, widgets with them: lookups cached
        # by the widgets live as long as this one import.
        self.term_widget = self.fields["term"].widget

    _term_widget = TermWidget()

    term = fields.Field(attribute="term", column_name=COLUMNS["term"], widget=_term_widget)
    person_key = fields.Field(attribute="person_key", column_name=COLUMNS["person_key"], widget=TextWidget())
    name = fields.Field(attribute="name", column_name=COLUMNS["name"], widget=TextWidget())
    gender = fields.Field(
        attribute="gender",
        column_name=COLUMNS["gender"],
        widget=ChoiceLabelWidget(Deputy.Gender.choices, COLUMNS["gender"]),
    )
    birth_date = fields.Field(
        attribute="birth_date", column_name=COLUMNS["birth_date"], widget=RosterDateWidget()
    )
    ethnicity = fields.Field(attribute="ethnicity", column_name=COLUMNS["ethnicity"], widget=TextWidget())
    party = fields.Field(attribute="party", column_name=COLUMNS["party"], widget=TextWidget())
    education = fields.Field(
        attribute="education",
        column_name=COLUMNS["education"],
        widget=ChoiceLabelWidget(Deputy.Education.choices, COLUMNS["education"]),
    )
    occupation = fields.Field(attribute="occupation", column_name=COLUMNS["occupation"], widget=TextWidget())
    sector = fields.Field(
        attribute="sector",
        column_name=COLUMNS["sector"],
        widget=ChoiceLabelWidget(Deputy.Sector.choices, COLUMNS["sector"]),
    )
    specialty = fields.Field(attribute="specialty", column_name=COLUMNS["specialty"], widget=TextWidget())
    constituency = fields.Field(
        attribute="constituency", column_name=COLUMNS["constituency"], widget=ConstituencyWidget(_term_widget)
    )
    group = fields.Field(attribute="group", column_name=COLUMNS["group"], widget=GroupWidget(_term_widget))
    phone = fields.Field(attribute="phone", column_name=COLUMNS["phone"], widget=TextWidget())
    email = fields.Field(attribute="email", column_name=COLUMNS["email"], widget=TextWidget())

    class Meta:
        model = Deputy
        fields = tuple(COLUMNS)
        export_order = tuple(COLUMNS)
        import_id_fields = ("term", "person_key")
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        skip_html_diff = True
        use_bulk = False  # bulk writes would skip history rows

    def get_queryset(self):
        return Deputy.objects.select_related("term", "group", "constituency")

    def import_data(self, dataset, **kwargs):
        # Any invalid row rolls back the whole file, not only rows that raised.
        kwargs["rollback_on_validation_errors"] = True
        return super().import_data(dataset, **kwargs)

    def before_import(self, dataset, **kwargs):
        headers = [_text(h) for h in dataset.headers or []]
        known = set(COLUMNS.values())
        missing = [COLUMNS[key] for key in REQUIRED_COLUMNS if COLUMNS[key] not in headers]
        unknown = [h for h in headers if h and h not in known]
        problems = []
        if missing:
            problems.append(_("缺少必填列：%(cols)s") % {"cols": "、".join(missing)})
        if unknown:
            problems.append(
                _("无法识别的列：%(cols)s（可用的列：%(known)s）")
                % {"cols": "、".join(unknown), "known": "、".join(COLUMNS.values())}
            )
        if problems:
            raise ValueError("；".join(problems))

    def before_import_row(self, row, **kwargs):
        """Check the row's identity before anything is loaded, so that the errors name
        their column, and refuse a person listed twice for one term."""
        errors = {}
        try:
            term = self.term_widget.clean(row.get(COLUMNS["term"]))
        except ValueError as exc:
            errors["term"] = str(exc)
            term = None
        person_key = _text(row.get(COLUMNS["person_key"]))
        if not person_key:
            errors["person_key"] = _("人员编号不能为空")
        elif term is not None:
            first = self._seen.setdefault((term.pk, person_key), kwargs.get("row_number", 0))
            if first != kwargs.get("row_number", 0):
                errors["person_key"] = _("人员编号“%(key)s”与本表中另一行重复") % {"key": person_key}
        if errors:
            raise ValidationError(errors)

    def before_save_instance(self, instance, row, **kwargs):
        if instance.pk is None and not instance.public_fields:
            instance.public_fields = list(Deputy.DEFAULT_PUBLIC_FIELDS)
        instance._history_user = self.actor or kwargs.get("user")
        instance._change_reason = IMPORT_CHANGE_REASON

    def column_of(self, attribute: str) -> str:
        """The Chinese header of a field named in a validation error."""
        return COLUMNS.get(attribute, "")


class DeputyWithoutPrivateFieldsResource(DeputyResource):
    """The roster as committee members export it: without ``Deputy.PRIVATE_FIELDS`` (birth
    date, phone, e-mail). Export only; rosters are imported by staff with ``DeputyResource``."""

    class Meta(DeputyResource.Meta):
        fields = tuple(name for name in COLUMNS if name not in Deputy.PRIVATE_FIELDS)
        export_order = fields
