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
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.response import Response

from congress.api.actions import ActionView, CreateMixin
from congress.api.serializers import OutputSerializer
from supervision import selectors_inspections as sel
from supervision.api.serializers import _required, _text, plan_item_field, unit_field
from supervision.api.views import ERRORS
from supervision.models import (
    AmendmentSuggestion,
    Inspection,
    InspectionIssue,
    InspectionVisit,
    IssueRectification,
)
from supervision.services import inspections as services
from supervision.services._common import NOT_STAFF, NOT_UNIT
from supervision.workflow_inspections import INSPECTION, ISSUE

# --- inputs --------------------------------------------------------------------------------------


class InspectionCreateInput(serializers.Serializer):
    title = _text(_("检查名称"), _("请填写检查名称。"), max_length=200)
    law = _text(_("检查的法律法规"), _("请填写检查的法律法规。"), max_length=200)
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
    description = _text(_("检查方案"), "", max_length=20000, required=False)


class IssueCreateInput(serializers.Serializer):
    unit = unit_field(_("责任单位"), required=True, message=_("请选择责任单位。"))
    description = _text(_("问题描述"), _("请填写问题描述。"), max_length=5000)


class RectifyInput(serializers.Serializer):
    content = _text(_("整改情况"), _("请填写整改情况。"), max_length=20000)


class AcceptInput(serializers.Serializer):
    reason = _text(_("评价意见"), "", max_length=2000, required=False)


class RedoInput(serializers.Serializer):
    reason = _text(_("退回理由"), _("请说明退回重新整改的理由。"), max_length=2000)
    deadline = serializers.DateField(
        label=_("新的整改期限"),
        required=False,
        allow_null=True,
        default=None,
        help_text=_("不填则按规则“执法检查问题重新整改期限”计算"),
        error_messages={"invalid": _("日期格式应为 YYYY-MM-DD。")},
    )


# --- outputs -------------------------------------------------------------------------------------


class RectificationOutput(OutputSerializer):
    outcome_label = serializers.CharField(source="get_outcome_display")

    class Meta:
        model = IssueRectification
        fields = [
            "round",
            "content",
            "submitted_at",
            "outcome",
            "outcome_label",
            "evaluation",
            "evaluated_at",
        ]
        read_only_fields = fields


class IssueOutput(OutputSerializer):
    deadline = serializers.DateField(
        source="due_date", help_text=_("整改期限（按规则以工作日计算；退回后为新的期限）")
    )
    unit_name = serializers.CharField(source="unit.name")
    inspection_title = serializers.CharField(source="inspection.title")
    state_label = serializers.CharField(source="get_state_display")
    rectifications = RectificationOutput(many=True, help_text=_("各轮整改报告及评价"))

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
    ordering_fields = ["due_date"]

    def get_queryset(self):
        return (
            sel.issue_list_visible_to(self.request.user)
            .prefetch_related("rectifications")
            .order_by("due_date", "id")
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
