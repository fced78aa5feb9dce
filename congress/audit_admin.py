"""The security audit log in the admin: auditors read it (list, filters, search, Excel export —
the export itself audited); no one adds, changes or deletes a row, the superuser included. The
login records (django-axes' AccessLog and AccessFailureLog) are made undeletable the same way.
Imported by ``congress.admin``."""

from __future__ import annotations

import json

from axes.admin import AccessFailureLogAdmin, AccessLogAdmin
from axes.models import AccessFailureLog, AccessLog
from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from import_export import fields, resources
from import_export.admin import ExportActionMixin
from import_export.formats.base_formats import XLSX

from congress.audit import AuditedExportMixin
from congress.models import AuditEntry
from congress.roles import can_read_audit_log


class AuditEntryResource(resources.ModelResource):
    seq = fields.Field(attribute="seq", column_name="序号")
    at = fields.Field(column_name="时间")
    kind = fields.Field(column_name="类别")
    username = fields.Field(attribute="username", column_name="用户名")
    ip_address = fields.Field(attribute="ip_address", column_name="来源地址")
    method = fields.Field(attribute="method", column_name="请求方法")
    path = fields.Field(attribute="path", column_name="访问路径")
    status = fields.Field(attribute="status", column_name="响应状态")
    object_type = fields.Field(attribute="object_type", column_name="对象类型")
    object_id = fields.Field(attribute="object_id", column_name="对象编号")
    object_repr = fields.Field(attribute="object_repr", column_name="对象")
    rows = fields.Field(attribute="rows", column_name="记录条数")
    detail = fields.Field(column_name="详情")
    hash = fields.Field(attribute="hash", column_name="校验值")

    class Meta:
        model = AuditEntry
        fields = (
            "seq",
            "at",
            "kind",
            "username",
            "ip_address",
            "method",
            "path",
            "status",
            "object_type",
            "object_id",
            "object_repr",
            "rows",
            "detail",
            "hash",
        )
        export_order = fields

    def dehydrate_at(self, entry):
        return timezone.localtime(entry.at).strftime("%Y-%m-%d %H:%M:%S")

    def dehydrate_kind(self, entry):
        return entry.get_kind_display()

    def dehydrate_detail(self, entry):
        return json.dumps(entry.detail, ensure_ascii=False, sort_keys=True)


class ReadOnlyForAuditors:
    """Read-only for everyone; readable by auditors (and whoever holds the view permission for
    the login records)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyForAuditors, AuditedExportMixin, ExportActionMixin, admin.ModelAdmin):
    resource_classes = [AuditEntryResource]
    list_display = ["seq", "at", "kind", "username", "ip_address", "path", "status", "object_repr", "rows"]
    list_display_links = ["seq"]
    list_filter = ["kind", "at", "status"]
    date_hierarchy = "at"
    search_fields = ["username", "ip_address", "path", "object_type", "object_id", "object_repr"]
    search_help_text = _("按用户名、来源地址、访问路径或对象搜索")
    list_per_page = 100
    show_full_result_count = False  # a count of millions of rows on every page is not needed
    fields = [
        "seq",
        "at",
        "kind",
        "username",
        "ip_address",
        "method",
        "path",
        "status",
        "object_type",
        "object_id",
        "object_repr",
        "rows",
        "detail_text",
        "prev_hash",
        "hash",
    ]
    readonly_fields = fields

    @admin.display(description=_("详情"))
    def detail_text(self, entry):
        return json.dumps(entry.detail, ensure_ascii=False, sort_keys=True, indent=1)

    def get_export_formats(self):
        return [XLSX]

    def has_module_permission(self, request):
        return can_read_audit_log(request.user)

    def has_view_permission(self, request, obj=None):
        return can_read_audit_log(request.user)

    def has_export_permission(self, request):
        return can_read_audit_log(request.user)


def _login_records_admin(base):
    class LoginRecordAdmin(ReadOnlyForAuditors, base):
        """Login records: readable by auditors too, deleted by no one (only the retention
        purge, ``congress.audit.audit_purge``, removes them)."""

        def get_actions(self, request):
            return {}

        def has_module_permission(self, request):
            return can_read_audit_log(request.user) or super().has_module_permission(request)

        def has_view_permission(self, request, obj=None):
            return can_read_audit_log(request.user) or super().has_view_permission(request, obj)

    LoginRecordAdmin.__name__ = f"Undeletable{base.__name__}"
    return LoginRecordAdmin


for _model, _base in ((AccessLog, AccessLogAdmin), (AccessFailureLog, AccessFailureLogAdmin)):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)
    admin.site.register(_model, _login_records_admin(_base))
