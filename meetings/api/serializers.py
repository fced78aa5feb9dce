"""Input and output serializers of the meetings API, apart: inputs only parse, services write."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from congress.api.serializers import ChoiceLabelField
from meetings.models import Meeting, PublishedAttendance, RequiredAttendance


def _required(message):
    return {"required": message, "blank": message, "null": message}


# --- input --------------------------------------------------------------------------------


class MeetingCreateInput(serializers.Serializer):
    kind = serializers.ChoiceField(
        label=_("会议类别"),
        choices=Meeting.Kind.choices,
        error_messages={**_required(_("请选择会议类别。")), "invalid_choice": _("会议类别无效。")},
    )
    title = serializers.CharField(
        label=_("会议名称"), max_length=200, error_messages=_required(_("请填写会议名称。"))
    )
    starts_at = serializers.DateTimeField(
        label=_("开始时间"),
        error_messages={**_required(_("请填写开始时间。")), "invalid": _("开始时间格式不正确。")},
    )
    ends_at = serializers.DateTimeField(
        label=_("结束时间"),
        error_messages={**_required(_("请填写结束时间。")), "invalid": _("结束时间格式不正确。")},
    )
    location = serializers.CharField(
        label=_("地点"), max_length=200, error_messages=_required(_("请填写会议地点。"))
    )
    is_schedule_published = serializers.BooleanField(label=_("在网站公布日程"), required=False, default=False)

    def validate(self, attrs):
        if attrs["ends_at"] < attrs["starts_at"]:
            raise serializers.ValidationError({"ends_at": _("结束时间不能早于开始时间。")})
        return attrs


class MeetingRequireUnitsInput(serializers.Serializer):
    units = serializers.ListField(
        label=_("列席单位"),
        child=serializers.IntegerField(min_value=1),
        allow_empty=False,
        max_length=500,
        error_messages={**_required(_("请选择列席单位。")), "empty": _("请选择至少一个列席单位。")},
    )


class LeaveRequestInput(serializers.Serializer):
    reason = serializers.CharField(
        label=_("请假事由"), max_length=2000, error_messages=_required(_("请填写请假事由。"))
    )
    substitute = serializers.CharField(
        label=_("委派副职"),
        max_length=50,
        error_messages={
            **_required(_("请填写委派出席的副职姓名。")),
            "max_length": _("委派副职姓名不能超过50个字。"),
        },
    )


class LeaveReviewInput(serializers.Serializer):
    note = serializers.CharField(
        label=_("审批意见"), max_length=300, required=False, allow_blank=True, default=""
    )


# --- output -------------------------------------------------------------------------------


class MeetingOutput(serializers.ModelSerializer):
    kind_label = ChoiceLabelField("kind")
    status_label = ChoiceLabelField("status")

    class Meta:
        model = Meeting
        fields = [
            "id",
            "kind",
            "kind_label",
            "title",
            "starts_at",
            "ends_at",
            "location",
            "status",
            "status_label",
            "is_schedule_published",
            "opened_at",
            "closed_at",
            "attendance_published_at",
        ]
        read_only_fields = fields


class AttendanceOutput(serializers.ModelSerializer):
    meeting_title = serializers.CharField(source="meeting.title")
    unit_name = serializers.CharField(source="unit.name")
    expected_post = serializers.CharField(
        source="unit.head_title", label=_("负责人职务"), help_text=_("单位主要负责人的职务")
    )
    status_label = ChoiceLabelField("status")

    class Meta:
        model = RequiredAttendance
        fields = [
            "id",
            "meeting",
            "meeting_title",
            "unit",
            "unit_name",
            "expected_person",
            "expected_post",
            "status",
            "status_label",
            "leave_reason",
            "substitute",
            "approver_kind",
            "leave_requested_at",
            "reviewed_at",
            "review_note",
            "checked_in_at",
            "check_in_method",
            "is_late",
        ]
        read_only_fields = fields


class PublicAttendanceOutput(serializers.ModelSerializer):
    status_label = ChoiceLabelField("status")
    expected_person = serializers.CharField(
        label=_("应出席人"), help_text=_("单位主要负责人的姓名；未登记姓名时为空，见 expected_post")
    )
    expected_post = serializers.CharField(
        source="unit.head_title", label=_("负责人职务"), help_text=_("单位主要负责人的职务")
    )

    class Meta:
        model = PublishedAttendance
        fields = [
            "meeting",
            "unit",
            "unit_name",
            "expected_person",
            "expected_post",
            "status",
            "status_label",
            "substitute",
            "is_late",
            "published_at",
            "corrected_at",
        ]
        read_only_fields = fields
