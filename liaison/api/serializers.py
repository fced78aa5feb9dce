"""Serializers of the liaison API: input and output apart. The public never sees a citizen's
mobile or name; staff see the mobile masked."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from congress.api.serializers import OutputSerializer, text_input
from congress.models import Organization
from congress.privacy import mask_phone
from deputies.models import Deputy
from liaison.models import Opinion, OpinionCategory, Reception, Station


def _required(message):
    return {"required": message, "blank": message, "null": message}


def _pk(queryset, label, *, required=False, message=None, missing=None):
    return serializers.PrimaryKeyRelatedField(
        queryset=queryset,
        label=label,
        required=required,
        allow_null=not required,
        default=None if not required else serializers.empty,
        error_messages={
            **_required(message or _("此项为必填项。")),
            "does_not_exist": missing or _("找不到编号为 {pk_value} 的记录。"),
            "incorrect_type": _("编号应为整数。"),
        },
    )


class StationDeputyOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


# --- public --------------------------------------------------------------------------------------


class PublicStationOutput(OutputSerializer):
    street = serializers.IntegerField(
        source="street_id", help_text=_("所在街道（镇）的单位编号；留言时作为 street 提交")
    )
    street_name = serializers.CharField(source="street.name")
    deputies = StationDeputyOutput(many=True, read_only=True)

    class Meta:
        model = Station
        fields = [
            "id",
            "name",
            "kind",
            "street",
            "street_name",
            "address",
            "directions",
            "phone",
            "opening_hours",
            "deputies",
        ]


class PublicReceptionOutput(OutputSerializer):
    station_name = serializers.CharField(source="station.name")
    place = serializers.CharField(source="where", help_text=_("接待地点（未另行填写时为站点地址）"))
    deputies = StationDeputyOutput(many=True, read_only=True)
    cancelled = serializers.BooleanField(source="is_cancelled")

    class Meta:
        model = Reception
        fields = [
            "id",
            "station",
            "station_name",
            "starts_at",
            "ends_at",
            "place",
            "topic",
            "deputies",
            "cancelled",
            "cancelled_reason",
        ]


class OpinionCategoryOutput(OutputSerializer):
    class Meta:
        model = OpinionCategory
        fields = ["code", "name"]


class OpinionSubmitInput(serializers.Serializer):
    street = _pk(
        Organization.objects.all(),
        _("所在街道（镇）"),
        message=_("请选择所在街道（镇）。"),
        missing=_("请选择所在街道（镇）。"),
    )
    category = serializers.SlugRelatedField(
        slug_field="code",
        queryset=OpinionCategory.objects.all(),
        label=_("类别"),
        error_messages={
            **_required(_("请选择反映的类别。")),
            "does_not_exist": _("请选择反映的类别。"),
            "invalid": _("请选择反映的类别。"),
        },
    )
    content = text_input(_("反映内容"), _("请填写反映的内容。"), max_length=2000)
    mobile = text_input(_("手机号码"), _("请填写手机号码，用于查询办理情况。"), max_length=20)
    name = text_input(_("姓名"), "", max_length=50, required=False)
    station = _pk(Station.objects.all(), _("站点"), missing=_("找不到编号为 {pk_value} 的站点。"))
    deputy = _pk(
        Deputy.objects.all(),
        _("代表"),
        missing=_("找不到编号为 {pk_value} 的代表。"),
    )


class OpinionReceiptOutput(serializers.Serializer):
    receipt = serializers.CharField(help_text=_("回执编号：凭此查询办理情况"))


class OpinionStepOutput(serializers.Serializer):
    action = serializers.CharField()
    label = serializers.CharField(source="action_label")
    state = serializers.CharField(source="to_state")
    state_label = serializers.CharField(source="to_label")
    at = serializers.DateTimeField(source="created_at")


class PublicOpinionOutput(OutputSerializer):
    """An opinion as its citizen follows it: no mobile, no name."""

    status = serializers.ChoiceField(source="state", choices=Opinion.State.choices, read_only=True)
    status_label = serializers.CharField(source="get_state_display")
    category = serializers.CharField(source="category.code")
    category_name = serializers.CharField(source="category.name")
    street_name = serializers.CharField(source="street.name")
    station_name = serializers.CharField(source="station.name", allow_null=True, default=None)
    unit_name = serializers.CharField(source="unit.name", allow_null=True, default=None)
    steps = serializers.SerializerMethodField()

    class Meta:
        model = Opinion
        fields = [
            "receipt",
            "status",
            "status_label",
            "category",
            "category_name",
            "street_name",
            "station_name",
            "layer",
            "unit_name",
            "deadline",
            "created_at",
            "closed_at",
            "result",
            "citizen_result",
            "steps",
        ]

    @extend_schema_field(OpinionStepOutput(many=True))
    def get_steps(self, opinion):
        events = (
            opinion.events.all()
            if "events" in getattr(opinion, "_prefetched_objects_cache", {})
            else opinion.events.order_by("created_at", "id")
        )
        return OpinionStepOutput(events, many=True).data


class OpinionConfirmInput(serializers.Serializer):
    result = serializers.ChoiceField(
        choices=Opinion.CitizenResult.choices,
        label=_("是否解决"),
        error_messages={
            **_required(_("请选择已解决、部分解决或未解决。")),
            "invalid_choice": _("请选择已解决、部分解决或未解决。"),
        },
    )
    comment = text_input(_("意见"), "", max_length=500, required=False)


# --- staff, workers, deputies --------------------------------------------------------------------


class LiaisonOpinionOutput(OutputSerializer):
    category = serializers.CharField(source="category.code")
    category_name = serializers.CharField(source="category.name")
    street_name = serializers.CharField(source="street.name")
    station_name = serializers.CharField(source="station.name", allow_null=True, default=None)
    deputy_name = serializers.CharField(source="deputy.name", allow_null=True, default=None)
    unit_name = serializers.CharField(source="unit.name", allow_null=True, default=None)
    mobile = serializers.SerializerMethodField(help_text=_("隐去中间四位"))

    class Meta:
        model = Opinion
        fields = [
            "id",
            "receipt",
            "channel",
            "station",
            "station_name",
            "deputy",
            "deputy_name",
            "street",
            "street_name",
            "category",
            "category_name",
            "content",
            "name",
            "mobile",
            "state",
            "layer",
            "unit",
            "unit_name",
            "deadline",
            "proposal",
            "result",
            "closed_at",
            "citizen_result",
            "citizen_comment",
            "reopen_count",
            "created_at",
        ]

    def get_mobile(self, opinion) -> str:
        return mask_phone(opinion.mobile)


class OpinionRouteInput(serializers.Serializer):
    layer = serializers.ChoiceField(
        choices=Opinion.Layer.choices,
        label=_("办理层级"),
        error_messages={
            **_required(_("请选择办理层级。")),
            "invalid_choice": _("办理层级只能是当场答复、转街道、转部门或转为代表建议。"),
        },
    )
    unit = _pk(Organization.objects.all(), _("办理部门"), missing=_("找不到编号为 {pk_value} 的单位。"))
    note = text_input(_("说明"), "", max_length=500, required=False)


class OpinionCloseInput(serializers.Serializer):
    result = text_input(_("办理结果"), _("请填写办理结果。"), max_length=5000)
