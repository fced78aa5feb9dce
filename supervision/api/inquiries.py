"""The inquiry API (serializers and views): thin, in the one order of ``congress.api.actions``
— find through a selector (404 outside the wall), the declared action's who-predicate (403
whatever the body), parse (400, Chinese field messages), one service (409
``invalid_transition`` from the wrong state), answer with an output serializer."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle

from congress.api.actions import ActionView, CreateMixin
from congress.api.serializers import OutputSerializer, text_input
from congress.models import User
from supervision import selectors_inquiries as sel
from supervision import services
from supervision.api.serializers import (
    _pk_field,
    _required,
    meeting_field,
    plan_item_field,
    unit_field,
)
from supervision.api.views import ERRORS
from supervision.models import Inquiry, InquiryCommitment, InquiryQuestion
from supervision.workflow_inquiries import COMMITMENT, INQUIRY, QUESTION

DATE_ERRORS = {**_required(_("请填写落实期限。")), "invalid": _("日期格式应为 YYYY-MM-DD。")}

# --- inputs --------------------------------------------------------------------------------------


class InquiryCreateInput(serializers.Serializer):
    title = text_input(_("询问主题"), _("请填写询问主题。"), max_length=200)
    kind = serializers.ChoiceField(
        label=_("询问类别"),
        choices=Inquiry.Kind.choices,
        required=False,
        default=Inquiry.Kind.SPECIAL,
        error_messages={"invalid_choice": _("询问类别无效。")},
    )
    meeting = meeting_field(_("询问会议"), required=True, message=_("请选择询问所在的常委会会议。"))
    plan_item = plan_item_field(_("计划项目"), required=False, message=_("请选择计划项目。"))
    committee = unit_field(_("责任工委"), required=False, message=_("请选择人大工作委员会。"))
    description = text_input(_("询问说明"), "", max_length=5000, required=False)


class QuestionInput(serializers.Serializer):
    unit = unit_field(_("被询问单位"), required=True, message=_("请选择被询问单位。"))
    content = text_input(_("询问的问题"), _("请填写询问的问题。"), max_length=20000)
    asker = _pk_field(
        User.objects.filter(is_active=True),
        _("提问人"),
        required=False,
        message=_("请选择提问人。"),
        missing=_("找不到编号为 {pk_value} 的用户。"),
    )


class QuestionAnswerInput(serializers.Serializer):
    answerer_role = serializers.ChoiceField(
        label=_("应询人身份"),
        choices=InquiryQuestion.AnswererRole.choices,
        error_messages={
            **_required(_("请选择应询人身份（主要负责人或分管副职）。")),
            "invalid_choice": _("请选择应询人身份（主要负责人或分管副职）。"),
        },
    )
    answerer_name = text_input(_("应询人姓名"), "", max_length=100, required=False)
    answer = text_input(_("答复内容"), _("请填写答复内容。"), max_length=20000)


class CommitmentInput(serializers.Serializer):
    content = text_input(_("承诺事项"), _("请填写承诺事项。"), max_length=5000)
    due_date = serializers.DateField(label=_("落实期限"), error_messages=DATE_ERRORS)


class CommitmentFulfilmentInput(serializers.Serializer):
    report = text_input(_("落实情况"), _("请填写落实情况。"), max_length=50000)


class InquiryNoteInput(serializers.Serializer):
    note = text_input(_("说明"), "", max_length=2000, required=False)


class CommitmentSendBackInput(serializers.Serializer):
    reason = text_input(_("退回理由"), _("请说明退回理由。"), max_length=2000)
    due_date = serializers.DateField(
        label=_("新的落实期限"),
        required=False,
        allow_null=True,
        default=None,
        error_messages={"invalid": _("日期格式应为 YYYY-MM-DD。")},
    )


# --- outputs -------------------------------------------------------------------------------------


class CommitmentOutput(OutputSerializer):
    state_label = serializers.CharField(source="get_state_display")
    unit_name = serializers.CharField(source="unit.name")

    class Meta:
        model = InquiryCommitment
        fields = [
            "id",
            "question",
            "unit",
            "unit_name",
            "content",
            "due_date",
            "state",
            "state_label",
            "report",
            "reported_at",
            "done_at",
        ]
        read_only_fields = fields


class InquiryQuestionOutput(OutputSerializer):
    asker_name = serializers.CharField(source="asker.__str__")
    unit_name = serializers.CharField(source="unit.name")
    state_label = serializers.CharField(source="get_state_display")
    commitments = CommitmentOutput(many=True)

    class Meta:
        model = InquiryQuestion
        fields = [
            "id",
            "inquiry",
            "asker",
            "asker_name",
            "unit",
            "unit_name",
            "content",
            "state",
            "state_label",
            "answerer_role",
            "answerer_name",
            "answer",
            "answered_at",
            "commitments",
        ]
        read_only_fields = fields


class InquiryOutput(OutputSerializer):
    kind_label = serializers.CharField(source="get_kind_display")
    state_label = serializers.CharField(source="get_state_display")
    meeting_title = serializers.CharField(source="meeting.title")
    questions = InquiryQuestionOutput(many=True, help_text=_("调用者可见的问题（被询问单位只见本单位的）"))

    class Meta:
        model = Inquiry
        fields = [
            "id",
            "title",
            "kind",
            "kind_label",
            "meeting",
            "meeting_title",
            "plan_item",
            "committee",
            "description",
            "state",
            "state_label",
            "held_at",
            "questions",
        ]
        read_only_fields = fields


class PublicInquiryQuestionOutput(InquiryQuestionOutput):
    class Meta(InquiryQuestionOutput.Meta):
        fields = [f for f in InquiryQuestionOutput.Meta.fields if f != "asker"]
        read_only_fields = fields


class PublicInquiryOutput(InquiryOutput):
    questions = PublicInquiryQuestionOutput(many=True)

    class Meta(InquiryOutput.Meta):
        fields = [f for f in InquiryOutput.Meta.fields if f not in ("plan_item", "committee")]
        read_only_fields = fields


# --- views ---------------------------------------------------------------------------------------


def _schema(input_class, output, summary):
    return extend_schema(
        tags=["supervision"], summary=summary, request=input_class, responses={200: output, **ERRORS}
    )


@extend_schema(tags=["supervision"])
class InquiryListCreateView(CreateMixin, generics.ListAPIView):
    """Inquiries the caller may see (staff, members, deputies: all; a unit officer: those that
    asked their units, with only their questions), and staff setting one up at a meeting."""

    serializer_class = InquiryOutput
    filterset_fields = ["state", "kind", "meeting"]
    search_fields = ["title"]
    input_class = InquiryCreateInput
    denied_message = services.NOT_STAFF
    denied_code = "not_staff"

    def get_queryset(self):
        return sel.inquiry_list_with_record(self.request.user).order_by("-created_at", "-id")

    def allowed(self, request, obj):
        return INQUIRY["create"].permission(request.user, None)

    def perform(self, request, obj, data):
        return services.inquiry_create(actor=request.user, **data)

    def answer(self, request, obj, inquiry):
        detail = sel.inquiry_with_record(request.user, inquiry.pk)
        return Response(InquiryOutput(detail).data, status=self.success_status)

    @extend_schema(responses=InquiryOutput(many=True))
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(request=InquiryCreateInput, responses={201: InquiryOutput, **ERRORS})
    def post(self, request, **kwargs):
        return super().post(request, **kwargs)


@extend_schema(tags=["supervision"], responses={200: InquiryOutput, 404: ERRORS[404]})
class InquiryDetailView(generics.RetrieveAPIView):
    serializer_class = InquiryOutput

    def get_object(self):
        return sel.inquiry_with_record(self.request.user, self.kwargs["pk"])


class _InquiryAction(ActionView):
    workflow = INQUIRY

    def find(self, request, **kwargs):
        return sel.inquiry_get_for_user(request.user, kwargs["pk"])


@_schema(
    QuestionInput, InquiryQuestionOutput, "提出询问（常委会组成人员、代表；工作人员可代为录入并指明提问人）"
)
class InquiryQuestionView(_InquiryAction):
    action_code = "ask"
    input_class = QuestionInput
    success_status = 201
    denied_code = "not_member"

    def perform(self, request, obj, data):
        return services.question_ask(actor=request.user, inquiry=obj, **data)

    def answer(self, request, obj, question):
        return Response(
            InquiryQuestionOutput(sel.question_get_for_user(request.user, question.pk)).data, status=201
        )


@_schema(InquiryNoteInput, InquiryOutput, "询问结束并公开（工作人员；须已录入全部答复）")
class InquiryHoldView(_InquiryAction):
    action_code = "hold"
    input_class = InquiryNoteInput
    denied_message = services.NOT_STAFF
    denied_code = "not_staff"

    def perform(self, request, obj, data):
        return services.inquiry_hold(actor=request.user, inquiry=obj, **data)

    def answer(self, request, obj, result):
        return Response(InquiryOutput(sel.inquiry_with_record(request.user, obj.pk)).data)


class _QuestionAction(ActionView):
    workflow = QUESTION
    denied_message = services.NOT_UNIT
    denied_code = "not_unit_officer"

    def find(self, request, **kwargs):
        return sel.question_get_for_user(request.user, kwargs["pk"])

    def answer(self, request, obj, result):
        return Response(
            InquiryQuestionOutput(sel.question_get_for_user(request.user, obj.pk)).data,
            status=self.success_status,
        )


@_schema(
    QuestionAnswerInput,
    InquiryQuestionOutput,
    "录入应询答复（被询问单位或工作人员）：主要负责人本人或指定的分管副职",
)
class QuestionAnswerView(_QuestionAction):
    action_code = "answer"
    input_class = QuestionAnswerInput

    def perform(self, request, obj, data):
        return services.question_answer(actor=request.user, question=obj, **data)


@extend_schema(
    tags=["supervision"],
    summary="录入承诺事项及落实期限（被询问单位或工作人员）",
    request=CommitmentInput,
    responses={201: CommitmentOutput, **ERRORS},
)
class QuestionCommitView(_QuestionAction):
    action_code = "commit"
    input_class = CommitmentInput
    success_status = 201

    def perform(self, request, obj, data):
        return services.commitment_add(actor=request.user, question=obj, **data)

    def answer(self, request, obj, commitment):
        return Response(
            CommitmentOutput(sel.commitment_get_for_user(request.user, commitment.pk)).data, status=201
        )


@extend_schema(tags=["supervision"])
class CommitmentListView(generics.ListAPIView):
    """Commitments the caller may see (a unit officer: their units' only), soonest due first."""

    serializer_class = CommitmentOutput
    filterset_fields = ["state", "unit"]
    ordering_fields = ["due_date"]

    def get_queryset(self):
        return sel.commitment_list_visible_to(self.request.user).order_by("due_date", "id")


@extend_schema(tags=["supervision"], responses={200: CommitmentOutput, 404: ERRORS[404]})
class CommitmentDetailView(generics.RetrieveAPIView):
    serializer_class = CommitmentOutput

    def get_object(self):
        return sel.commitment_get_for_user(self.request.user, self.kwargs["pk"])


class _CommitmentAction(ActionView):
    workflow = COMMITMENT
    output_class = CommitmentOutput
    denied_message = services.NOT_STAFF
    denied_code = "not_staff"

    def find(self, request, **kwargs):
        return sel.commitment_get_for_user(request.user, kwargs["pk"])

    def answer(self, request, obj, result):
        return Response(CommitmentOutput(sel.commitment_get_for_user(request.user, obj.pk)).data)


@_schema(CommitmentFulfilmentInput, CommitmentOutput, "报告承诺事项落实情况（被询问单位）")
class CommitmentReportView(_CommitmentAction):
    action_code = "report"
    input_class = CommitmentFulfilmentInput
    denied_message = services.NOT_UNIT
    denied_code = "not_unit_officer"

    def perform(self, request, obj, data):
        return services.commitment_report(actor=request.user, commitment=obj, **data)


@_schema(InquiryNoteInput, CommitmentOutput, "确认已落实（工作人员）")
class CommitmentAcceptView(_CommitmentAction):
    action_code = "accept"
    input_class = InquiryNoteInput

    def perform(self, request, obj, data):
        return services.commitment_accept(actor=request.user, commitment=obj, **data)


@_schema(CommitmentSendBackInput, CommitmentOutput, "退回继续落实（工作人员），可另定落实期限")
class CommitmentSendBackView(_CommitmentAction):
    action_code = "send_back"
    input_class = CommitmentSendBackInput

    def perform(self, request, obj, data):
        return services.commitment_send_back(actor=request.user, commitment=obj, **data)


@extend_schema(tags=["public"], responses=PublicInquiryOutput(many=True))
class PublicInquiryListView(generics.ListAPIView):
    """Held inquiries with every question, answer and commitment, for anyone."""

    serializer_class = PublicInquiryOutput
    permission_classes = [AllowAny]
    throttle_classes = [AnonRateThrottle]
    filter_backends: list = []

    def get_queryset(self):
        return sel.inquiries_public()
