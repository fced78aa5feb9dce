"""The proposals API: thin views that parse input, call one service or selector, and shape
the output. Walls come from the selectors (anything outside the caller's wall is a 404);
business errors from the services become 4xx through ``congress.api.exceptions``."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from congress import page_cache, roles
from congress.api.actions import ActionView, CreateMixin
from congress.api.public_cache import PublicCacheMixin
from congress.exceptions import ApplicationError, InvalidTransition
from congress.models import Organization
from deputies.models import Deputy
from proposals import permissions, selectors, services
from proposals.api import serializers as s
from proposals.models import Category, CoSigner, ExtensionRequest, Proposal, Reply, ReturnRequest
from proposals.services.batch import PlanRow, proposals_register_and_assign
from proposals.workflow import ASSIGNMENT, EXTENSION_REQUEST, PROPOSAL, RETURN_REQUEST

ERRORS = {
    400: OpenApiResponse(description=_("输入有误（字段错误）")),
    403: OpenApiResponse(description=_("无权执行此操作")),
    404: OpenApiResponse(description=_("不存在或无权查看")),
    409: OpenApiResponse(description=_("当前状态不允许此操作")),
}


def _optional(model, pk, field):
    if pk is None:
        return None
    obj = model.objects.filter(pk=pk).first()
    if obj is None:
        raise ApplicationError(
            _("编号无效。"), extra={field: [_("找不到编号为 %(pk)s 的记录。") % {"pk": pk}]}
        )
    return obj


# --- proposals ------------------------------------------------------------------------------------


@extend_schema(tags=["proposals"])
class ProposalListCreateView(CreateMixin, generics.ListAPIView):
    """The caller's proposals (a deputy's own and co-signed; a unit's assigned; all for staff),
    and creating a draft."""

    serializer_class = s.ProposalListOutput
    filterset_fields = ["state", "kind", "year"]
    search_fields = ["title", "serial"]
    ordering_fields = ["created_at", "submitted_at"]

    def get_queryset(self):
        return selectors.proposal_list_visible_to(self.request.user)

    input_class = s.ProposalCreateInput

    def allowed(self, request, _obj):
        return permissions.can_create_proposal(request.user)

    @extend_schema(request=s.ProposalCreateInput, responses={201: s.ProposalDetailOutput, **ERRORS})
    def post(self, request):
        return super().post(request)

    def perform(self, request, _obj, data):
        return services.proposal_create(
            actor=request.user,
            kind=data["kind"],
            title=data["title"],
            content=data["content"],
            co_signers=data["co_signers"],
            category=_optional(Category, data.get("category"), "category"),
            lead_deputy=_optional(Deputy, data.get("lead_deputy"), "lead_deputy"),
            source=Proposal.Source.PAPER if data.get("lead_deputy") else Proposal.Source.ONLINE,
        )

    def answer(self, request, _obj, proposal):
        detail = selectors.proposal_get_for_user(request.user, proposal.pk)
        return Response(s.ProposalDetailOutput(detail).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["proposals"], responses={200: s.ProposalDetailOutput, 404: ERRORS[404]})
class ProposalDetailView(APIView):
    """One proposal with its co-signers, units, replies the caller may read, ratings and timeline."""

    def get(self, request, pk: int):
        return Response(s.ProposalDetailOutput(selectors.proposal_get_for_user(request.user, pk)).data)


# POST an action on a proposal the caller can see (404 otherwise); the action's who-predicate
# (403) comes before the body is read; answers the proposal after it.
class ProposalActionView(ActionView):
    workflow = PROPOSAL

    def find(self, request, pk: int):
        return get_object_or_404(selectors.proposal_list_visible_to(request.user), pk=pk)

    def answer(self, request, proposal, result):
        return Response(
            s.ProposalDetailOutput(selectors.proposal_get_for_user(request.user, proposal.pk)).data
        )


def _action_schema(input_class, summary):
    return extend_schema(
        tags=["proposals"],
        summary=summary,
        request=input_class,
        responses={200: s.ProposalDetailOutput, **ERRORS},
    )


@_action_schema(None, "提交（领衔代表）")
class ProposalSubmitView(ProposalActionView):
    action_code = "submit"

    def perform(self, request, proposal, data):
        services.proposal_submit(actor=request.user, proposal=proposal)


@_action_schema(s.ProposalNoteInput, "立案（工作人员）")
class ProposalRegisterView(ProposalActionView):
    action_code = "register"
    input_class = s.ProposalNoteInput

    def perform(self, request, proposal, data):
        services.proposal_register(actor=request.user, proposal=proposal, note=data["note"])


@_action_schema(s.ProposalReasonInput, "不予立案（工作人员，须填理由）")
class ProposalReturnView(ProposalActionView):
    action_code = "return"
    input_class = s.ProposalReasonInput

    def perform(self, request, proposal, data):
        services.proposal_return(actor=request.user, proposal=proposal, reason=data["reason"])


@_action_schema(s.MergeInput, "并案（工作人员）")
class ProposalMergeView(ProposalActionView):
    action_code = "merge"
    input_class = s.MergeInput

    def perform(self, request, proposal, data):
        into = get_object_or_404(selectors.proposal_list_visible_to(request.user), pk=data["into"])
        services.proposal_merge(actor=request.user, proposal=proposal, into=into, note=data["note"])


@_action_schema(s.ProposalNoteInput, "议案转为建议（工作人员）")
class ProposalConvertView(ProposalActionView):
    action_code = "convert"
    input_class = s.ProposalNoteInput

    def perform(self, request, proposal, data):
        services.proposal_convert_to_suggestion(actor=request.user, proposal=proposal, note=data["note"])


@_action_schema(s.AssignInput, "交办（工作人员）：主办、协办、会办单位")
class ProposalAssignView(ProposalActionView):
    action_code = "assign"
    input_class = s.AssignInput

    def perform(self, request, proposal, data):
        services.proposal_assign(
            actor=request.user,
            proposal=proposal,
            lead_units=data["lead_units"],
            assisting_units=data["assisting_units"],
            joint_units=data["joint_units"],
            is_hard=data["is_hard"],
        )


@_action_schema(s.RateInput, "满意度测评（领衔代表决定，附议代表可测评；不满意须填理由）")
class ProposalRateView(ProposalActionView):
    def allowed(self, request, proposal):
        return permissions.is_rater(request.user, proposal)

    input_class = s.RateInput

    def perform(self, request, proposal, data):
        services.proposal_rate(
            actor=request.user, proposal=proposal, satisfaction=data["satisfaction"], comment=data["comment"]
        )


@_action_schema(s.CosignInput, "答复附议邀请（被邀请代表）")
class ProposalCosignView(ProposalActionView):
    def allowed(self, request, proposal):
        return roles.has_role(request.user, roles.DEPUTY)

    input_class = s.CosignInput

    def perform(self, request, proposal, data):
        from deputies.selectors import deputy_for_user

        deputy = deputy_for_user(request.user)
        cosigner = get_object_or_404(CoSigner, proposal=proposal, deputy=deputy)
        answer = services.cosign_confirm if data["accept"] else services.cosign_decline
        answer(actor=request.user, cosigner=cosigner)


@_action_schema(s.ProposalReasonInput, "不予公开（工作人员，须填理由）")
class ProposalWithholdView(ProposalActionView):
    action_code = "withhold"
    input_class = s.ProposalReasonInput

    def perform(self, request, proposal, data):
        services.proposal_withhold(actor=request.user, proposal=proposal, reason=data["reason"])


@_action_schema(s.OversightInput, "督办设置（工作人员）")
class ProposalOversightView(ProposalActionView):
    action_code = "supervise"
    input_class = s.OversightInput

    def perform(self, request, proposal, data):
        committee = _optional(Organization, data["oversight_committee"], "oversight_committee")
        deputies = list(Deputy.objects.filter(pk__in=data["oversight_deputies"]))
        services.proposal_set_oversight(
            actor=request.user,
            proposal=proposal,
            is_key_oversight=data["is_key_oversight"],
            oversight_committee=committee,
            oversight_deputies=deputies,
            oversight_leader=data["oversight_leader"],
        )


# --- assignments -------------------------------------------------------------------------------------


@extend_schema(tags=["assignments"])
class AssignmentListView(generics.ListAPIView):
    """The caller's unit inbox: open items first, by deadline."""

    serializer_class = s.AssignmentListOutput
    filterset_fields = ["state", "role"]
    search_fields: list = []
    ordering_fields: list = []

    def get_queryset(self):
        return selectors.assignment_list_for_user(self.request.user)


