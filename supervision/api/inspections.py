"""The law-enforcement inspection API (issue 12's contract): thin, in the one order of
``congress.api.actions`` — find through a selector (404 outside the wall), the declared action's
who-predicate (403 whatever the body), parse (400, Chinese field messages), one service (409
``invalid_transition`` from the wrong state), answer with an output serializer.

- ``POST /api/v1/supervision/inspections/`` (staff; ``title``, ``law``, ``year``)
- ``POST /api/v1/supervision/inspections/{id}/issues/`` (staff; ``unit``, ``description``) → 201
  with ``deadline``
- ``GET /api/v1/supervision/inspection-issues/`` (a unit officer: its own units' only)
- ``POST /api/v1/supervision/inspection-issues/{id}/rectify/`` (the unit; ``content``)
- ``POST …/{id}/accept/`` and ``…/{id}/redo/`` (staff; ``reason``)
- ``GET /api/v1/public/inspections/`` and ``…/{id}/`` (anonymous): the deliberated and closed
  inspections with their issues and how each was rectified, as on the public page
"""

from __future__ import annotations

from django.db.models import F
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import generics, serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle

from congress.api.actions import ActionView, CreateMixin
from congress.api.serializers import (
    OutputSerializer,
    RectificationAcceptInput,
    RectificationRectifyInput,
    RectificationRedoInput,
    RectificationRoundOutput,
    text_input,
)
from supervision import selectors_inspections as sel
from supervision.api.serializers import _required, plan_item_field, unit_field
from supervision.api.views import ERRORS
from supervision.models import (
    AmendmentSuggestion,
    Inspection,
    InspectionIssue,
    InspectionVisit,
)
from supervision.services import inspections as services
from supervision.services._common import NOT_STAFF, NOT_UNIT, url_for
from supervision.workflow_inspections import INSPECTION, ISSUE

# --- inputs --------------------------------------------------------------------------------------


class InspectionCreateInput(serializers.Serializer):
    title = text_input(_("检查名称"), _("请填写检查名称。"), max_length=200)
    law = text_input(_("检查的法律法规"), _("请填写检查的法律法规。"), max_length=200)
    year = serializers.IntegerField(
        label=_("年度"),
        min_value=2000,
        max_value=2100,
        error_messages={
            **_required(_("请填写检查年度。")),
            "invalid": _("年度应为整数。"),
            "min_value": _("年度应在 2000 至 2100 之间。"),
            "max_value": _("年度应在 2000 至 2100 之间。"),
            "max_string_length": _("年度应为整数。"),
        },
    )
    committee = unit_field(_("责任工委"), required=False, message=_("请选择人大工作委员会。"))
    plan_item = plan_item_field(_("计划项目"), required=False, message=_("请选择计划项目。"))
    description = text_input(_("检查方案"), "", max_length=20000, required=False)


class IssueCreateInput(serializers.Serializer):
    unit = unit_field(_("责任单位"), required=True, message=_("请选择责任单位。"))
    description = text_input(_("问题描述"), _("请填写问题描述。"), max_length=5000)


class RectifyInput(RectificationRectifyInput):
    pass


class AcceptInput(RectificationAcceptInput):
    pass


class RedoInput(RectificationRedoInput):
    deadline = serializers.DateField(
        label=_("新的整改期限"),
        required=False,
        allow_null=True,
        default=None,
        help_text=_("不填则按规则“执法检查问题重新整改期限”计算"),
        error_messages={"invalid": _("日期格式应为 YYYY-MM-DD。")},
    )


# --- outputs -------------------------------------------------------------------------------------


