"""The liaison API in the one order of ``congress.api.actions``: the public schedule and
categories, a citizen's opinion by receipt (submit, follow, say whether solved), and for staff,
station workers and deputies the opinions behind their wall with the route and close steps."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle

from congress.api.actions import ActionView, CreateMixin
from congress.api.public_cache import PublicCacheMixin
from congress.api.serializers import ErrorSerializer
from liaison import selectors as sel
from liaison import services
from liaison.api import serializers as s
from liaison.workflow import OPINION

ERRORS = {
    400: OpenApiResponse(ErrorSerializer, description=_("输入有误（字段错误）")),
    403: OpenApiResponse(ErrorSerializer, description=_("无权执行此操作")),
    404: OpenApiResponse(ErrorSerializer, description=_("不存在或无权查看")),
    409: OpenApiResponse(ErrorSerializer, description=_("当前状态不允许此操作")),
}


def _int(value) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 2**31 else None


# --- the public ----------------------------------------------------------------------------------


@extend_schema(
    tags=["public"],
    responses=s.PublicStationOutput(many=True),
    parameters=[OpenApiParameter("street", OpenApiTypes.INT, description=_("只列出该街道（镇）的站点"))],
)
class PublicStationListView(PublicCacheMixin, generics.ListAPIView):
    """Liaison offices, stations and points with their street, address, directions and deputies."""

    serializer_class = s.PublicStationOutput
    permission_classes = [AllowAny]
    throttle_classes = [AnonRateThrottle]
    filter_backends: list = []

    def get_queryset(self):
        return sel.stations_public(street_id=_int(self.request.query_params.get("street")))


@extend_schema(
    tags=["public"],
    responses=s.PublicReceptionOutput(many=True),
    parameters=[
        OpenApiParameter("station", OpenApiTypes.INT, description=_("站点编号")),
        OpenApiParameter("deputy", OpenApiTypes.INT, description=_("代表编号")),
    ],
)
class PublicReceptionListView(generics.ListAPIView):
    """Upcoming reception days (接待日), soonest first."""

    serializer_class = s.PublicReceptionOutput
    permission_classes = [AllowAny]
    throttle_classes = [AnonRateThrottle]
    filter_backends: list = []

    def get_queryset(self):
        params = self.request.query_params
        return sel.receptions_upcoming(
            station_id=_int(params.get("station")), deputy_id=_int(params.get("deputy"))
        )


@extend_schema(tags=["public"], responses=s.OpinionCategoryOutput(many=True))
class PublicCategoryListView(PublicCacheMixin, generics.ListAPIView):
    """Categories of citizens' opinions (data)."""

    serializer_class = s.OpinionCategoryOutput
    permission_classes = [AllowAny]
    throttle_classes = [AnonRateThrottle]
    filter_backends: list = []
    pagination_class = None

    def get_queryset(self):
        return sel.categories()


@extend_schema(tags=["public"])
class PublicOpinionCreateView(CreateMixin, generics.GenericAPIView):
    """A citizen leaves an opinion without an account; answers the receipt number."""

    permission_classes = [AllowAny]
    throttle_classes = [AnonRateThrottle]
    input_class = s.OpinionSubmitInput
    serializer_class = s.OpinionSubmitInput

    def allowed(self, request, obj):
        return True  # anyone: the service validates

    def perform(self, request, obj, data):
        channel = "qr" if (data.get("station") or data.get("deputy")) else "online"
        return services.opinion_submit(channel=channel, address=request.META.get("REMOTE_ADDR", ""), **data)

    def answer(self, request, obj, opinion):
        return Response({"receipt": opinion.receipt}, status=self.success_status)

    @extend_schema(
        request=s.OpinionSubmitInput,
        responses={
            201: s.OpinionReceiptOutput,
            400: ERRORS[400],
            429: OpenApiResponse(ErrorSerializer, description=_("同一网络地址当天提交已达上限")),
        },
    )
    def post(self, request, **kwargs):
        return super().post(request, **kwargs)