@extend_schema(tags=["assignments"], responses={200: s.AssignmentDetailOutput, 404: ERRORS[404]})
class AssignmentDetailView(APIView):
    def get(self, request, pk: int):
        return Response(s.AssignmentDetailOutput(selectors.assignment_get_for_user(request.user, pk)).data)


# POST an action on an assignment the caller can see (404 otherwise); the action's
# who-predicate (403) before the body; answers the assignment after it. (A comment, not a
# docstring: the schema would repeat it on every action.)
class AssignmentActionView(ActionView):
    workflow = ASSIGNMENT

    def find(self, request, pk: int):
        return selectors.assignment_get_for_user(request.user, pk)

    def answer(self, request, assignment, result):
        fresh = selectors.assignment_get_for_user(request.user, assignment.pk)
        return Response(s.AssignmentDetailOutput(fresh).data, status=self.success_status)


def _assignment_schema(input_class, summary, code=200):
    return extend_schema(
        tags=["assignments"],
        summary=summary,
        request=input_class,
        responses={code: s.AssignmentDetailOutput, **ERRORS},
    )


@_assignment_schema(s.ReceiveInput, "签收（承办单位，四定：具体承办人、分管领导必填）")
class AssignmentReceiveView(AssignmentActionView):
    action_code = "receive"
    input_class = s.ReceiveInput

    def perform(self, request, assignment, data):
        services.assignment_receive(actor=request.user, assignment=assignment, **data)