class IssueOutput(OutputSerializer):
    deadline = serializers.DateField(help_text=_("整改期限（按规则以工作日计算；退回后为新的期限）"))
    unit_name = serializers.CharField(source="unit.name")
    inspection_title = serializers.CharField(source="inspection.title")
    state_label = serializers.CharField(source="get_state_display")
    rectifications = RectificationRoundOutput(many=True, help_text=_("各轮整改报告及评价"))

    class Meta:
        model = InspectionIssue
        fields = [
            "id",
            "inspection",
            "inspection_title",
            "number",
            "unit",
            "unit_name",
            "description",
            "deadline",
            "round",
            "state",
            "state_label",
            "reported_at",
            "accepted_at",
            "rectifications",
        ]
        read_only_fields = fields


class VisitOutput(OutputSerializer):
    group_name = serializers.CharField(source="group.name", allow_null=True, default=None)

    class Meta:
        model = InspectionVisit
        fields = ["id", "date", "place", "group", "group_name", "notes"]
        read_only_fields = fields


class AmendmentOutput(OutputSerializer):
    state_label = serializers.CharField(source="get_state_display")

    class Meta:
        model = AmendmentSuggestion
        fields = ["id", "article", "content", "state", "state_label", "sent_at", "feedback", "feedback_at"]
        read_only_fields = fields


class InspectionOutput(OutputSerializer):
    state_label = serializers.CharField(source="get_state_display")

    class Meta:
        model = Inspection
        fields = [
            "id",
            "title",
            "law",
            "year",
            "committee",
            "plan_item",
            "description",
            "state",
            "state_label",
            "meeting",
            "report",
            "opinions",
            "deliberated_at",
            "closed_at",
        ]
        read_only_fields = fields


class InspectionDetailOutput(InspectionOutput):
    visits = VisitOutput(many=True)
    issues = IssueOutput(many=True, help_text=_("调用者可见的问题（责任单位只见本单位的）"))
    amendments = AmendmentOutput(many=True)

    class Meta(InspectionOutput.Meta):
        fields = [*InspectionOutput.Meta.fields, "visits", "issues", "amendments"]
        read_only_fields = fields


# --- views ---------------------------------------------------------------------------------------


def _schema(input_class, output, summary, status: int = 200):
    return extend_schema(
        tags=["supervision"], summary=summary, request=input_class, responses={status: output, **ERRORS}
    )


@extend_schema(tags=["supervision"])
class InspectionListCreateView(CreateMixin, generics.ListAPIView):
    """Inspections the caller may see (staff, members, deputies: all; a unit officer: those that
    listed an issue against their units), and staff setting one up."""

    serializer_class = InspectionOutput
    filterset_fields = ["state", "year"]
    search_fields = ["title", "law"]
    input_class = InspectionCreateInput
    denied_message = NOT_STAFF
    denied_code = "not_staff"

    def get_queryset(self):
        return sel.inspection_list_visible_to(self.request.user).order_by("-year", "-created_at", "-id")

    def allowed(self, request, obj):
        return INSPECTION["create"].permission(request.user, None)

    def perform(self, request, obj, data):
        return services.inspection_create(actor=request.user, **data)

    def answer(self, request, obj, inspection):
        return Response(InspectionOutput(inspection).data, status=self.success_status)

    @extend_schema(responses=InspectionOutput(many=True))
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        summary="设立执法检查（工作人员）",
        request=InspectionCreateInput,
        responses={201: InspectionOutput, **ERRORS},
    )
    def post(self, request, **kwargs):
        return super().post(request, **kwargs)


@extend_schema(tags=["supervision"], responses={200: InspectionDetailOutput, 404: ERRORS[404]})
class InspectionDetailView(generics.RetrieveAPIView):
    """An inspection with its visits, the issues the caller may see and its law-amendment
    suggestions."""

    serializer_class = InspectionDetailOutput

    def get_object(self):
        return sel.inspection_with_record(self.request.user, self.kwargs["pk"])


