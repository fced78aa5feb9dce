"""Excel exports of supervision (django-import-export): Chinese column headers, labels for
choices, names for units. Export only: records are created through the services."""

from __future__ import annotations

from import_export import fields, resources

from supervision.models import Interpellation, PlanItem, WorkReport


class WorkReportResource(resources.ModelResource):
    title = fields.Field(attribute="title", column_name="报告名称")
    unit = fields.Field(attribute="unit__name", column_name="报告单位")
    state = fields.Field(column_name="状态")
    due_date = fields.Field(attribute="due_date", column_name="报告报送期限")
    submitted_at = fields.Field(attribute="submitted_at", column_name="报送时间")
    meeting = fields.Field(attribute="meeting__title", column_name="审议会议")
    opinions_sent_at = fields.Field(attribute="opinions_sent_at", column_name="审议意见交办时间")
    rectification_due = fields.Field(attribute="rectification_due", column_name="整改报告期限")
    round = fields.Field(attribute="round", column_name="整改轮次")
    closed_at = fields.Field(attribute="closed_at", column_name="办结时间")

    class Meta:
        model = WorkReport
        fields = (
            "title",
            "unit",
            "state",
            "due_date",
            "submitted_at",
            "meeting",
            "opinions_sent_at",
            "rectification_due",
            "round",
            "closed_at",
        )
        export_order = fields

    def dehydrate_state(self, obj):
        return obj.get_state_display()


class InterpellationResource(resources.ModelResource):
    title = fields.Field(attribute="title", column_name="案由")
    unit = fields.Field(attribute="unit__name", column_name="受质询机关")
    occasion = fields.Field(column_name="提出场合")
    state = fields.Field(column_name="状态")
    answer_due = fields.Field(attribute="answer_due", column_name="答复期限")
    created_at = fields.Field(attribute="created_at", column_name="提出时间")

    class Meta:
        model = Interpellation
        fields = ("title", "unit", "occasion", "state", "answer_due", "created_at")
        export_order = fields

    def dehydrate_state(self, obj):
        return obj.get_state_display()

    def dehydrate_occasion(self, obj):
        return obj.get_occasion_display()


class PlanItemResource(resources.ModelResource):
    year = fields.Field(attribute="plan__year", column_name="年度")
    order = fields.Field(attribute="order", column_name="序号")
    kind = fields.Field(column_name="监督方式")
    title = fields.Field(attribute="title", column_name="监督事项")
    committee = fields.Field(attribute="committee__name", column_name="责任工委")
    units = fields.Field(column_name="监督对象")
    planned_month = fields.Field(attribute="planned_month", column_name="计划月份")
    meeting = fields.Field(attribute="meeting__title", column_name="安排的会议")
    status = fields.Field(column_name="调整情况")

    class Meta:
        model = PlanItem
        fields = (
            "year",
            "order",
            "kind",
            "title",
            "committee",
            "units",
            "planned_month",
            "meeting",
            "status",
        )
        export_order = fields

    def dehydrate_kind(self, obj):
        return obj.get_kind_display()

    def dehydrate_units(self, obj):
        return "、".join(unit.name for unit in obj.units.all())

    def dehydrate_status(self, obj):
        if obj.is_dropped:
            return f"已撤销：{obj.dropped_reason}"
        if obj.added_reason:
            return f"追加：{obj.added_reason}"
        return ""