@extend_schema(tags=["public"], responses={200: s.PublicOpinionOutput, 404: ERRORS[404]})
class PublicOpinionDetailView(generics.RetrieveAPIView):
    """An opinion by receipt: its status and the handling steps (no mobile, no name)."""

    serializer_class = s.PublicOpinionOutput
    permission_classes = [AllowAny]
    throttle_classes = [AnonRateThrottle]

    def get_object(self):
        return sel.opinion_get_by_receipt(self.kwargs["receipt"])


@extend_schema(
    tags=["public"], request=s.OpinionConfirmInput, responses={200: s.PublicOpinionOutput, **ERRORS}
)
class PublicOpinionConfirmView(ActionView):
    """The citizen says whether the closed opinion was solved: ``not_solved`` reopens it
    (409 before it is closed, or once already said)."""

    permission_classes = [AllowAny]
    throttle_classes = [AnonRateThrottle]
    input_class = s.OpinionConfirmInput
    output_class = s.PublicOpinionOutput

    def find(self, request, **kwargs):
        return sel.opinion_get_by_receipt(kwargs["receipt"])

    def allowed(self, request, obj):
        return True  # the receipt number is the key

    def perform(self, request, obj, data):
        return services.opinion_confirm(opinion=obj, **data)


# --- staff, station workers, deputies ------------------------------------------------------------


@extend_schema(
    tags=["liaison"],
    responses=s.LiaisonOpinionOutput(many=True),
    parameters=[
        OpenApiParameter("receipt", OpenApiTypes.STR, description=_("回执编号")),
        OpenApiParameter("state", OpenApiTypes.STR, enum=[c for c, _l in s.Opinion.State.choices]),
        OpenApiParameter("station", OpenApiTypes.INT),
    ],
)
class OpinionListView(generics.ListAPIView):
    """Opinions behind the caller's wall: staff and members all; a station worker their
    stations'; a deputy those addressed to them; a unit officer those routed to their unit."""

    serializer_class = s.LiaisonOpinionOutput
    filter_backends: list = []

    def get_queryset(self):
        rows = sel.opinions_visible_to(self.request.user)
        params = self.request.query_params
        receipt = "".join((params.get("receipt") or "").split()).upper()
        if receipt:
            rows = rows.filter(receipt=receipt[:20])
        if params.get("state") in s.Opinion.State.values:
            rows = rows.filter(state=params["state"])
        if station := _int(params.get("station")):
            rows = rows.filter(station_id=station)
        return rows.order_by("-created_at", "-id")


@extend_schema(tags=["liaison"], responses={200: s.LiaisonOpinionOutput, 404: ERRORS[404]})
class OpinionDetailView(generics.RetrieveAPIView):
    serializer_class = s.LiaisonOpinionOutput

    def get_object(self):
        return sel.opinion_get_for_user(self.request.user, self.kwargs["pk"])


class _OpinionAction(ActionView):
    workflow = OPINION
    output_class = s.LiaisonOpinionOutput
    denied_message = services.NOT_KEEPER
    denied_code = "not_station_worker"

    def find(self, request, **kwargs):
        return sel.opinion_get_for_user(request.user, kwargs["pk"])


@extend_schema(
    tags=["liaison"], request=s.OpinionRouteInput, responses={200: s.LiaisonOpinionOutput, **ERRORS}
)
class OpinionRouteView(_OpinionAction):
    """Route by layer: ``on_the_spot``, ``street``, ``department`` (with ``unit``: a tracked
    item with the rule's deadline) or ``suggestion`` (a proposal draft of the deputy)."""

    action_code = "route"
    input_class = s.OpinionRouteInput

    def perform(self, request, obj, data):
        return services.opinion_route(actor=request.user, opinion=obj, **data)


@extend_schema(
    tags=["liaison"], request=s.OpinionCloseInput, responses={200: s.LiaisonOpinionOutput, **ERRORS}
)
class OpinionCloseView(_OpinionAction):
    """Close with the result; the citizen may then say whether it was solved."""

    action_code = "close"
    input_class = s.OpinionCloseInput

    def perform(self, request, obj, data):
        return services.opinion_close(actor=request.user, opinion=obj, **data)
