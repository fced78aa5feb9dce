"""The audit-rectification API (issue 13's contract), in the one order of
``congress.api.actions``: find through a selector (404 outside the wall), the declared action's
who-predicate (403 whatever the body), parse (400, Chinese field messages), one service (409
``invalid_transition`` from the wrong state), answer.

- ``POST /api/v1/budget/audit-findings/`` (staff; ``year``, ``unit``, ``description``) → 201
  with ``deadline``; ``GET`` the same path: staff all, a unit officer its own units' only
- ``POST /api/v1/budget/audit-findings/{id}/rectify/`` (the unit's officer; ``content``)
- ``POST …/{id}/accept/`` and ``…/{id}/redo/`` (staff; ``reason``; redo sets a new deadline)
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from budget import permissions, selectors
from budget import services_audit as services
from budget.api.views import ERRORS
from budget.models import AuditFinding
from budget.workflow_audit import FINDING
from congress.api.actions import ActionView, CreateMixin
from congress.api.serializers import (
    OutputSerializer,
    RectificationAcceptInput,
    RectificationRectifyInput,
    RectificationRedoInput,
    RectificationRoundOutput,
    text_input,
)
from congress.models import Organization

NOT_READER = _("仅限人大常委会工作人员和责任单位的联络员查看审计查出问题。")


def _required(message) -> dict:
    return {"required": message, "blank": message, "null": message}


class AuditFindingCreateInput(serializers.Serializer):
    year = serializers.IntegerField(
        label=_("年度"),
        min_value=2000,
        max_value=2100,
        error_messages={
            **_required(_("请填写年度。")),
            "invalid": _("年度应为整数。"),
            "min_value": _("年度应在 2000 至 2100 之间。"),
            "max_value": _("年度应在 2000 至 2100 之间。"),
            "max_string_length": _("年度应为整数。"),
        },
    )
    unit = serializers.PrimaryKeyRelatedField(
        label=_("责任单位"),
        queryset=Organization.objects.all(),
        error_messages={
            **_required(_("请选择责任单位。")),
            "does_not_exist": _("找不到编号为 {pk_value} 的单位。"),
            "incorrect_type": _("编号应为整数。"),
        },
    )
    description = text_input(_("问题描述"), _("请填写问题描述。"), max_length=5000)
    amount = serializers.DecimalField(
        label=_("涉及金额（元）"),
        max_digits=18,
        decimal_places=2,
        min_value=0,
        required=False,
        allow_null=True,
        default=None,
        coerce_to_string=True,
        error_messages={
            "invalid": _("涉及金额应为数字（单位：元）。"),
            "min_value": _("涉及金额不能为负数。"),
            "max_digits": _("涉及金额超出范围。"),
            "max_whole_digits": _("涉及金额超出范围。"),
            "max_decimal_places": _("涉及金额最多保留两位小数。"),
            "max_string_length": _("涉及金额超出范围。"),
        },
    )


class AuditRectifyInput(RectificationRectifyInput):
    pass


class AuditAcceptInput(RectificationAcceptInput):
    pass


class AuditRedoInput(RectificationRedoInput):
    pass


class AuditFindingOutput(OutputSerializer):
    unit_name = serializers.CharField(source="unit.name")
    state_label = serializers.CharField(source="get_state_display")
    deadline = serializers.DateField(help_text=_("整改期限（按规则以工作日计算；退回后为新的期限）"))
    rectifications = RectificationRoundOutput(many=True, help_text=_("各轮整改报告及评价"))

    class Meta:
        model = AuditFinding
        fields = [
            "id",
            "year",
            "unit",
            "unit_name",
            "description",
            "amount",
            "deadline",
            "round",
            "state",
            "state_label",
            "reported_at",
            "accepted_at",
            "rectifications",
        ]
        read_only_fields = fields


def _schema(input_class, summary):
    return extend_schema(
        tags=["budget"], summary=summary, request=input_class, responses={200: AuditFindingOutput, **ERRORS}
    )


@extend_schema(tags=["budget"])
class FindingListCreateView(CreateMixin, generics.ListAPIView):
    """Audit findings the caller may see — staff all, a unit officer their units' only, soonest
    deadline first — and staff listing one against a unit (the deadline from the rule). Three
    queries per page whatever the data: the count, the rows with their units, the reports."""

    serializer_class = AuditFindingOutput
    filterset_fields = ["year", "state", "unit"]
    input_class = AuditFindingCreateInput
    denied_message = services.NOT_STAFF
    denied_code = "not_staff"

    def get_queryset(self):
        return selectors.audit_findings_visible_to(self.request.user).order_by("deadline", "id")

    def allowed(self, request, obj):
        return FINDING["create"].permission(request.user, None)

    def perform(self, request, obj, data):
        return services.finding_create(actor=request.user, **data)

    def answer(self, request, obj, finding):
        return Response(
            AuditFindingOutput(selectors.audit_finding_get(request.user, finding.pk)).data, status=201
        )

    @extend_schema(responses={200: AuditFindingOutput(many=True), 403: ERRORS[403]})
    def get(self, request, *args, **kwargs):
        if not permissions.reads_findings(request.user):
            raise PermissionDenied(NOT_READER, code="not_allowed")
        return super().get(request, *args, **kwargs)

    @extend_schema(
        summary="交办审计查出问题（工作人员）：整改期限按规则计算",
        request=AuditFindingCreateInput,
        responses={201: AuditFindingOutput, **ERRORS},
    )
    def post(self, request, **kwargs):
        return super().post(request, **kwargs)


class _FindingAction(ActionView):
    workflow = FINDING
    denied_message = services.NOT_STAFF
    denied_code = "not_staff"

    def find(self, request, **kwargs):
        return selectors.audit_finding_get(request.user, kwargs["pk"])

    def answer(self, request, obj, result):
        return Response(AuditFindingOutput(selectors.audit_finding_get(request.user, obj.pk)).data)


@_schema(AuditRectifyInput, "报送整改情况（责任单位）")
class FindingRectifyView(_FindingAction):
    action_code = "rectify"
    input_class = AuditRectifyInput
    denied_message = services.NOT_UNIT
    denied_code = "not_unit_officer"

    def perform(self, request, obj, data):
        return services.finding_rectify(actor=request.user, finding=obj, **data)


@_schema(AuditAcceptInput, "认定整改到位（工作人员）")
class FindingAcceptView(_FindingAction):
    action_code = "accept"
    input_class = AuditAcceptInput

    def perform(self, request, obj, data):
        return services.finding_accept(actor=request.user, finding=obj, **data)


@_schema(AuditRedoInput, "退回重新整改（工作人员）：新的整改期限按规则计算")
class FindingRedoView(_FindingAction):
    action_code = "redo"
    input_class = AuditRedoInput

    def perform(self, request, obj, data):
        return services.finding_redo(actor=request.user, finding=obj, **data)
