"""The supervision API: thin views in the one order of ``congress.api.actions`` — find through
a selector (404 for what the caller may not see), the declared action's who-predicate (403,
whatever the body), parse with an input serializer (400, Chinese field messages), act with
one service (409 ``invalid_transition`` from the wrong state), answer with an output
serializer."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle

from congress.api.actions import ActionView, CreateMixin
from congress.api.public_cache import PublicCacheMixin
from congress.api.serializers import ErrorSerializer
from supervision import selectors, services
from supervision.api import serializers as s
from supervision.workflow import INTERPELLATION, WORK_REPORT

ERRORS = {
    400: OpenApiResponse(ErrorSerializer, description=_("输入有误（字段错误）")),
    403: OpenApiResponse(ErrorSerializer, description=_("无权执行此操作")),
    404: OpenApiResponse(ErrorSerializer, description=_("不存在或无权查看")),
    409: OpenApiResponse(ErrorSerializer, description=_("当前状态不允许此操作")),
}


# --- work reports --------------------------------------------------------------------------------


@extend_schema(tags=["supervision"])
class WorkReportListCreateView(CreateMixin, generics.ListAPIView):
    """Special work reports the caller may see (staff and members: all; a unit officer: the
    units they act for), and staff requesting one of a unit."""

    serializer_class = s.WorkReportListOutput
    filterset_fields = ["state", "unit"]
    search_fields = ["title"]
    ordering_fields = ["due_date", "rectification_due", "created_at"]
    input_class = s.WorkReportCreateInput
    denied_message = services.NOT_STAFF
    denied_code = "not_staff"

    def get_queryset(self):
        return selectors.report_list_visible_to(self.request.user).order_by("-created_at", "-id")

    # The declared ``create`` action's predicate (not through an ``action`` attribute, which
    # drf-spectacular would read on a list view as a viewset's).
    def allowed(self, request, obj):
        return WORK_REPORT["create"].permission(request.user, None)

    def perform(self, request, obj, data):
        return services.report_create(actor=request.user, **data)

    def answer(self, request, obj, report):
        detail = selectors.report_with_record(request.user, report.pk)
        return Response(s.WorkReportOutput(detail).data, status=self.success_status)

    @extend_schema(responses=s.WorkReportListOutput(many=True))
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(request=s.WorkReportCreateInput, responses={201: s.WorkReportOutput, **ERRORS})
    def post(self, request, **kwargs):
        return super().post(request, **kwargs)


@extend_schema(tags=["supervision"], responses={200: s.WorkReportOutput, 404: ERRORS[404]})
class WorkReportDetailView(generics.RetrieveAPIView):
    """One report with its whole record: rectification reports, votes, follow-ups."""

    serializer_class = s.WorkReportOutput

    def get_object(self):
        return selectors.report_with_record(self.request.user, self.kwargs["pk"])


class _ReportAction(ActionView):
    """A step on a report the caller may see (404 otherwise); answers the report after it."""

    workflow = WORK_REPORT
    output_class = s.WorkReportOutput

    def find(self, request, **kwargs):
        return selectors.report_get_for_user(request.user, kwargs["pk"])

    def answer(self, request, obj, result):
        return Response(s.WorkReportOutput(selectors.report_with_record(request.user, obj.pk)).data)


def _report_schema(input_class, summary):
    return extend_schema(
        tags=["supervision"],
        summary=summary,
        request=input_class,
        responses={200: s.WorkReportOutput, **ERRORS},
    )


class _FilesAction(_ReportAction):
    """A step that takes files: multipart/form-data (or JSON without files)."""

    parser_classes = [MultiPartParser, FormParser, JSONParser]


def _files_schema(summary):
    return extend_schema(
        tags=["supervision"],
        summary=summary,
        request={"multipart/form-data": s.WorkReportFilesInput, "application/json": s.WorkReportContentInput},
        responses={200: s.WorkReportOutput, **ERRORS},
    )


@_files_schema("报送报告（被监督单位）：正文和附件")
class WorkReportSubmitView(_FilesAction):
    action_code = "submit"
    input_class = s.WorkReportFilesInput
    denied_message = services.NOT_UNIT
    denied_code = "not_unit_officer"

    def perform(self, request, obj, data):
        return services.report_submit(actor=request.user, report=obj, **data)


@_report_schema(s.WorkReportDeliberateInput, "记录会议审议（工作人员）")
class WorkReportDeliberateView(_ReportAction):
    action_code = "deliberate"
    input_class = s.WorkReportDeliberateInput
    denied_message = services.NOT_STAFF
    denied_code = "not_staff"

    def perform(self, request, obj, data):
        return services.report_deliberate(actor=request.user, report=obj, **data)


@_report_schema(s.WorkReportContentInput, "交办审议意见（工作人员），计算整改报告期限")
class WorkReportOpinionsView(_ReportAction):
    action_code = "send_opinions"
    input_class = s.WorkReportContentInput
    denied_message = services.NOT_STAFF
    denied_code = "not_staff"

    def perform(self, request, obj, data):
        return services.report_send_opinions(actor=request.user, report=obj, **data)


@_files_schema("报告整改情况（被监督单位）：正文和附件")
class WorkReportRectificationView(_FilesAction):
    action_code = "report_rectification"
    input_class = s.WorkReportFilesInput
    denied_message = services.NOT_UNIT
    denied_code = "not_unit_officer"

    def perform(self, request, obj, data):
        return services.report_submit_rectification(actor=request.user, report=obj, **data)


@_report_schema(s.WorkReportVoteInput, "录入满意度测评（工作人员）：不满意超过规定比例则再次整改")
class WorkReportVoteView(_ReportAction):
    action_code = "vote"
    input_class = s.WorkReportVoteInput
    denied_message = services.NOT_STAFF
    denied_code = "not_staff"

    def perform(self, request, obj, data):
        return services.report_vote(actor=request.user, report=obj, **data)


@_report_schema(s.WorkReportContentInput, "记录跟踪问效（工作人员）")
class WorkReportFollowUpView(_ReportAction):
    action_code = "follow_up"
    input_class = s.WorkReportContentInput
    denied_message = services.NOT_STAFF
    denied_code = "not_staff"

    def perform(self, request, obj, data):
        return services.report_follow_up(actor=request.user, report=obj, **data)


@extend_schema(tags=["public"], responses=s.PublicWorkReportOutput(many=True))
class PublicWorkReportListView(PublicCacheMixin, generics.ListAPIView):
    """Closed special work reports with their whole record (report, opinions, rectification,
    vote, follow-up), for anyone; nothing before closing; withheld parts are null."""

    serializer_class = s.PublicWorkReportOutput
    permission_classes = [AllowAny]
    throttle_classes = [AnonRateThrottle]
    filter_backends: list = []

    def get_queryset(self):
        return selectors.reports_public()


@extend_schema(tags=["public"], responses={200: s.PublicWorkReportOutput, 404: ERRORS[404]})
class PublicWorkReportDetailView(PublicCacheMixin, generics.RetrieveAPIView):
    serializer_class = s.PublicWorkReportOutput
    permission_classes = [AllowAny]
    throttle_classes = [AnonRateThrottle]

    def get_object(self):
        return selectors.report_get_public(self.kwargs["pk"])


# --- interpellations -----------------------------------------------------------------------------


@extend_schema(tags=["supervision"])
class InterpellationListCreateView(CreateMixin, generics.ListAPIView):
    """Interpellations the caller may see (staff and members: all; signers: theirs; a unit
    officer: those passed on to their units), and filing one (staff or a committee member)
    with its joint signers (at least the rule's number)."""

    serializer_class = s.InterpellationOutput
    filterset_fields = ["state", "unit"]
    search_fields = ["title"]
    ordering_fields = ["created_at"]
    input_class = s.InterpellationFileInput
    denied_code = "not_member"

    def get_queryset(self):
        return (
            selectors.interpellation_list_visible_to(self.request.user)
            .prefetch_related("signers", "answers")
            .order_by("-created_at", "-id")
        )

    def allowed(self, request, obj):
        return INTERPELLATION["file"].permission(request.user, None)

    def perform(self, request, obj, data):
        return services.interpellation_file(actor=request.user, **data)

    def answer(self, request, obj, interpellation):
        detail = selectors.interpellation_with_record(request.user, interpellation.pk)
        return Response(s.InterpellationOutput(detail).data, status=self.success_status)

    @extend_schema(responses=s.InterpellationOutput(many=True))
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(request=s.InterpellationFileInput, responses={201: s.InterpellationOutput, **ERRORS})
    def post(self, request, **kwargs):
        return super().post(request, **kwargs)


@extend_schema(tags=["supervision"], responses={200: s.InterpellationOutput, 404: ERRORS[404]})
class InterpellationDetailView(generics.RetrieveAPIView):
    serializer_class = s.InterpellationOutput

    def get_object(self):
        return selectors.interpellation_with_record(self.request.user, self.kwargs["pk"])


class _InterpellationAction(ActionView):
    workflow = INTERPELLATION
    output_class = s.InterpellationOutput

    def find(self, request, **kwargs):
        return selectors.interpellation_get_for_user(request.user, kwargs["pk"])

    def answer(self, request, obj, result):
        return Response(
            s.InterpellationOutput(selectors.interpellation_with_record(request.user, obj.pk)).data
        )


def _interpellation_schema(input_class, summary):
    return extend_schema(
        tags=["supervision"],
        summary=summary,
        request=input_class,
        responses={200: s.InterpellationOutput, **ERRORS},
    )


@_interpellation_schema(s.InterpellationDecideInput, "记录主任会议决定（工作人员）：交付答复或不予交付")
class InterpellationDecideView(_InterpellationAction):
    action_code = "decide"
    input_class = s.InterpellationDecideInput
    denied_message = services.NOT_STAFF
    denied_code = "not_staff"

    def perform(self, request, obj, data):
        return services.interpellation_decide(actor=request.user, interpellation=obj, **data)


@_interpellation_schema(s.InterpellationAnswerInput, "答复（受质询机关书面答复；工作人员可录入口头答复）")
class InterpellationAnswerView(_InterpellationAction):
    action_code = "answer"
    input_class = s.InterpellationAnswerInput
    denied_code = "not_unit_officer"

    def perform(self, request, obj, data):
        return services.interpellation_answer(actor=request.user, interpellation=obj, **data)


@_interpellation_schema(s.InterpellationReasonInput, "联名人对答复不满意，要求再次答复")
class InterpellationUnsatisfiedView(_InterpellationAction):
    action_code = "declare_unsatisfied"
    input_class = s.InterpellationReasonInput
    denied_code = "not_signer"

    def perform(self, request, obj, data):
        return services.interpellation_declare_unsatisfied(actor=request.user, interpellation=obj, **data)


@_interpellation_schema(s.InterpellationNoteInput, "办结（工作人员）")
class InterpellationCloseView(_InterpellationAction):
    action_code = "close"
    input_class = s.InterpellationNoteInput
    denied_message = services.NOT_STAFF
    denied_code = "not_staff"

    def perform(self, request, obj, data):
        return services.interpellation_close(actor=request.user, interpellation=obj, **data)


@extend_schema(tags=["public"], responses=s.PublicInterpellationOutput(many=True))
class PublicInterpellationListView(generics.ListAPIView):
    """Answered interpellations with their answers, for anyone."""

    serializer_class = s.PublicInterpellationOutput
    permission_classes = [AllowAny]
    throttle_classes = [AnonRateThrottle]
    filter_backends: list = []

    def get_queryset(self):
        return selectors.interpellations_public()
