"""The deputies registry in the admin: groups, constituencies and deputies with history,
Excel roster import (all or nothing, row errors in Chinese) and export, and the structure
statistics page (seed 十二). Access follows roles: committee staff maintain, committee
members read — without the private fields (``Deputy.PRIVATE_FIELDS``: the birth year instead
of the date, no contact details, no login account), on the page, in its history and in the
export."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from import_export.admin import ExportActionMixin
from import_export.formats.base_formats import XLSX

from congress import roles
from congress.audit import AuditedExportMixin, log_personal_data_read
from congress.exceptions import ApplicationError
from congress.history_admin import SimpleHistoryAdmin
from congress.models import Term
from deputies.models import Constituency, Deputy, DeputyGroup
from deputies.permissions import (
    can_manage_deputy_registry,
    can_view_deputy_private_fields,
    can_view_deputy_registry,
)
from deputies.resources import COLUMNS, DeputyResource, DeputyWithoutPrivateFieldsResource
from deputies.selectors import deputy_structure_statistics
from deputies.services import RosterImportError, deputy_link_user, roster_export, roster_import


class RegistryAccessMixin:
    """Committee staff maintain the registry, committee members read it, nobody else sees it.
    Deleting a row is for system administrators only (history records the deletion)."""

    def has_module_permission(self, request):
        return can_view_deputy_registry(request.user)

    def has_view_permission(self, request, obj=None):
        return can_view_deputy_registry(request.user)

    def has_add_permission(self, request):
        return can_manage_deputy_registry(request.user)

    def has_change_permission(self, request, obj=None):
        return can_manage_deputy_registry(request.user)

    def has_delete_permission(self, request, obj=None):
        return roles.has_role(request.user, roles.SYSADMIN)


@admin.register(DeputyGroup)
class DeputyGroupAdmin(RegistryAccessMixin, SimpleHistoryAdmin):
    list_display = ["name", "term", "organization", "leader_name", "sort_order", "deputy_count"]
    list_filter = ["term"]
    search_fields = ["name", "organization__name", "leader_name"]
    list_select_related = ["term", "organization"]
    ordering = ["-term__number", "sort_order", "name"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(_deputies=Count("deputies", filter=Q(deputies__is_active=True)))
        )

    @admin.display(description=_("在任代表"), ordering="_deputies")
    def deputy_count(self, obj):
        return obj._deputies


@admin.register(Constituency)
class ConstituencyAdmin(RegistryAccessMixin, SimpleHistoryAdmin):
    list_display = ["number", "name", "term", "organization", "voters"]
    list_display_links = ["number", "name"]
    list_filter = ["term"]
    search_fields = ["name", "organization__name"]
    list_select_related = ["term", "organization"]
    ordering = ["-term__number", "number"]


class DeputyAdminForm(forms.ModelForm):
    class Meta:
        model = Deputy
        fields = [
            "term",
            "person_key",
            "name",
            "gender",
            "birth_date",
            "ethnicity",
            "party",
            "education",
            "occupation",
            "sector",
            "specialty",
            "constituency",
            "group",
            "phone",
            "email",
            "handling_contact",
            "photo",
            "is_active",
            "public_fields",
            "user",
        ]

    public_fields = forms.MultipleChoiceField(
        label=_("公开字段"),
        choices=Deputy.PUBLIC_FIELD_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("姓名、性别、代表组和选区始终公开；其余字段勾选后才在门户网站显示。"),
    )

    def clean(self):
        cleaned = super().clean()
        term = cleaned.get("term")
        for name in ("group", "constituency"):
            value = cleaned.get(name)
            if value is not None and term is not None and value.term_id != term.pk:
                self.add_error(name, _("必须属于所选届次。"))
        return cleaned

    def clean_user(self):
        user = self.cleaned_data.get("user")
        if user is not None:
            other = (
                Deputy.objects.filter(user=user).exclude(pk=self.instance.pk).select_related("term").first()
            )
            if other is not None:
                raise forms.ValidationError(
                    _("该账号已关联%(term)s代表%(name)s。") % {"term": other.term.name, "name": other.name}
                )
        return user

    def clean_public_fields(self):
        chosen = set(self.cleaned_data.get("public_fields") or [])
        return [name for name, _label in Deputy.PUBLIC_FIELD_CHOICES if name in chosen]


class RosterImportForm(forms.Form):
    file = forms.FileField(label=_("代表名册（Excel .xlsx）"))
    dry_run = forms.BooleanField(
        label=_("只检查，不写入"), required=False, help_text=_("先检查文件，确认无误后再正式导入。")
    )

    def clean_file(self):
        file = self.cleaned_data["file"]
        if not file.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("请上传 Excel（.xlsx）格式的文件。"))
        if file.size > 10 * 1024 * 1024:
            raise forms.ValidationError(_("文件不能超过 10 MB。"))
        return file


@admin.register(Deputy)
class DeputyAdmin(RegistryAccessMixin, AuditedExportMixin, ExportActionMixin, SimpleHistoryAdmin):
    form = DeputyAdminForm
    resource_classes = [DeputyResource]
    import_export_change_list_template = "deputies/admin/deputy_change_list.html"
    # The term is a filter (most work is in the current one): the columns fit 1366 px.
    list_display = [
        "name",
        "person_key",
        "gender",
        "group",
        "education",
        "sector",
        "occupation",
        "specialty",
        "is_active",
    ]
    list_display_links = ["name"]
    list_filter = ["term", "group", "sector", "education", "gender", "is_active"]
    # The resource database (seed 十四): find deputies by job and specialty.
    search_fields = ["name", "person_key", "occupation", "specialty", "skills", "group__name"]
    search_help_text = _("按姓名、人员编号、工作单位及职务、专业特长、技能或代表组搜索")
    list_select_related = ["term", "group"]
    list_per_page = 50
    raw_id_fields = ["user"]
    fieldsets = (
        (None, {"fields": ("term", "person_key", "name", "gender", "birth_date", "ethnicity", "photo")}),
        (
            _("履职信息"),
            {
                "fields": (
                    "party",
                    "education",
                    "occupation",
                    "sector",
                    "specialty",
                    "skills",
                    "constituency",
                    "group",
                )
            },
        ),
        (_("联系方式"), {"fields": ("phone", "email", "handling_contact")}),
        (_("公开与账号"), {"fields": ("public_fields", "user", "is_active")}),
    )

    # What a committee member reads: the business record, the birth year instead of the date.
    member_fieldsets = (
        (None, {"fields": ("term", "person_key", "name", "gender", "birth_year", "ethnicity", "photo")}),
        fieldsets[1],
        (_("公开"), {"fields": ("public_field_labels", "is_active")}),
    )

    def _shows_private_fields(self, request) -> bool:
        return can_view_deputy_private_fields(request.user)

    def get_fieldsets(self, request, obj=None):
        if self._shows_private_fields(request):
            return super().get_fieldsets(request, obj)
        return self.member_fieldsets

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not self._shows_private_fields(request):
            readonly += ["birth_year", "public_field_labels"]
        return readonly

    @admin.display(description=_("出生年份"))
    def birth_year(self, obj):
        return obj.birth_year or "-"

    @admin.display(description=_("公开字段"))
    def public_field_labels(self, obj):
        labels = dict(Deputy.PUBLIC_FIELD_CHOICES)
        return "、".join(str(labels[name]) for name in obj.public_fields if name in labels) or "-"

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        """The history page lists each version's changes with old and new values: without the
        private fields for a reader who may not see them (simple-history's loop, with
        ``excluded_fields``)."""
        if self._shows_private_fields(request):
            return super().set_history_delta_changes(request, historical_records, foreign_keys_are_objs)
        previous = None
        for current in historical_records:
            if previous is not None:
                delta = previous.diff_against(
                    current,
                    excluded_fields=Deputy.PRIVATE_FIELDS,
                    foreign_keys_are_objs=foreign_keys_are_objs,
                )
                helper = self.get_historical_record_context_helper(request, previous)
                previous.history_delta_changes = helper.context_for_delta_changes(delta)
            previous = current
        return None

    def get_export_formats(self):
        return [XLSX]

    def get_export_resource_classes(self, request):
        if self._shows_private_fields(request):
            return super().get_export_resource_classes(request)
        return [DeputyWithoutPrivateFieldsResource]

    def has_export_permission(self, request):
        return can_view_deputy_registry(request.user)

    def audit_exported_personal_fields(self, request):
        return Deputy.PRIVATE_FIELDS if self._shows_private_fields(request) else ()

    # --- reads of personal data are audited (who opened which deputy's private fields) ---

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        if request.method == "GET" and response.status_code == 200:
            self._audit_private_read(request, object_id)
        return response

    def history_view(self, request, object_id, extra_context=None):
        response = super().history_view(request, object_id, extra_context)
        if response.status_code == 200:
            self._audit_private_read(request, object_id)
        return response

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        response = super().history_form_view(request, object_id, version_id, extra_context)
        if request.method == "GET" and response.status_code == 200:
            self._audit_private_read(request, object_id)
        return response

    def _audit_private_read(self, request, object_id):
        if not self._shows_private_fields(request):
            return
        deputy = self.get_object(request, unquote(object_id))
        if deputy is not None and deputy.user_id != request.user.pk:
            log_personal_data_read(request=request, obj=deputy, fields=Deputy.PRIVATE_FIELDS)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("term", "group", "constituency")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in ("group", "constituency"):
            kwargs["queryset"] = db_field.related_model.objects.select_related("term")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        # The login is linked through the service, which also grants the deputy the right
        # to edit their own profile; the plain save leaves the link as it was.
        new_user = form.cleaned_data.get("user")
        old_user = form.initial.get("user") if change else None
        old_user_id = getattr(old_user, "pk", old_user)
        obj.user_id = old_user_id
        super().save_model(request, obj, form, change)
        if (new_user.pk if new_user else None) != old_user_id:
            try:
                deputy_link_user(deputy=obj, user=new_user, actor=request.user)
            except ApplicationError as exc:
                self.message_user(request, exc.message, messages.ERROR)

    # --- extra pages: roster import, blank template, structure statistics ---

    def get_urls(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path(
                "import-roster/",
                self.admin_site.admin_view(self.import_roster_view),
                name=f"{prefix}_import_roster",
            ),
            path(
                "roster-template/",
                self.admin_site.admin_view(self.roster_template_view),
                name=f"{prefix}_roster_template",
            ),
            path(
                "statistics/",
                self.admin_site.admin_view(self.statistics_view),
                name=f"{prefix}_statistics",
            ),
            *super().get_urls(),
        ]

    def import_roster_view(self, request):
        if not can_manage_deputy_registry(request.user):
            raise PermissionDenied
        form = RosterImportForm(request.POST or None, request.FILES or None)
        errors = []
        result = None
        if request.method == "POST" and form.is_valid():
            try:
                result = roster_import(
                    file=form.cleaned_data["file"], actor=request.user, dry_run=form.cleaned_data["dry_run"]
                )
            except RosterImportError as exc:
                errors = exc.errors
                messages.error(request, exc.message)
            else:
                summary = _("新增 %(c)d 人，更新 %(u)d 人，未变 %(s)d 人。") % {
                    "c": result.created,
                    "u": result.updated,
                    "s": result.unchanged,
                }
                if result.dry_run:
                    messages.info(request, _("检查通过，可以导入：") + summary)
                else:
                    messages.success(request, _("代表名册已导入：") + summary)
                    return redirect("admin:deputies_deputy_changelist")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("导入代表名册"),
            "form": form,
            "errors": errors,
            "result": result,
            "columns": list(COLUMNS.values()),
        }
        return TemplateResponse(request, "deputies/admin/roster_import.html", context)

    def roster_template_view(self, request):
        """An empty roster with the right headers, for staff to fill in."""
        if not can_manage_deputy_registry(request.user):
            raise PermissionDenied
        response = HttpResponse(roster_export(deputies=Deputy.objects.none()), content_type=XLSX.CONTENT_TYPE)
        response["Content-Disposition"] = 'attachment; filename="deputy-roster-template.xlsx"'
        return response

    def statistics_view(self, request):
        if not can_view_deputy_registry(request.user):
            raise PermissionDenied
        terms = list(Term.objects.order_by("-number"))
        try:
            wanted = int(request.GET.get("term") or 0)
        except ValueError:
            wanted = 0
        term = next((t for t in terms if t.pk == wanted), None) or next(
            (t for t in terms if t.is_current), terms[0] if terms else None
        )
        stats = deputy_structure_statistics(term=term) if term else None
        charts = (  # drawn by deputies/static/deputies/statistics.js
            [
                {
                    "key": d.key,
                    "title": str(d.title),
                    "chart": d.chart,
                    "labels": [r.label for r in d.rows],
                    "counts": [r.count for r in d.rows],
                    "shares": [r.share for r in d.rows],
                }
                for d in stats["dimensions"]
            ]
            if stats
            else []
        )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("代表结构统计"),
            "terms": terms,
            "term": term,
            "stats": stats,
            "charts": charts,
            "today": timezone.localdate(),
        }
        return TemplateResponse(request, "deputies/admin/statistics.html", context)


from deputies import admin_activities, admin_record  # noqa: E402,F401