@_schema(IssueCreateInput, IssueOutput, "列入问题清单（工作人员）：整改期限按规则计算", status=201)
class InspectionIssueCreateView(ActionView):
    workflow = INSPECTION
    action_code = "add_issue"
    input_class = IssueCreateInput
    success_status = 201
    denied_message = NOT_STAFF
    denied_code = "not_staff"

    def find(self, request, **kwargs):
        return sel.inspection_get_for_user(request.user, kwargs["pk"])

    def perform(self, request, obj, data):
        return services.issue_add(actor=request.user, inspection=obj, **data)

    def answer(self, request, obj, issue):
        return Response(IssueOutput(sel.issue_with_record(request.user, issue.pk)).data, status=201)


@extend_schema(tags=["supervision"])
class IssueListView(generics.ListAPIView):
    """Issues the caller may see (a unit officer: their units' only), soonest deadline first.
    Three queries per page whatever the data: the count, the rows (with unit and inspection),
    the rectification reports."""

    serializer_class = IssueOutput
    filterset_fields = ["state", "unit", "inspection"]
    # ``due_date``: the column's old name, kept for callers that order by it.
    ordering_fields = ["deadline", "due_date"]

    def get_queryset(self):
        return (
            sel.issue_list_visible_to(self.request.user)
            .alias(due_date=F("deadline"))
            .prefetch_related("rectifications")
            .order_by("deadline", "id")
        )


@extend_schema(tags=["supervision"], responses={200: IssueOutput, 404: ERRORS[404]})
class IssueDetailView(generics.RetrieveAPIView):
    serializer_class = IssueOutput

    def get_object(self):
        return sel.issue_with_record(self.request.user, self.kwargs["pk"])


class _IssueAction(ActionView):
    workflow = ISSUE
    denied_message = NOT_STAFF
    denied_code = "not_staff"

    def find(self, request, **kwargs):
        return sel.issue_get_for_user(request.user, kwargs["pk"])

    def answer(self, request, obj, result):
        return Response(IssueOutput(sel.issue_with_record(request.user, obj.pk)).data)


@_schema(RectifyInput, IssueOutput, "报送整改情况（责任单位）")
class IssueRectifyView(_IssueAction):
    action_code = "rectify"
    input_class = RectifyInput
    denied_message = NOT_UNIT
    denied_code = "not_unit_officer"

    def perform(self, request, obj, data):
        return services.issue_rectify(actor=request.user, issue=obj, **data)


@_schema(AcceptInput, IssueOutput, "认定整改到位（工作人员）")
class IssueAcceptView(_IssueAction):
    action_code = "accept"
    input_class = AcceptInput

    def perform(self, request, obj, data):
        return services.issue_accept(actor=request.user, issue=obj, **data)


@_schema(RedoInput, IssueOutput, "退回重新整改（工作人员）：理由及新的整改期限")
class IssueRedoView(_IssueAction):
    action_code = "redo"
    input_class = RedoInput

    def perform(self, request, obj, data):
        return services.issue_redo(actor=request.user, issue=obj, **data)


# --- the public (anonymous) ------------------------------------------------------------------------


class PublicIssueOutput(OutputSerializer):
    deadline = serializers.DateField(help_text=_("整改期限"))
    unit_name = serializers.CharField(source="unit.name")
    state_label = serializers.CharField(source="get_state_display")
    rectifications = serializers.SerializerMethodField(
        help_text=_("已评价的各轮整改情况及评价意见（待评价的报告不公开）")
    )

    class Meta:
        model = InspectionIssue
        fields = [
            "number",
            "unit",
            "unit_name",
            "description",
            "deadline",
            "round",
            "state",
            "state_label",
            "accepted_at",
            "rectifications",
        ]
        read_only_fields = fields

    @extend_schema_field(RectificationRoundOutput(many=True))
    def get_rectifications(self, issue):
        # The same rule as the public page: what the public reads is a report staff evaluated.
        evaluated = [r for r in issue.rectifications.all() if r.outcome]
        return RectificationRoundOutput(evaluated, many=True).data


class PublicGroupOutput(serializers.Serializer):
    name = serializers.CharField()
    focus = serializers.CharField()
    members = serializers.SerializerMethodField(help_text=_("检查组成员（常委会组成人员、人大代表）"))

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_members(self, group):
        return [str(m.user) for m in group.memberships.all()]


