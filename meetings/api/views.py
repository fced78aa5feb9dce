"""Meetings and officials' attendance over the API. Thin: parse with an input serializer,
scope with a selector (404 for what the caller may not see), act with a service, answer with
an output serializer. Service errors become Chinese 4xx messages (congress.api.exceptions)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

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
class MeetingListCreateView(generics.ListAPIView):
    """Meetings the caller may see (staff: all; others: the published schedule and their own)."""

    serializer_class = MeetingOutput
    filterset_fields = ["kind", "status"]
    search_fields = ["title", "location"]
    ordering_fields = ["starts_at"]

    def get_queryset(self):
        return selectors.meeting_list_visible_to(self.request.user).order_by("-starts_at", "-id")

    @extend_schema(request=MeetingCreateInput, responses={201: MeetingOutput, **ERRORS})
    def post(self, request):
        data = MeetingCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        meeting = services.meeting_create(actor=request.user, **data.validated_data)
        return Response(MeetingOutput(meeting).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["meetings"], responses={200: MeetingOutput, 404: ErrorSerializer})
class MeetingDetailView(generics.RetrieveAPIView):
    serializer_class = MeetingOutput

    def get_queryset(self):
        return selectors.meeting_list_visible_to(self.request.user)


@extend_schema(tags=["meetings"])
class MeetingRequireUnitsView(APIView):
    """Staff mark the units whose head must attend (idempotent). Answers with every required unit."""

    @extend_schema(request=MeetingRequireUnitsInput, responses={201: AttendanceOutput(many=True), **ERRORS})
    def post(self, request, pk: int):
        meeting = selectors.meeting_get_for_user(request.user, pk)
        data = MeetingRequireUnitsInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.meeting_require_units(
            meeting=meeting, actor=request.user, unit_ids=data.validated_data["units"]
        )
        rows = selectors.attendance_for_meeting(meeting).select_related("meeting")
        return Response(AttendanceOutput(rows, many=True).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["meetings"])
class MeetingCloseView(APIView):
    """Staff close the meeting (any time after it started); attendance is published automatically."""

    @extend_schema(request=None, responses={200: MeetingOutput, **ERRORS})
    def post(self, request, pk: int):
        meeting = selectors.meeting_get_for_user(request.user, pk)
        meeting = services.meeting_close(meeting=meeting, actor=request.user)
        return Response(MeetingOutput(meeting).data)


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


class _AttendanceActionView(APIView):
    def _attendance(self, request, pk):
        return selectors.attendance_get_for_user(request.user, pk)

    def _answer(self, attendance):
        return Response(AttendanceOutput(attendance).data)


@extend_schema(tags=["attendance"])
class AttendanceLeaveView(_AttendanceActionView):
    """The unit's officer asks leave for the head before the meeting: reason and substitute required."""

    @extend_schema(request=LeaveRequestInput, responses={200: AttendanceOutput, **ERRORS})
    def post(self, request, pk: int):
        attendance = self._attendance(request, pk)
        data = LeaveRequestInput(data=request.data)
        data.is_valid(raise_exception=True)
        return self._answer(
            services.attendance_request_leave(
                attendance=attendance, actor=request.user, **data.validated_data
            )
        )


@extend_schema(tags=["attendance"])
class AttendanceApproveLeaveView(_AttendanceActionView):
    """The approving office (by the rule meetings.leave_approvers) approves the leave."""

    @extend_schema(request=LeaveReviewInput, responses={200: AttendanceOutput, **ERRORS})
    def post(self, request, pk: int):
        attendance = self._attendance(request, pk)
        data = LeaveReviewInput(data=request.data)
        data.is_valid(raise_exception=True)
        return self._answer(
            services.attendance_approve_leave(
                attendance=attendance, actor=request.user, **data.validated_data
            )
        )


@extend_schema(tags=["attendance"])
class AttendanceRejectLeaveView(_AttendanceActionView):
    """The approving office refuses the leave: the head is expected in person."""

    @extend_schema(request=LeaveReviewInput, responses={200: AttendanceOutput, **ERRORS})
    def post(self, request, pk: int):
        attendance = self._attendance(request, pk)
        data = LeaveReviewInput(data=request.data)
        data.is_valid(raise_exception=True)
        return self._answer(
            services.attendance_reject_leave(attendance=attendance, actor=request.user, **data.validated_data)
        )


@extend_schema(tags=["attendance"])
class AttendanceCheckInView(_AttendanceActionView):
    """Staff check the head in on the day (late after the start plus the rule's minutes)."""

    @extend_schema(request=None, responses={200: AttendanceOutput, **ERRORS})
    def post(self, request, pk: int):
        attendance = self._attendance(request, pk)
        return self._answer(services.attendance_check_in(attendance=attendance, actor=request.user))


@extend_schema(
    tags=["public"],
    parameters=[OpenApiParameter("meeting", OpenApiTypes.INT, required=True, description=_("会议编号"))],
    responses={200: PublicAttendanceOutput(many=True), 400: ErrorSerializer},
)
class PublicAttendanceView(generics.ListAPIView):
    """Published attendance of a meeting, for anyone: empty until the meeting is closed and
    its attendance published, then every required unit with its status and substitute."""

    permission_classes = [AllowAny]
    serializer_class = PublicAttendanceOutput
    pagination_class = None
    filter_backends: list = []

    def get_queryset(self):
        return selectors.published_attendance_of(_meeting_id(self.request, required=True))
