"""Input and output serializers of the proposals API, apart: inputs parse a request body for
one service; outputs shape what a selector returned. State, owner and unit are never writable."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers

from congress.api.serializers import ChoiceLabelField
from proposals.models import Assignment, ContactLog, Proposal, Rating

# --- inputs ------------------------------------------------------------------------------------


class ProposalCreateInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Proposal.Kind.choices, label=_("类型"))
    title = serializers.CharField(max_length=200, label=_("标题"))
    content = serializers.CharField(label=_("内容"))
    co_signers = serializers.ListField(
        child=serializers.IntegerField(min_value=1), required=False, default=list, label=_("附议代表编号")
    )
    category = serializers.IntegerField(required=False, allow_null=True, label=_("类别编号"))
    lead_deputy = serializers.IntegerField(
        required=False,
        allow_null=True,
        label=_("领衔代表编号"),
        help_text=_("仅工作人员代代表登记纸质建议时填写"),
    )


class ProposalReasonInput(serializers.Serializer):
    reason = serializers.CharField(label=_("理由"))


class ProposalNoteInput(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="", label=_("说明"))


class AssignInput(serializers.Serializer):
    lead_units = serializers.ListField(child=serializers.IntegerField(min_value=1), label=_("主办单位编号"))
    assisting_units = serializers.ListField(
        child=serializers.IntegerField(min_value=1), required=False, default=list, label=_("协办单位编号")
    )
    joint_units = serializers.ListField(
        child=serializers.IntegerField(min_value=1), required=False, default=list, label=_("会办单位编号")
    )
    is_hard = serializers.BooleanField(required=False, allow_null=True, default=None, label=_("办理难度较大"))


class PlanRowInput(AssignInput):
    proposal = serializers.IntegerField(min_value=1, label=_("建议编号"))


class BatchAssignInput(serializers.Serializer):
    rows = serializers.ListField(
        child=PlanRowInput(),
        min_length=1,
        max_length=20000,
        label=_("交办方案"),
        help_text=_("每件建议一行：建议编号与主办、协办、会办单位编号"),
    )
    assigned_on = serializers.DateField(required=False, allow_null=True, default=None, label=_("交办日期"))
    note = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=200, label=_("说明")
    )


class BatchAssignOutput(serializers.Serializer):
    registered = serializers.IntegerField(label=_("立案件数"))
    assigned = serializers.IntegerField(label=_("交办件数"))
    assignments = serializers.IntegerField(label=_("交办单位次数"))
    units = serializers.IntegerField(label=_("涉及单位数"))


class RateInput(serializers.Serializer):
    satisfaction = serializers.ChoiceField(choices=Rating.Satisfaction.choices, label=_("测评结果"))
    comment = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        label=_("意见"),
        help_text=_("选择“不满意”（unsatisfied）时必填：不满意的理由"),
    )

    def validate(self, data):
        if data["satisfaction"] == Rating.Satisfaction.UNSATISFIED and not data["comment"].strip():
            from proposals.services.proposals import UNSATISFIED_NEEDS_REASON

            raise serializers.ValidationError({"comment": [UNSATISFIED_NEEDS_REASON]})
        return data


class MergeInput(serializers.Serializer):
    into = serializers.IntegerField(min_value=1, label=_("并入的建议编号"))
    note = serializers.CharField(required=False, allow_blank=True, default="")


class CosignInput(serializers.Serializer):
    accept = serializers.BooleanField(label=_("是否附议"))


# The published names (JSON fields, schema component) predate the code's word for 督办,
# "oversight" ("supervision" is the 监督 app); ``source`` is the service argument each fills.
@extend_schema_serializer(component_name="SupervisionInput")
class OversightInput(serializers.Serializer):
    is_key_supervision = serializers.BooleanField(source="is_key_oversight", label=_("主任会议重点督办"))
    supervising_committee = serializers.IntegerField(
        source="oversight_committee", required=False, allow_null=True, default=None
    )
    supervising_deputies = serializers.ListField(
        source="oversight_deputies", child=serializers.IntegerField(min_value=1), required=False, default=list
    )
    supervising_leader = serializers.CharField(
        source="oversight_leader", required=False, allow_blank=True, default="", max_length=50
    )


class ContactInput(serializers.Serializer):
    stage = serializers.ChoiceField(choices=ContactLog.Stage.choices, label=_("阶段"))
    note = serializers.CharField(label=_("情况记录"))
    date = serializers.DateField(required=False, default=None, allow_null=True, label=_("日期"))
    channel = serializers.ChoiceField(
        choices=ContactLog.Channel.choices, required=False, default=ContactLog.Channel.PHONE, label=_("方式")
    )
    who = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=200, label=_("参加人员")
    )

    def validate_date(self, value):
        if value and value > timezone.localdate():
            raise serializers.ValidationError(_("日期不能晚于今天。"))
        return value


class ReplyInput(serializers.Serializer):
    reply_class = serializers.CharField(
        max_length=10, label=_("答复分类"), help_text=_("A、B、C（以规则“答复分类”为准）")
    )
    content = serializers.CharField(label=_("答复内容"))

    def validate_reply_class(self, value):
        from proposals.services import reply_class_choices

        codes = [c["code"] for c in reply_class_choices()]
        if value not in codes:
            raise serializers.ValidationError(_("请选择：%(codes)s") % {"codes": "、".join(codes)})
        return value


class ConfirmInput(serializers.Serializer):
    comments = serializers.CharField(required=False, allow_blank=True, default="", label=_("审核意见"))


class SendBackInput(serializers.Serializer):
    comments = serializers.CharField(label=_("退回修改意见"))


# 签收 with the four fixed: the handling officer and the responsible leader are required
# (定人员、定责任), the measures optional (定措施); the deadline is the assignment's (定时限).
# (Comments, not docstrings: the schema would publish a docstring as the component's text.)
class ReceiveInput(serializers.Serializer):
    responsible_person = serializers.CharField(max_length=50, label=_("具体承办人"))
    responsible_leader = serializers.CharField(max_length=50, label=_("分管领导"))
    responsible_phone = serializers.CharField(
        max_length=30, required=False, allow_blank=True, default="", label=_("联系电话")
    )
    measures = serializers.CharField(required=False, allow_blank=True, default="", label=_("办理措施"))


# 修改四定: the same fields as at 签收, replacing the recorded ones.
class FixedInput(ReceiveInput):
    pass


class OpinionInput(serializers.Serializer):
    opinion = serializers.CharField(label=_("协办意见"))


class FollowUpInput(serializers.Serializer):
    content = serializers.CharField(label=_("办理进展"))
    is_resolved = serializers.BooleanField(required=False, default=False, label=_("问题已解决"))


class ExtensionRequestInput(serializers.Serializer):
    requested_deadline = serializers.DateField(label=_("申请延至"))
    reason = serializers.CharField(label=_("理由"))


class ReturnRequestInput(serializers.Serializer):
    reason = serializers.CharField(label=_("理由"))
    suggested_unit = serializers.CharField(required=False, allow_blank=True, default="", max_length=100)


class RequestDecideInput(serializers.Serializer):
    approve = serializers.BooleanField(label=_("是否同意"))
    note = serializers.CharField(required=False, allow_blank=True, default="", label=_("审批意见"))
    reassign_to = serializers.IntegerField(
        required=False, allow_null=True, default=None, label=_("改交单位编号"), help_text=_("仅退回申请")
    )


# --- outputs ---------------------------------------------------------------------------------------


class ProposalNamedRef(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class ProposalListOutput(serializers.Serializer):
    id = serializers.IntegerField()
    serial = serializers.CharField(allow_null=True)
    kind = serializers.CharField()
    title = serializers.CharField()
    state = serializers.CharField()
    state_label = ChoiceLabelField("state")
    year = serializers.IntegerField()
    category = serializers.CharField(source="category.name", default=None, allow_null=True)
    lead_deputy = ProposalNamedRef()
    lead_unit = serializers.CharField(source="lead_unit_name", default=None, allow_null=True)
    submitted_at = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()


class CoSignerOutput(serializers.Serializer):
    id = serializers.IntegerField()
    deputy = ProposalNamedRef()
    state = serializers.CharField()
    responded_at = serializers.DateTimeField(allow_null=True)


class ProposalReplyOutput(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    handling_round = serializers.IntegerField()
    reply_class = serializers.CharField()
    content = serializers.CharField()
    state = serializers.CharField()
    submitted_at = serializers.DateTimeField()
    reviewer_comments = serializers.CharField()
    reviewed_at = serializers.DateTimeField(allow_null=True)


class AssignmentBriefOutput(serializers.Serializer):
    id = serializers.IntegerField()
    unit = ProposalNamedRef()
    role = serializers.CharField()
    state = serializers.CharField()
    deadline = serializers.DateField()
    reply_class = serializers.CharField()
    replies = serializers.SerializerMethodField()

    def get_replies(self, obj) -> list[dict]:
        replies = getattr(obj, "visible_replies", None)
        if replies is None:
            replies = getattr(obj, "public_replies", [])
        return ProposalReplyOutput(replies, many=True).data


class ProposalRatingOutput(serializers.Serializer):
    deputy = ProposalNamedRef()
    handling_round = serializers.IntegerField()
    satisfaction = serializers.CharField()
    comment = serializers.CharField()
    is_decisive = serializers.BooleanField()
    created_at = serializers.DateTimeField()


class ProposalEventOutput(serializers.Serializer):
    action = serializers.CharField()
    action_label = serializers.CharField()
    from_state = serializers.CharField()
    to_state = serializers.CharField()
    actor = serializers.CharField(source="actor.label", default=None)
    note = serializers.CharField()
    created_at = serializers.DateTimeField()


class ProposalDetailOutput(ProposalListOutput):
    content = serializers.CharField()
    source = serializers.CharField()
    return_reason = serializers.CharField()
    merged_into = serializers.IntegerField(source="merged_into_id", allow_null=True)
    handling_round = serializers.IntegerField()
    registered_at = serializers.DateTimeField(allow_null=True)
    replied_at = serializers.DateTimeField(allow_null=True)
    rating_deadline = serializers.DateField(allow_null=True)
    closed_at = serializers.DateTimeField(allow_null=True)
    closed_as = serializers.CharField()
    final_satisfaction = serializers.CharField()
    # 督办, under its published names (see ``OversightInput``).
    is_key_supervision = serializers.BooleanField(source="is_key_oversight")
    supervising_committee = serializers.CharField(
        source="oversight_committee.name", default=None, allow_null=True
    )
    supervising_leader = serializers.CharField(source="oversight_leader")
    is_withheld = serializers.BooleanField()
    opinion_missing = serializers.BooleanField(help_text=_("主办单位答复时仍有协办、会办单位未提交意见"))
    co_signers = CoSignerOutput(source="cosigners.all", many=True)
    assignments = AssignmentBriefOutput(source="assignments.all", many=True)
    ratings = ProposalRatingOutput(source="ratings.all", many=True)
    events = ProposalEventOutput(source="events.all", many=True)


class ProposalRefOutput(serializers.Serializer):
    id = serializers.IntegerField()
    serial = serializers.CharField(allow_null=True)
    title = serializers.CharField()
    state = serializers.CharField()
    lead_deputy = serializers.CharField(source="lead_deputy.name")


class AssignmentListOutput(serializers.Serializer):
    id = serializers.IntegerField()
    proposal = ProposalRefOutput()
    unit = ProposalNamedRef()
    role = serializers.CharField()
    state = serializers.CharField()
    state_label = ChoiceLabelField("state")
    deadline = serializers.DateField()
    is_overdue = serializers.SerializerMethodField()
    received_at = serializers.DateTimeField(allow_null=True)

    def get_is_overdue(self, obj) -> bool:
        return obj.state in Assignment.OPEN_STATES and obj.deadline < timezone.localdate()


class AssignmentContactOutput(serializers.Serializer):
    id = serializers.IntegerField()
    stage = serializers.CharField()
    date = serializers.DateField()
    channel = serializers.CharField()
    who = serializers.CharField()
    note = serializers.CharField()


class AssignmentRequestOutput(serializers.Serializer):
    id = serializers.IntegerField()
    state = serializers.CharField()
    reason = serializers.CharField()
    decision_note = serializers.CharField()
    created_at = serializers.DateTimeField()


class ExtensionRequestOutput(AssignmentRequestOutput):
    requested_deadline = serializers.DateField()


class ReturnRequestOutput(AssignmentRequestOutput):
    suggested_unit = serializers.CharField()


class AssignmentDetailOutput(AssignmentListOutput):
    is_hard = serializers.BooleanField()
    handling_round = serializers.IntegerField()
    assigned_at = serializers.DateTimeField()
    responsible_leader = serializers.CharField()
    responsible_person = serializers.CharField()
    responsible_phone = serializers.CharField()
    measures = serializers.CharField()
    opinion = serializers.CharField()
    reply_class = serializers.CharField()
    follow_up_open = serializers.BooleanField()
    contacts = AssignmentContactOutput(source="contacts.all", many=True)
    replies = ProposalReplyOutput(source="replies.all", many=True)
    extension_requests = ExtensionRequestOutput(source="extension_requests.all", many=True)
    return_requests = ReturnRequestOutput(source="return_requests.all", many=True)


class ReviewItemOutput(serializers.Serializer):
    id = serializers.IntegerField()
    assignment = serializers.IntegerField(source="assignment_id")
    proposal = ProposalRefOutput(source="assignment.proposal")
    unit = ProposalNamedRef(source="assignment.unit")
    reply_class = serializers.CharField()
    content = serializers.CharField()
    submitted_at = serializers.DateTimeField()


class PublicProposalListOutput(serializers.Serializer):
    id = serializers.IntegerField()
    serial = serializers.CharField(allow_null=True)
    kind = serializers.CharField()
    title = serializers.CharField()
    year = serializers.IntegerField()
    category = serializers.CharField(source="category.name", default=None, allow_null=True)
    lead_deputy = serializers.CharField(source="lead_deputy.name")
    lead_unit = serializers.CharField(source="lead_unit_name", default=None, allow_null=True)
    closed_at = serializers.DateTimeField()


class PublicAssignmentOutput(serializers.Serializer):
    unit = serializers.CharField(source="unit.name")
    role = serializers.CharField()
    reply_class = serializers.CharField()
    replies = serializers.SerializerMethodField()

    def get_replies(self, obj) -> list[dict]:
        return [
            {
                "kind": r.kind,
                "reply_class": r.reply_class,
                "content": r.content,
                "submitted_at": r.submitted_at,
            }
            for r in obj.public_replies
        ]


class PublicProposalDetailOutput(PublicProposalListOutput):
    content = serializers.CharField()
    co_signers = serializers.SerializerMethodField()
    assignments = PublicAssignmentOutput(source="assignments.all", many=True)

    def get_co_signers(self, obj) -> list[str]:
        return [c.deputy.name for c in obj.confirmed_cosigners]


class UnitStatisticsOutput(serializers.Serializer):
    unit_id = serializers.IntegerField()
    unit = serializers.CharField()
    received = serializers.IntegerField()
    lead = serializers.IntegerField()
    replied = serializers.IntegerField()
    on_time = serializers.IntegerField()
    on_time_rate = serializers.FloatField(allow_null=True)
    classes = serializers.DictField(child=serializers.IntegerField())
    class_shares = serializers.DictField(child=serializers.FloatField(allow_null=True))
    rated = serializers.IntegerField()
    satisfied = serializers.IntegerField()
    satisfaction_rate = serializers.FloatField(allow_null=True)
    rehandled = serializers.IntegerField()
    overdue = serializers.IntegerField()