@_assignment_schema(s.FixedInput, "修改四定（承办单位：具体承办人、分管领导、办理措施）")
class AssignmentFixedView(AssignmentActionView):
    action_code = "update_fixed"
    input_class = s.FixedInput

    def perform(self, request, assignment, data):
        services.assignment_update_fixed(actor=request.user, assignment=assignment, **data)


@_assignment_schema(s.ContactInput, "记录办前联系/办中沟通/办后反馈（签收后）", 201)
class AssignmentContactView(AssignmentActionView):
    action_code = "contact"
    input_class = s.ContactInput
    success_status = status.HTTP_201_CREATED

    def perform(self, request, assignment, data):
        services.contact_add(actor=request.user, assignment=assignment, **data)


@_assignment_schema(s.ReplyInput, "提交答复（主办单位，签收后）", 201)
class AssignmentReplyView(AssignmentActionView):
    action_code = "reply"
    input_class = s.ReplyInput
    success_status = status.HTTP_201_CREATED

    def perform(self, request, assignment, data):
        services.reply_submit(
            actor=request.user,
            assignment=assignment,
            reply_class=data["reply_class"],
            content=data["content"],
        )


@_assignment_schema(s.ConfirmInput, "审核确认答复（区政府办公室）")
class AssignmentConfirmView(AssignmentActionView):
    action_code = "confirm"
    input_class = s.ConfirmInput

    def perform(self, request, assignment, data):
        services.reply_confirm(
            actor=request.user, reply=_waiting_reply(assignment), comments=data["comments"]
        )


