"""Meetings and officials' attendance over the API. Thin, and in the one order of
``congress.api.actions``: find through a selector (404 for what the caller may not see), check
the declared action's permission (403 whatever the body), parse with an input serializer (400),
act with a service, answer with an output serializer. Service errors become Chinese 4xx
messages (congress.api.exceptions)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from congress.api.actions import ActionView, CreateMixin
from congress.api.public_cache import PublicCacheMixin
from congress.api.serializers import ErrorSerializer
from meetings import selectors, services
from meetings.api.serializers import (
    AttendanceOutput,
    LeaveRequestInput,
    LeaveReviewInput,
    MeetingCreateInput,
    MeetingOutput,
    MeetingRequireUnitsInput,
    PublicAttendanceOutput,
)
from meetings.workflow import ATTENDANCE, MEETING

ERRORS = {
    400: ErrorSerializer,
    403: ErrorSerializer,
    404: ErrorSerializer,
    409: OpenApiResponse(ErrorSerializer, description=_("当前状态不允许此操作")),
}
MEETING_PARAM = OpenApiParameter("meeting", OpenApiTypes.INT, description=_("会议编号"))


def _meeting_id(request, *, required: bool) -> int | None:
    raw = request.query_params.get("meeting")
    if raw in (None, ""):
        if required:
            raise serializers.ValidationError({"meeting": [_("请指定会议编号。")]})
        return None
    try:
        return int(raw)
    except ValueError as exc:
        raise serializers.ValidationError({"meeting": [_("会议编号应为整数。")]}) from exc


@extend_schema(tags=["meetings"])
class MeetingListCreateView(CreateMixin, generics.ListAPIView):
    """Meetings the caller may see (staff: all; others: the published schedule and their own)."""

    serializer_class = MeetingOutput
    filterset_fields = ["kind", "status"]
    search_fields = ["title", "location"]
    ordering_fields = ["starts_at"]
    # POST: staff schedule a meeting (the declared ``create`` action's predicate: 403 for
    # anyone else, whatever the body).
    workflow = MEETING
    action_code = "create"
    input_class = MeetingCreateInput
    output_class = MeetingOutput
    denied_message = services.NOT_STAFF
    denied_code = "not_staff"

    def get_queryset(self):
        return selectors.meeting_list_visible_to(self.request.user).order_by("-starts_at", "-id")

    def perform(self, request, obj, data):
        return services.meeting_create(actor=request.user, **data)

    @extend_schema(request=MeetingCreateInput, responses={201: MeetingOutput, **ERRORS})
    def post(self, request, **kwargs):
        return super().post(request, **kwargs)


@extend_schema(tags=["meetings"], responses={200: MeetingOutput, 404: ErrorSerializer})
class MeetingDetailView(generics.RetrieveAPIView):
    serializer_class = MeetingOutput

    def get_queryset(self):
        return selectors.meeting_list_visible_to(self.request.user)


class _MeetingAction(ActionView):
    """A staff step on a meeting the caller may see (404 otherwise)."""

    workflow = MEETING
    denied_message = services.NOT_STAFF
    denied_code = "not_staff"

    def find(self, request, **kwargs):
        return selectors.meeting_get_for_user(request.user, kwargs["pk"])


@extend_schema(tags=["meetings"])
class MeetingRequireUnitsView(_MeetingAction):
    """Staff mark the units whose head must attend (idempotent). Answers with every required unit."""

    action_code = "require_units"
    input_class = MeetingRequireUnitsInput
    success_status = status.HTTP_201_CREATED

    def perform(self, request, obj, data):
        return services.meeting_require_units(meeting=obj, actor=request.user, unit_ids=data["units"])

    def answer(self, request, obj, result):
        rows = selectors.attendance_for_meeting(obj)
        return Response(AttendanceOutput(rows, many=True).data, status=self.success_status)

    @extend_schema(request=MeetingRequireUnitsInput, responses={201: AttendanceOutput(many=True), **ERRORS})
    def post(self, request, **kwargs):
        return super().post(request, **kwargs)


@extend_schema(tags=["meetings"])
class MeetingCloseView(_MeetingAction):
    """Staff close the meeting (any time after it started); attendance is published automatically."""

    action_code = "close"
    output_class = MeetingOutput

    def perform(self, request, obj, data):
        return services.meeting_close(meeting=obj, actor=request.user)

    @extend_schema(request=None, responses={200: MeetingOutput, **ERRORS})
    def post(self, request, **kwargs):
        return super().post(request, **kwargs)


@extend_schema(tags=["attendance"], parameters=[MEETING_PARAM])
class AttendanceListView(generics.ListAPIView):
    """Required attendance the caller may see: a unit officer only their own unit's, a
    reviewer those their office approves, staff all."""

    serializer_class = AttendanceOutput
    filterset_fields = ["status"]
    ordering_fields: list = []
    search_fields: list = []

    def get_queryset(self):
        return selectors.attendance_list_visible_to(
            self.request.user, meeting_id=_meeting_id(self.request, required=False)
        )


class _AttendanceAction(ActionView):
    """A step on a required attendance the caller may see (404 otherwise)."""

    workflow = ATTENDANCE
    output_class = AttendanceOutput

    def find(self, request, **kwargs):
        return selectors.attendance_get_for_user(request.user, kwargs["pk"])


@extend_schema(tags=["attendance"])
class AttendanceLeaveView(_AttendanceAction):
    """The unit's officer asks leave for the head before the meeting: reason and substitute required."""

    action_code = "request_leave"
    input_class = LeaveRequestInput
    denied_message = services.NOT_UNIT_OFFICER
    denied_code = "not_unit_officer"

    def perform(self, request, obj, data):
        return services.attendance_request_leave(attendance=obj, actor=request.user, **data)

    @extend_schema(request=LeaveRequestInput, responses={200: AttendanceOutput, **ERRORS})
    def post(self, request, **kwargs):
        return super().post(request, **kwargs)


