"""The appointments API: thin views over selectors and services.

Staff: ``/appointments/`` (all nominations with exam scores and steps) and the step
transitions, on the one action base (``congress.api.actions``): the nomination is found (404),
the declared step's permission checked (403, whatever the body), then the body parsed (400)
and the service called (409 for a step out of order). Anyone: ``/public/appointments/`` (the
public notices). Staff and committee members: ``/composition/`` (the live composition and
town-congress findings)."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics, status
from rest_framework.permissions import AllowAny, BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from appointments import permissions, selectors, services
from appointments import workflow as pipelines
from appointments.api import serializers as s
from appointments.models import Nomination
from congress.api.actions import ActionView, CreateMixin
from congress.api.permissions import IsCommitteeStaff
from congress.api.public_cache import PublicCacheMixin

ERRORS = {
    400: OpenApiResponse(description=_("输入有误（字段错误以中文说明）")),
    403: OpenApiResponse(description=_("仅限人大常委会工作人员")),
    404: OpenApiResponse(description=_("提名不存在")),
    409: OpenApiResponse(description=_("当前状态不能执行此操作")),
}


class CanViewComposition(BasePermission):
    message = "仅限常委会组成人员和工作人员。"

    def has_permission(self, request, view):
        return permissions.can_view_composition(request.user)


@extend_schema(tags=["appointments"])
@extend_schema_view(
    # ``action`` (the declared case-work action of ``CreateMixin``) makes drf-spectacular read
    # this view as a viewset action other than ``list``: a list response tells it this GET lists.
    get=extend_schema(responses=s.NominationStaffOutput(many=True)),
    post=extend_schema(
        request=s.NominationCreateInput, responses={201: s.NominationStaffDetailOutput, **ERRORS}
    ),
)
class NominationListCreateView(CreateMixin, generics.ListAPIView):
    """All nominations with their steps (staff). POST registers a nomination (提请任免)."""

    permission_classes = [IsCommitteeStaff]
    serializer_class = s.NominationStaffOutput
    filterset_fields = ["status", "kind", "term"]
    search_fields = ["person_name", "proposed_post"]
    ordering_fields = ["nominated_on", "person_name"]
    workflow = pipelines.EXAM_PIPELINE  # "nominate" is the same staff right for every kind
    action_code = "nominate"
    input_class = s.NominationCreateInput

    def get_queryset(self):
        return selectors.nomination_list_staff()

    def perform(self, request, obj, data):
        return services.nomination_create(actor=request.user, **data)

    def answer(self, request, obj, result):
        return _detail_response(result.pk, status.HTTP_201_CREATED)


def _detail_response(pk: int, code: int = status.HTTP_200_OK) -> Response:
    return Response(s.NominationStaffDetailOutput(selectors.nomination_get_staff(pk=pk)).data, status=code)


@extend_schema(tags=["appointments"], responses={200: s.NominationStaffDetailOutput, **ERRORS})
class NominationDetailView(APIView):
    """One nomination with its exams, steps and the status-change log (staff)."""

    permission_classes = [IsCommitteeStaff]

    def get(self, request, pk: int):
        return _detail_response(pk)


class _StepView(ActionView):
    """A step on one nomination: its kind's pipeline declares who may take it (``allowed``)."""

    permission_classes = [IsCommitteeStaff]

    def find(self, request, pk: int):
        return get_object_or_404(Nomination, pk=pk)

    def allowed(self, request, nomination) -> bool:
        predicate = pipelines.workflow_for(nomination)[self.action_code].permission
        return bool(predicate(request.user, nomination))

    def answer(self, request, nomination, result):
        return _detail_response(nomination.pk)


@extend_schema(
    tags=["appointments"], request=s.ExamInput, responses={200: s.NominationStaffDetailOutput, **ERRORS}
)
class ExamView(_StepView):
    """Record a law-knowledge exam; passed when the score reaches the rule
    ``appointments.exam_pass_mark``."""

    action_code = "exam"
    input_class = s.ExamInput

    def perform(self, request, nomination, data):
        return services.nomination_record_exam(actor=request.user, nomination_id=nomination.pk, **data)


