"""The station workers' API (seed 十三/十七): the stations a worker keeps (staff: all), their
reception days (list, create, change, cancel) and their file (档案: list, create). The wall is
the selector ``stations_kept_by``: another station's days and file are a 404, not a 403."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, serializers
from rest_framework.permissions import IsAuthenticated

from congress.api.actions import ActionView, CreateMixin
from congress.api.serializers import ErrorSerializer, OutputSerializer, text_input
from deputies.models import Deputy
from liaison import permissions, services
from liaison import selectors as sel
from liaison.api.serializers import StationDeputyOutput, _required
from liaison.models import Reception, Station, StationRecord

ERRORS = {
    400: OpenApiResponse(ErrorSerializer, description=_("输入有误（字段错误）")),
    403: OpenApiResponse(ErrorSerializer, description=_("无权执行此操作")),
    404: OpenApiResponse(ErrorSerializer, description=_("不存在或不是本人负责的站点")),
    409: OpenApiResponse(ErrorSerializer, description=_("接待日已取消或已开始")),
}


# --- serializers ---------------------------------------------------------------------------------


class KeptStationOutput(OutputSerializer):
    street_name = serializers.CharField(source="street.name")

    class Meta:
        model = Station
        fields = ["id", "name", "kind", "street", "street_name", "address", "phone", "opening_hours"]


class ReceptionOutput(OutputSerializer):
    deputies = StationDeputyOutput(many=True, read_only=True)
    cancelled = serializers.BooleanField(source="is_cancelled")

    class Meta:
        model = Reception
        fields = [
            "id",
            "station",
            "starts_at",
            "ends_at",
            "place",
            "topic",
            "deputies",
            "cancelled",
            "cancelled_reason",
            "created_at",
            "updated_at",
        ]


def _deputies_field(required: bool):
    return serializers.PrimaryKeyRelatedField(
        queryset=Deputy.objects.select_related("group"),
        many=True,
        required=required,
        label=_("接待代表"),
        help_text=_("代表编号：本站点或本街道的在任代表"),
        error_messages={
            "does_not_exist": _("找不到编号为 {pk_value} 的代表。"),
            "incorrect_type": _("编号应为整数。"),
        },
    )


def _when(label, message, required=True):
    return serializers.DateTimeField(
        label=label,
        required=required,
        error_messages={
            **_required(message),
            "invalid": _("请填写有效的时间，如 2026-06-01T09:00:00+08:00。"),
        },
    )


class ReceptionInput(serializers.Serializer):
    starts_at = _when(_("开始时间"), _("请填写开始时间。"))
    ends_at = _when(_("结束时间"), _("请填写结束时间。"))
    place = text_input(_("地点"), "", max_length=200, required=False)
    topic = text_input(_("主题"), "", max_length=200, required=False)
    deputies = _deputies_field(required=False)


class ReceptionUpdateInput(serializers.Serializer):
    starts_at = _when(_("开始时间"), _("请填写开始时间。"), required=False)
    ends_at = _when(_("结束时间"), _("请填写结束时间。"), required=False)
    place = serializers.CharField(label=_("地点"), max_length=200, required=False, allow_blank=True)
    topic = serializers.CharField(label=_("主题"), max_length=200, required=False, allow_blank=True)
    deputies = _deputies_field(required=False)


class ReceptionCancelInput(serializers.Serializer):
    reason = text_input(_("取消原因"), _("请填写取消原因。"), max_length=200)


class StationRecordOutput(OutputSerializer):
    kind_name = serializers.CharField(source="get_kind_display")

    class Meta:
        model = StationRecord
        fields = [
            "id",
            "station",
            "kind",
            "kind_name",
            "title",
            "content",
            "recorded_on",
            "is_public",
            "created_at",
        ]


class StationRecordInput(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=StationRecord.Kind.choices,
        label=_("类别"),
        error_messages={
            **_required(_("请选择档案类别。")),
            "invalid_choice": _("档案类别只能是活动场地、宣传阵地、档案记录或典型示范。"),
        },
    )
    title = text_input(_("标题"), _("请填写标题。"), max_length=200)
    content = text_input(_("内容"), "", max_length=20000, required=False)
    recorded_on = serializers.DateField(
        label=_("日期"),
        required=False,
        allow_null=True,
        default=None,
        error_messages={"invalid": _("请填写有效的日期，如 2026-06-01。")},
    )
    is_public = serializers.BooleanField(label=_("在网站公开"), required=False, default=True)


# --- views ---------------------------------------------------------------------------------------


def _station(request, pk) -> Station:
    return sel.station_get_kept(request.user, pk)


def _reception(request, pk) -> Reception:
    return get_object_or_404(
        Reception.objects.filter(station__in=sel.stations_kept_by(request.user)).select_related("station"),
        pk=pk,
    )


@extend_schema(tags=["liaison"], responses=KeptStationOutput(many=True))
class KeptStationListView(generics.ListAPIView):
    """The stations the caller keeps: a station worker their own, staff every active one."""

    serializer_class = KeptStationOutput
    permission_classes = [IsAuthenticated]
    filter_backends: list = []
    pagination_class = None

    def get_queryset(self):
        return sel.stations_kept_by(self.request.user)


@extend_schema(
    tags=["liaison"],
    parameters=[OpenApiParameter("past", bool, description=_("为 true 时包括 30 天前已结束的接待日"))],
)
class StationReceptionListCreateView(CreateMixin, generics.ListAPIView):
    """GET: the station's reception days (from 30 days ago; ``past=true`` all), soonest first.
    POST: a new reception day (still to come; its deputies attached to the station or serving
    its street). Another station's: 404."""

    serializer_class = ReceptionOutput
    permission_classes = [IsAuthenticated]
    filter_backends: list = []
    input_class = ReceptionInput
    output_class = ReceptionOutput

    def get_queryset(self):
        station = _station(self.request, self.kwargs["pk"])
        if self.request.query_params.get("past") == "true":
            return station.receptions.prefetch_related("deputies").order_by("-starts_at", "-id")
        return sel.receptions_of(station)

    def find(self, request, **kwargs):
        return _station(request, kwargs["pk"])

    def allowed(self, request, station) -> bool:
        return permissions.keeps_station(request.user, station)

    def perform(self, request, station, data):
        return services.reception_create(actor=request.user, station=station, **data)

    @extend_schema(request=ReceptionInput, responses={201: ReceptionOutput, **ERRORS})
    def post(self, request, **kwargs):
        return super().post(request, **kwargs)