@_assignment_schema(s.SendBackInput, "退回答复修改（区政府办公室）")
class AssignmentSendBackView(AssignmentActionView):
    action_code = "send_back"
    input_class = s.SendBackInput

    def perform(self, request, assignment, data):
        services.reply_send_back(
            actor=request.user, reply=_waiting_reply(assignment), comments=data["comments"]
        )


def _waiting_reply(assignment) -> Reply:
    reply = assignment.replies.filter(kind=Reply.Kind.REPLY, state=Reply.State.REVIEW).order_by("-id").first()
    if reply is None:
        raise InvalidTransition(current_label=assignment.get_state_display(), action_label=_("审核答复"))
    return reply


@_assignment_schema(s.OpinionInput, "提交协办意见（协办、会办单位，签收后）")
class AssignmentOpinionView(AssignmentActionView):
    action_code = "opinion"
    input_class = s.OpinionInput

    def perform(self, request, assignment, data):
        services.assignment_send_opinion(actor=request.user, assignment=assignment, opinion=data["opinion"])


@_assignment_schema(s.FollowUpInput, "报送跟踪办理情况（B、C 类）", 201)
class AssignmentFollowUpView(AssignmentActionView):
    action_code = "follow_up"
    input_class = s.FollowUpInput
    success_status = status.HTTP_201_CREATED

    def perform(self, request, assignment, data):
        services.reply_follow_up(actor=request.user, assignment=assignment, **data)


@_assignment_schema(s.ExtensionRequestInput, "申请延期（签收后）", 201)
class AssignmentExtensionRequestView(AssignmentActionView):
    action_code = "request_extension"
    input_class = s.ExtensionRequestInput
    success_status = status.HTTP_201_CREATED

    def perform(self, request, assignment, data):
        services.assignment_request_extension(actor=request.user, assignment=assignment, **data)


@_assignment_schema(s.ReturnRequestInput, "申请退回（交办后规定工作日内，签收前后均可）", 201)
class AssignmentReturnRequestView(AssignmentActionView):
    action_code = "request_return"
    input_class = s.ReturnRequestInput
    success_status = status.HTTP_201_CREATED

    def perform(self, request, assignment, data):
        services.assignment_request_return(actor=request.user, assignment=assignment, **data)


@extend_schema(
    tags=["assignments"],
    summary="审批延期申请（工作人员）",
    request=s.RequestDecideInput,
    responses={200: s.ExtensionRequestOutput, **ERRORS},
)
class ExtensionRequestDecideView(ActionView):
    input_class = s.RequestDecideInput
    output_class = s.ExtensionRequestOutput
    workflow, action_code = EXTENSION_REQUEST, "decide"

    def find(self, request, pk: int):
        return get_object_or_404(ExtensionRequest, pk=pk)

    def perform(self, request, extension, data):
        return services.extension_request_decide(
            actor=request.user, request=extension, approve=data["approve"], note=data["note"]
        )


@extend_schema(
    tags=["assignments"],
    summary="审批退回申请（工作人员，可改交）",
    request=s.RequestDecideInput,
    responses={200: s.ReturnRequestOutput, **ERRORS},
)
class ReturnRequestDecideView(ActionView):
    input_class = s.RequestDecideInput
    output_class = s.ReturnRequestOutput
    workflow, action_code = RETURN_REQUEST, "decide"

    def find(self, request, pk: int):
        return get_object_or_404(ReturnRequest, pk=pk)

    def perform(self, request, return_request, data):
        return services.return_request_decide(
            actor=request.user,
            request=return_request,
            approve=data["approve"],
            note=data["note"],
            reassign_to=_optional(Organization, data["reassign_to"], "reassign_to"),
        )


@extend_schema(tags=["assignments"])
class ReviewQueueView(generics.ListAPIView):
    """Replies waiting for the government office reviewer."""

    serializer_class = s.ReviewItemOutput
    filter_backends: list = []

    def get_queryset(self):
        return selectors.review_queue_for_user(self.request.user)