@extend_schema(
    tags=["appointments"], request=s.PublicityInput, responses={200: s.NominationStaffDetailOutput, **ERRORS}
)
class PublicityView(_StepView):
    """Publish the pre-appointment commitment for ``appointments.publicity_days`` days."""

    action_code = "publicity"
    input_class = s.PublicityInput

    def perform(self, request, nomination, data):
        return services.nomination_start_publicity(actor=request.user, nomination_id=nomination.pk, **data)


@extend_schema(
    tags=["appointments"], request=s.VoteInput, responses={200: s.NominationStaffDetailOutput, **ERRORS}
)
class VoteView(_StepView):
    """Record the vote; passes with more than half of all members."""

    action_code = "vote"
    input_class = s.VoteInput

    def perform(self, request, nomination, data):
        return services.nomination_record_vote(actor=request.user, nomination_id=nomination.pk, **data)


@extend_schema(
    tags=["appointments"], request=s.OathInput, responses={200: s.NominationStaffDetailOutput, **ERRORS}
)
class OathView(_StepView):
    """Record the constitutional oath of an approved candidate."""

    action_code = "oath"
    input_class = s.OathInput

    def perform(self, request, nomination, data):
        return services.nomination_record_oath(actor=request.user, nomination_id=nomination.pk, **data)


@extend_schema(
    tags=["appointments"], request=s.WithdrawInput, responses={200: s.NominationStaffDetailOutput, **ERRORS}
)
class WithdrawView(_StepView):
    """Withdraw an open nomination, with a reason."""

    action_code = "withdraw"
    input_class = s.WithdrawInput

    def perform(self, request, nomination, data):
        return services.nomination_withdraw(actor=request.user, nomination_id=nomination.pk, **data)


@extend_schema(
    tags=["public"],
    parameters=[
        OpenApiParameter("stage", str, enum=list(selectors.PUBLIC_STAGES), description=_("环节")),
    ],
)
class PublicNominationListView(PublicCacheMixin, generics.ListAPIView):
    """The public notices of appointments (anonymous): nominations, publicity, votes, oaths."""

    permission_classes = [AllowAny]
    authentication_classes: list = []
    serializer_class = s.NominationPublicOutput
    filter_backends: list = []

    def get_queryset(self):
        return selectors.nomination_list_public(stage=self.request.query_params.get("stage"))


@extend_schema(tags=["public"], responses={200: s.NominationPublicOutput, 404: ERRORS[404]})
class PublicNominationDetailView(PublicCacheMixin, APIView):
    permission_classes = [AllowAny]
    authentication_classes: list = []

    def get(self, request, pk: int):
        return Response(s.NominationPublicOutput(selectors.nomination_get_public(pk=pk)).data)


@extend_schema(
    tags=["appointments"],
    parameters=[OpenApiParameter("year", int, description=_("镇人代会检查的年度，默认今年"))],
    responses={200: s.CompositionOutput, 400: ERRORS[400], 403: OpenApiResponse(description=_("无权查看"))},
)
class CompositionView(APIView):
    """The live check of the committee's composition (seed 十六) and of the town congress
    (十八): findings with level ok / warning / error, a Chinese message and the numbers."""

    permission_classes = [CanViewComposition]

    def get(self, request):
        year = request.query_params.get("year")
        if year not in (None, ""):
            if not year.isdecimal() or not 2000 <= int(year) <= 2100:
                return Response(
                    {"year": ["请填写 2000 到 2100 之间的年份。"], "code": "invalid"},
                    status=status.HTTP_400_BAD_REQUEST,
                )
            year = int(year)
        else:
            year = None
        dashboard = selectors.dashboard_get(year=year)
        data = {
            "term": dashboard.term,
            "year": dashboard.year,
            "warning_count": dashboard.warning_count,
            "composition": [f.as_dict() for f in dashboard.composition],
            "town": [f.as_dict() for f in dashboard.town],
        }
        return Response(s.CompositionOutput(data).data)
