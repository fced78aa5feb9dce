"""Input and output serializers of the supervision API, apart: inputs only parse a request body
for one service (Chinese messages on every field); outputs shape what a selector returned.
States, units and owners are never writable through an output."""

from __future__ import annotations

import functools

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from congress.api.serializers import OutputSerializer, text_input
from congress.models import Organization
from meetings.models import Meeting
from supervision.models import (
    FollowUp,
    Interpellation,
    InterpellationAnswer,
    PlanItem,
    RectificationReport,
    SatisfactionVote,
    WorkReport,
)


def _required(message) -> dict:
    return {"required": message, "blank": message, "null": message}


def _pk_field(queryset, label, *, required: bool, message, missing):
    return serializers.PrimaryKeyRelatedField(
        queryset=queryset,
        label=label,
        required=required,
        allow_null=not required,
        default=None if not required else serializers.empty,
        error_messages={
            **_required(message),
            "does_not_exist": missing,
            "incorrect_type": _("编号应为整数。"),
        },
    )


def unit_field(label, *, required: bool, message):
    """A unit by id (一府两院, a department, a street …); the service checks it may be supervised."""
    return _pk_field(
        Organization.objects.all(),
        label,
        required=required,
        message=message,
        missing=_("找不到编号为 {pk_value} 的单位。"),
    )


def plan_item_field(label, *, required: bool, message):
    return _pk_field(
        PlanItem.objects.all(),
        label,
        required=required,
        message=message,
        missing=_("找不到编号为 {pk_value} 的计划项目。"),
    )


def meeting_field(label, *, required: bool, message):
    return _pk_field(
        Meeting.objects.all(),
        label,
        required=required,
        message=message,
        missing=_("找不到编号为 {pk_value} 的会议。"),
    )


def _count(label):
    return serializers.IntegerField(
        label=label,
        min_value=0,
        max_value=100000,
        error_messages={
            **_required(_("请填写票数。")),
            "invalid": _("请填写整数票数。"),
            "min_value": _("票数不能为负数。"),
            "max_value": _("票数过大。"),
        },
    )


# --- inputs: work reports ------------------------------------------------------------------------


class WorkReportCreateInput(serializers.Serializer):
    title = text_input(_("报告名称"), _("请填写报告名称。"), max_length=200)
    unit = unit_field(_("报告单位"), required=True, message=_("请选择报告单位。"))
    due_date = serializers.DateField(
        label=_("报告报送期限"),
        error_messages={**_required(_("请填写报告报送期限。")), "invalid": _("日期格式应为 YYYY-MM-DD。")},
    )
    plan_item = plan_item_field(_("计划项目"), required=False, message=_("请选择计划项目。"))
    meeting = meeting_field(_("审议会议"), required=False, message=_("请选择会议。"))
    request_note = text_input(_("报告要求"), "", max_length=5000, required=False)


class WorkReportContentInput(serializers.Serializer):
    content = text_input(_("内容"), _("请填写内容。"), max_length=50000)


class WorkReportDeliberateInput(serializers.Serializer):
    meeting = meeting_field(_("审议会议"), required=False, message=_("请选择会议。"))
    note = text_input(_("说明"), "", max_length=2000, required=False)


class WorkReportVoteInput(serializers.Serializer):
    satisfied = _count(_("满意"))
    basically_satisfied = _count(_("基本满意"))
    unsatisfied = _count(_("不满意"))


# --- outputs: work reports -----------------------------------------------------------------------


class RectificationReportOutput(OutputSerializer):
    class Meta:
        model = RectificationReport
        fields = ["round", "content", "due_date", "submitted_at"]
        read_only_fields = fields


class WorkReportAttachmentOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(help_text=_("上传时的文件名"))
    round = serializers.IntegerField(
        allow_null=True, help_text=_("整改情况报告的轮次；报告本身的附件为 null")
    )
    url = serializers.CharField(help_text=_("下载地址（按报告的查看权限）"))


@functools.cache
def _shared(serializer_class):
    """One instance of a nested output serializer for every row of a list: a serializer builds
    its fields from the model on first use, which cost more than the row itself when a new
    instance was made for each row (the public reports API: 0.4 s for 20 reports)."""
    return serializer_class()


def _attachments(obj, *, public: bool) -> list[dict]:
    """The report's files from the prefetched rows; for the public, none of a withheld part."""
    rounds = {r.pk: r.round for r in obj.rectifications.all()}
    rows = []
    for attachment in obj.attachments.all():
        withheld = obj.withhold_rectification if attachment.rectification_id else obj.withhold_report
        if public and withheld:
            continue
        rows.append(
            {
                "id": attachment.pk,
                "name": attachment.name,
                "round": rounds.get(attachment.rectification_id),
                "url": reverse("public:supervision-report-attachment", args=[attachment.pk]),
            }
        )
    return rows