@extend_schema(
    tags=["proposals"],
    request=s.BatchAssignInput,
    responses={201: s.BatchAssignOutput, 400: ERRORS[400], 403: ERRORS[403]},
)
class BatchAssignView(CreateMixin, APIView):
    """立案交办 by plan (staff): every row's proposal registered if submitted and assigned to its
    units, all rows or none; a bad plan answers 400 with ``rows`` {row index: [errors]}."""

    input_class = s.BatchAssignInput
    output_class = s.BatchAssignOutput

    def allowed(self, request, _obj):
        return permissions.is_staff(request.user)

    def perform(self, request, _obj, data):
        rows = [
            PlanRow(
                number=index,
                proposal_id=row["proposal"],
                lead_units=row["lead_units"],
                assisting_units=row["assisting_units"],
                joint_units=row["joint_units"],
                is_hard=row["is_hard"],
            )
            for index, row in enumerate(data["rows"])
        ]
        return proposals_register_and_assign(
            actor=request.user, rows=rows, assigned_on=data["assigned_on"], note=data["note"]
        )


@extend_schema(
    tags=["proposals"],
    parameters=[OpenApiParameter("year", int, description=_("年度，默认今年"))],
    responses={200: s.UnitStatisticsOutput(many=True)},
)
class UnitStatisticsView(APIView):
    """Yearly statistics per handling unit (staff and committee members)."""

    def get(self, request):
        from congress import roles

        if not roles.has_role(request.user, roles.STAFF, roles.MEMBER, roles.SYSADMIN):
            from rest_framework.exceptions import PermissionDenied

            raise PermissionDenied(_("仅限人大常委会工作人员和组成人员。"))
        try:
            year = int(request.query_params.get("year") or timezone.localdate().year)
        except ValueError:
            return Response(
                {"year": [_("请填写四位年份。")], "code": "invalid"}, status=status.HTTP_400_BAD_REQUEST
            )
        return Response(s.UnitStatisticsOutput(selectors.unit_statistics(year), many=True).data)


# --- the public ----------------------------------------------------------------------------------------


@extend_schema(
    tags=["public"],
    parameters=[
        OpenApiParameter(
            "search", str, description=_("标题、内容、编号、类别、领衔代表及其代表组和街道、承办单位")
        ),
        OpenApiParameter("year", int),
        OpenApiParameter("unit", int, description=_("承办单位编号")),
        OpenApiParameter("category", int),
        OpenApiParameter("deputy", str, description=_("领衔代表编号或姓名")),
    ],
)
@method_decorator(page_cache.public_reads("proposals"), name="dispatch")  # closed, not withheld only
class PublicProposalListView(PublicCacheMixin, generics.ListAPIView):
    """Disclosed proposals and replies (closed, not withheld), searchable without logging in."""

    serializer_class = s.PublicProposalListOutput
    permission_classes = [AllowAny]
    throttle_classes = [AnonRateThrottle]
    filter_backends: list = []

    def get_queryset(self):
        params = self.request.query_params

        def number(name):
            value = params.get(name, "")
            return int(value) if value.isdecimal() else None

        return selectors.public_proposal_search(
            params.get("search", ""),
            year=number("year"),
            unit=number("unit"),
            category=number("category"),
            deputy=params.get("deputy") or None,
        )


@extend_schema(tags=["public"], responses={200: s.PublicProposalDetailOutput, 404: ERRORS[404]})
@method_decorator(page_cache.public_reads("proposals"), name="dispatch")
class PublicProposalDetailView(PublicCacheMixin, APIView):
    permission_classes = [AllowAny]
    throttle_classes = [AnonRateThrottle]

    def get(self, request, pk: int):
        return Response(s.PublicProposalDetailOutput(selectors.public_proposal_get(pk)).data)