@extend_schema(tags=["attendance"])
class AttendanceApproveLeaveView(_AttendanceAction):
    """The approving office (by the rule meetings.leave_approvers) approves the leave."""

    action_code = "approve_leave"
    input_class = LeaveReviewInput
    denied_message = services.NOT_APPROVING_OFFICE
    denied_code = "not_approving_office"

    def perform(self, request, obj, data):
        return services.attendance_approve_leave(attendance=obj, actor=request.user, **data)

    @extend_schema(request=LeaveReviewInput, responses={200: AttendanceOutput, **ERRORS})
    def post(self, request, **kwargs):
        return super().post(request, **kwargs)


@extend_schema(tags=["attendance"])
class AttendanceRejectLeaveView(_AttendanceAction):
    """The approving office refuses the leave: the head is expected in person."""

    action_code = "reject_leave"
    input_class = LeaveReviewInput
    denied_message = services.NOT_APPROVING_OFFICE
    denied_code = "not_approving_office"

    def perform(self, request, obj, data):
        return services.attendance_reject_leave(attendance=obj, actor=request.user, **data)

    @extend_schema(request=LeaveReviewInput, responses={200: AttendanceOutput, **ERRORS})
    def post(self, request, **kwargs):
        return super().post(request, **kwargs)


@extend_schema(tags=["attendance"])
class AttendanceCheckInView(_AttendanceAction):
    """Staff check the head in on the day (late after the start plus the rule's minutes)."""

    action_code = "check_in"
    denied_message = services.NOT_STAFF
    denied_code = "not_staff"

    def perform(self, request, obj, data):
        return services.attendance_check_in(attendance=obj, actor=request.user)

    @extend_schema(request=None, responses={200: AttendanceOutput, **ERRORS})
    def post(self, request, **kwargs):
        return super().post(request, **kwargs)


@extend_schema(
    tags=["public"],
    parameters=[OpenApiParameter("meeting", OpenApiTypes.INT, required=True, description=_("会议编号"))],
    responses={200: PublicAttendanceOutput(many=True), 400: ErrorSerializer},
)
class PublicAttendanceView(PublicCacheMixin, generics.ListAPIView):
    """Published attendance of a meeting, for anyone: empty until the meeting is closed and
    its attendance published, then every required unit with its status and substitute."""

    permission_classes = [AllowAny]
    serializer_class = PublicAttendanceOutput
    pagination_class = None
    filter_backends: list = []

    def get_queryset(self):
        return selectors.published_attendance_of(_meeting_id(self.request, required=True))