class WorkReportFilesInput(serializers.Serializer):
    """The unit's report or rectification report: text and files (multipart/form-data), each
    file on the documents allow-list by content."""

    content = text_input(_("内容"), _("请填写内容。"), max_length=50000)
    attachments = serializers.ListField(
        child=serializers.FileField(), required=False, max_length=10, label=_("附件")
    )


class SatisfactionVoteOutput(OutputSerializer):
    result_label = serializers.CharField(source="get_result_display")

    class Meta:
        model = SatisfactionVote
        fields = [
            "round",
            "satisfied",
            "basically_satisfied",
            "unsatisfied",
            "result",
            "result_label",
            "threshold",
            "voted_at",
        ]
        read_only_fields = fields


class WorkReportFollowUpOutput(OutputSerializer):
    class Meta:
        model = FollowUp
        fields = ["content", "created_at"]
        read_only_fields = fields


class WorkReportListOutput(OutputSerializer):
    unit_name = serializers.CharField(source="unit.name")
    state_label = serializers.CharField(source="get_state_display")
    meeting_title = serializers.CharField(source="meeting.title", default=None)
    deadline = serializers.DateField(help_text=_("单位当前应报送的期限（报告或整改报告），无则为空"))

    class Meta:
        model = WorkReport
        fields = [
            "id",
            "title",
            "unit",
            "unit_name",
            "plan_item",
            "meeting",
            "meeting_title",
            "state",
            "state_label",
            "due_date",
            "rectification_due",
            "round",
            "deadline",
            "submitted_at",
            "opinions_sent_at",
            "closed_at",
        ]
        read_only_fields = fields


class WorkReportOutput(WorkReportListOutput):
    rectifications = RectificationReportOutput(many=True)
    votes = SatisfactionVoteOutput(many=True)
    follow_ups = WorkReportFollowUpOutput(many=True)
    attachments = serializers.SerializerMethodField()

    @extend_schema_field(WorkReportAttachmentOutput(many=True))
    def get_attachments(self, obj):
        return _attachments(obj, public=False)

    class Meta(WorkReportListOutput.Meta):
        fields = [
            *WorkReportListOutput.Meta.fields,
            "request_note",
            "content",
            "deliberated_at",
            "opinions",
            "rectifications",
            "votes",
            "follow_ups",
            "attachments",
            "withheld_reason",
        ]
        read_only_fields = fields