class _ReceptionAction(ActionView):
    permission_classes = [IsAuthenticated]
    output_class = ReceptionOutput

    def find(self, request, **kwargs):
        return _reception(request, kwargs["pk"])

    def allowed(self, request, reception) -> bool:
        return permissions.keeps_station(request.user, reception.station)


@extend_schema(tags=["liaison"])
class ReceptionUpdateView(_ReceptionAction):
    """Change a reception day still to come: only the fields sent (``deputies`` replaces the
    list). 409 once it began or was cancelled; another station's: 404."""

    http_method_names = ["patch", "options"]
    input_class = ReceptionUpdateInput

    def perform(self, request, reception, data):
        return services.reception_update(actor=request.user, reception=reception, **data)

    @extend_schema(request=ReceptionUpdateInput, responses={200: ReceptionOutput, **ERRORS})
    def patch(self, request, **kwargs):
        return self.post(request, **kwargs)


@extend_schema(tags=["liaison"], request=ReceptionCancelInput, responses={200: ReceptionOutput, **ERRORS})
class ReceptionCancelView(_ReceptionAction):
    """Cancel a reception day with the reason (shown on the public schedule)."""

    input_class = ReceptionCancelInput

    def perform(self, request, reception, data):
        return services.reception_cancel(actor=request.user, reception=reception, **data)


@extend_schema(tags=["liaison"])
class StationRecordListCreateView(CreateMixin, generics.ListAPIView):
    """GET: the station's file (活动场地、宣传阵地、档案记录、典型示范), newest first, public or
    not. POST: a new entry. Another station's: 404."""

    serializer_class = StationRecordOutput
    permission_classes = [IsAuthenticated]
    filter_backends: list = []
    input_class = StationRecordInput
    output_class = StationRecordOutput

    def get_queryset(self):
        station = _station(self.request, self.kwargs["pk"])
        return station.records.order_by("-recorded_on", "-id")

    def find(self, request, **kwargs):
        return _station(request, kwargs["pk"])

    def allowed(self, request, station) -> bool:
        return permissions.keeps_station(request.user, station)

    def perform(self, request, station, data):
        return services.station_record_create(actor=request.user, station=station, **data)

    @extend_schema(request=StationRecordInput, responses={201: StationRecordOutput, **ERRORS})
    def post(self, request, **kwargs):
        return super().post(request, **kwargs)