class PublicVisitOutput(serializers.Serializer):
    date = serializers.DateField()
    place = serializers.CharField()
    group_name = serializers.CharField(source="group.name", allow_null=True, default=None)


PUBLIC_INSPECTION_FIELDS = [
    "id",
    "title",
    "law",
    "year",
    "state",
    "state_label",
    "deliberated_at",
    "closed_at",
    "issue_count",
    "accepted_count",
    "url",
]


class PublicInspectionOutput(OutputSerializer):
    state_label = serializers.CharField(source="get_state_display")
    issue_count = serializers.IntegerField(help_text=_("问题数"))
    accepted_count = serializers.IntegerField(help_text=_("已整改到位的问题数"))
    url = serializers.SerializerMethodField(help_text=_("网站上的公开页面"))

    class Meta:
        model = Inspection
        fields = PUBLIC_INSPECTION_FIELDS
        read_only_fields = fields

    def get_url(self, obj) -> str:
        return url_for("public:supervision-inspection", obj.pk)


class PublicInspectionDetailOutput(PublicInspectionOutput):
    issue_count = serializers.SerializerMethodField(help_text=_("问题数"))
    accepted_count = serializers.SerializerMethodField(help_text=_("已整改到位的问题数"))
    meeting_title = serializers.CharField(source="meeting.title", allow_null=True, default=None)
    pdf_url = serializers.SerializerMethodField(help_text=_("执法检查报告及审议意见（PDF）"))
    groups = PublicGroupOutput(many=True)
    visits = PublicVisitOutput(many=True)
    issues = PublicIssueOutput(many=True, help_text=_("问题清单及整改情况"))
    amendments = serializers.SerializerMethodField(help_text=_("已报送的修法建议及市人大常委会的反馈"))

    class Meta(PublicInspectionOutput.Meta):
        fields = [
            *PUBLIC_INSPECTION_FIELDS,
            "description",
            "meeting_title",
            "report",
            "opinions",
            "pdf_url",
            "groups",
            "visits",
            "issues",
            "amendments",
        ]
        read_only_fields = fields

    def get_issue_count(self, obj) -> int:
        return len(obj.issues.all())

    def get_accepted_count(self, obj) -> int:
        return sum(1 for issue in obj.issues.all() if issue.state == InspectionIssue.State.ACCEPTED)

    def get_pdf_url(self, obj) -> str:
        return url_for("public:supervision-inspection-pdf", obj.pk)

    @extend_schema_field(AmendmentOutput(many=True))
    def get_amendments(self, obj):
        sent = [a for a in obj.amendments.all() if a.state != AmendmentSuggestion.State.DRAFTED]
        return AmendmentOutput(sent, many=True).data


@extend_schema(tags=["public"], responses=PublicInspectionOutput(many=True))
class PublicInspectionListView(generics.ListAPIView):
    """Deliberated and closed law-enforcement inspections, newest first, with how many issues
    each listed and how many were rectified (anonymous, like the public page)."""

    serializer_class = PublicInspectionOutput
    permission_classes = [AllowAny]
    throttle_classes = [AnonRateThrottle]
    filter_backends: list = []

    def get_queryset(self):
        return sel.inspections_public_list()


@extend_schema(tags=["public"], responses={200: PublicInspectionDetailOutput, 404: ERRORS[404]})
class PublicInspectionDetailView(generics.RetrieveAPIView):
    """One public inspection: groups, visits, report and deliberation opinions, the issue list
    with how each issue was rectified (the reports staff evaluated), and the law-amendment
    suggestions passed on with their answer. 404 before it is deliberated."""

    serializer_class = PublicInspectionDetailOutput
    permission_classes = [AllowAny]
    throttle_classes = [AnonRateThrottle]

    def get_object(self):
        return sel.inspection_get_public(self.kwargs["pk"])