class PublicWorkReportOutput(OutputSerializer):
    """A closed report's whole record; a withheld part is null (and named in ``withheld_parts``)."""

    unit_name = serializers.CharField(source="unit.name")
    meeting_title = serializers.CharField(source="meeting.title", default=None)
    report = serializers.SerializerMethodField(help_text=_("报告内容"))
    opinions = serializers.SerializerMethodField(help_text=_("审议意见"))
    rectification = serializers.SerializerMethodField(help_text=_("最后一次整改情况报告"))
    rectifications = serializers.SerializerMethodField()
    vote = serializers.SerializerMethodField(help_text=_("最后一次满意度测评"))
    votes = serializers.SerializerMethodField()
    follow_ups = WorkReportFollowUpOutput(many=True)
    withheld_parts = serializers.SerializerMethodField()
    attachments = serializers.SerializerMethodField()

    @extend_schema_field(WorkReportAttachmentOutput(many=True))
    def get_attachments(self, obj):
        return _attachments(obj, public=True)

    class Meta:
        model = WorkReport
        fields = [
            "id",
            "title",
            "unit",
            "unit_name",
            "meeting",
            "meeting_title",
            "submitted_at",
            "report",
            "opinions_sent_at",
            "opinions",
            "rectification",
            "rectifications",
            "vote",
            "votes",
            "follow_ups",
            "attachments",
            "closed_at",
            "withheld_parts",
            "withheld_reason",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_report(self, obj):
        return None if obj.withhold_report else obj.content

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_opinions(self, obj):
        return None if obj.withhold_opinions else obj.opinions

    @extend_schema_field(RectificationReportOutput(allow_null=True))
    def get_rectification(self, obj):
        rows = list(obj.rectifications.all())
        if obj.withhold_rectification or not rows:
            return None
        return _shared(RectificationReportOutput).to_representation(rows[-1])

    @extend_schema_field(RectificationReportOutput(many=True))
    def get_rectifications(self, obj):
        if obj.withhold_rectification:
            return []
        serializer = _shared(RectificationReportOutput)
        return [serializer.to_representation(row) for row in obj.rectifications.all()]

    @extend_schema_field(SatisfactionVoteOutput(allow_null=True))
    def get_vote(self, obj):
        rows = list(obj.votes.all())
        if obj.withhold_vote or not rows:
            return None
        return _shared(SatisfactionVoteOutput).to_representation(rows[-1])

    @extend_schema_field(SatisfactionVoteOutput(many=True))
    def get_votes(self, obj):
        if obj.withhold_vote:
            return []
        serializer = _shared(SatisfactionVoteOutput)
        return [serializer.to_representation(row) for row in obj.votes.all()]

    @extend_schema_field(
        serializers.ListField(
            child=serializers.ChoiceField(choices=["report", "opinions", "rectification", "vote"])
        )
    )
    def get_withheld_parts(self, obj):
        return [
            part
            for part in ("report", "opinions", "rectification", "vote")
            if getattr(obj, f"withhold_{part}")
        ]


# --- interpellations -----------------------------------------------------------------------------


class InterpellationFileInput(serializers.Serializer):
    title = text_input(_("案由"), _("请填写案由。"), max_length=200)
    unit = unit_field(_("受质询机关"), required=True, message=_("请选择受质询机关。"))
    content = text_input(_("质询的问题和内容"), _("请填写质询的问题和内容。"), max_length=50000)
    signers = serializers.ListField(
        label=_("联名人"),
        child=serializers.IntegerField(min_value=1, error_messages={"invalid": _("联名人编号应为整数。")}),
        max_length=500,
        help_text=_("联名人（常委会组成人员或代表）的用户编号"),
        error_messages={**_required(_("请填写联名人。")), "not_a_list": _("联名人应为编号列表。")},
    )
    occasion = serializers.ChoiceField(
        label=_("提出场合"),
        choices=Interpellation.Occasion.choices,
        required=False,
        default=Interpellation.Occasion.STANDING,
        error_messages={"invalid_choice": _("提出场合无效。")},
    )
    meeting = meeting_field(_("提出时的会议"), required=False, message=_("请选择会议。"))


class InterpellationDecideInput(serializers.Serializer):
    accept = serializers.BooleanField(
        label=_("是否交付答复"), error_messages=_required(_("请选择是否交付答复。"))
    )
    note = text_input(_("主任会议决定"), "", max_length=2000, required=False)
    answer_mode = serializers.ChoiceField(
        label=_("答复方式"),
        choices=Interpellation.AnswerMode.choices,
        required=False,
        allow_blank=True,
        default="",
        error_messages={"invalid_choice": _("答复方式无效。")},
    )


class InterpellationAnswerInput(serializers.Serializer):
    content = text_input(_("答复内容"), _("请填写答复内容。"), max_length=50000)
    answerer = text_input(_("答复人"), _("请填写答复人（受质询机关负责人）。"), max_length=100)
    mode = serializers.ChoiceField(
        label=_("答复方式"),
        choices=Interpellation.AnswerMode.choices,
        required=False,
        default=Interpellation.AnswerMode.WRITTEN,
        error_messages={"invalid_choice": _("答复方式无效。")},
    )
    meeting = meeting_field(_("答复会议"), required=False, message=_("请选择会议。"))


class InterpellationReasonInput(serializers.Serializer):
    reason = text_input(_("理由"), _("请说明不满意的理由。"), max_length=2000)


class InterpellationNoteInput(serializers.Serializer):
    note = text_input(_("说明"), "", max_length=2000, required=False)


class InterpellationAnswerOutput(OutputSerializer):
    mode_label = serializers.CharField(source="get_mode_display")

    class Meta:
        model = InterpellationAnswer
        fields = ["round", "mode", "mode_label", "answerer", "content", "meeting", "answered_at"]
        read_only_fields = fields


class InterpellationSignerOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="__str__")


class InterpellationOutput(OutputSerializer):
    unit_name = serializers.CharField(source="unit.name")
    state_label = serializers.CharField(source="get_state_display")
    signers = InterpellationSignerOutput(many=True)
    answers = InterpellationAnswerOutput(many=True)

    class Meta:
        model = Interpellation
        fields = [
            "id",
            "title",
            "unit",
            "unit_name",
            "content",
            "occasion",
            "meeting",
            "signers",
            "state",
            "state_label",
            "answer_mode",
            "answer_due",
            "decision_note",
            "decided_at",
            "answers",
            "closed_at",
            "created_at",
        ]
        read_only_fields = fields


class PublicInterpellationOutput(InterpellationOutput):
    class Meta(InterpellationOutput.Meta):
        fields = [f for f in InterpellationOutput.Meta.fields if f not in ("answer_due",)]
        read_only_fields = fields
