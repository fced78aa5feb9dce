"""The special-question investigation API: staff record each step; the public reads concluded
ones. Thin, in the one order of ``congress.api.actions``."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle

from congress.api.actions import ActionView, CreateMixin
from congress.api.serializers import OutputSerializer, text_input
from supervision import selectors_investigation as sel
from supervision import services
from supervision.api.serializers import _required, meeting_field
from supervision.api.views import ERRORS
from supervision.models import Investigation
from supervision.workflow_investigation import INVESTIGATION


def _user_ids(label, message):
    return serializers.ListField(
        label=label,
        child=serializers.IntegerField(min_value=1, error_messages={"invalid": _("编号应为整数。")}),
        required=False,
        default=list,
        max_length=500,
        error_messages={**_required(message), "not_a_list": _("应为用户编号列表。")},
    )


class InvestigationProposeInput(serializers.Serializer):
    title = text_input(_("调查事项"), _("请填写调查事项。"), max_length=200)
    subject = text_input(_("提请调查的问题和理由"), _("请填写提请调查的问题和理由。"), max_length=50000)
    proposed_by = serializers.ChoiceField(
        label=_("提请方式"),
        choices=Investigation.ProposedBy.choices,
        error_messages={**_required(_("请选择提请方式。")), "invalid_choice": _("请选择提请方式。")},
    )
    proposers = _user_ids(_("联名人"), _("请填写联名人。"))


class InvestigationDecideInput(serializers.Serializer):
    adopt = serializers.BooleanField(label=_("是否决定调查"), error_messages=_required(_("请选择会议决定。")))
    meeting = meeting_field(_("决定会议"), required=True, message=_("请选择作出决定的常委会会议。"))
    note = text_input(_("会议决定"), "", max_length=5000, required=False)


class InvestigationCommitteeInput(serializers.Serializer):
    members = _user_ids(_("调查委员会组成人员"), _("请选定调查委员会的组成人员（人大代表）。"))


class InvestigationFindingsInput(serializers.Serializer):
    findings = text_input(_("调查报告"), _("请填写调查报告。"), max_length=50000)


class InvestigationResolutionInput(serializers.Serializer):
    resolution = text_input(_("常委会决议"), _("请填写常委会决议。"), max_length=50000)


class PersonOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="__str__")


class InvestigationOutput(OutputSerializer):
    state_label = serializers.CharField(source="get_state_display")
    proposed_by_label = serializers.CharField(source="get_proposed_by_display")
    proposers = PersonOutput(many=True)
    committee_members = PersonOutput(many=True)

    class Meta:
        model = Investigation
        fields = [
            "id",
            "title",
            "subject",
            "proposed_by",
            "proposed_by_label",
            "proposers",
            "meeting",
            "state",
            "state_label",
            "decision_note",
            "decided_at",
            "committee_members",
            "formed_at",
            "findings",
            "reported_at",
            "resolution",
            "concluded_at",
        ]
        read_only_fields = fields


@extend_schema(tags=["supervision"])
class InvestigationListCreateView(CreateMixin, generics.ListAPIView):
    """Special-question investigations the caller may see, and staff recording a proposal
    (members jointly: at least the rule's share of the serving members)."""

    serializer_class = InvestigationOutput
    filterset_fields = ["state", "proposed_by"]
    search_fields = ["title"]
    input_class = InvestigationProposeInput
    denied_message = services.NOT_STAFF
    denied_code = "not_staff"

    def get_queryset(self):
        return sel.investigation_list_visible_to(self.request.user).order_by("-created_at", "-id")

    def allowed(self, request, obj):
        return INVESTIGATION["propose"].permission(request.user, None)

    def perform(self, request, obj, data):
        return services.investigation_propose(actor=request.user, **data)

    def answer(self, request, obj, investigation):
        detail = sel.investigation_get_for_user(request.user, investigation.pk)
        return Response(InvestigationOutput(detail).data, status=self.success_status)

    @extend_schema(responses=InvestigationOutput(many=True))
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(request=InvestigationProposeInput, responses={201: InvestigationOutput, **ERRORS})
    def post(self, request, **kwargs):
        return super().post(request, **kwargs)


@extend_schema(tags=["supervision"], responses={200: InvestigationOutput, 404: ERRORS[404]})
class InvestigationDetailView(generics.RetrieveAPIView):
    serializer_class = InvestigationOutput

    def get_object(self):
        return sel.investigation_get_for_user(self.request.user, self.kwargs["pk"])


class _Step(ActionView):
    workflow = INVESTIGATION
    denied_message = services.NOT_STAFF
    denied_code = "not_staff"

    def find(self, request, **kwargs):
        return sel.investigation_get_for_user(request.user, kwargs["pk"])

    def answer(self, request, obj, result):
        return Response(InvestigationOutput(sel.investigation_get_for_user(request.user, obj.pk)).data)


def _schema(input_class, summary):
    return extend_schema(
        tags=["supervision"],
        summary=summary,
        request=input_class,
        responses={200: InvestigationOutput, **ERRORS},
    )


@_schema(InvestigationDecideInput, "记录常委会会议决定（决定调查或不予调查）")
class InvestigationDecideView(_Step):
    action_code = "decide"
    input_class = InvestigationDecideInput

    def perform(self, request, obj, data):
        return services.investigation_decide(actor=request.user, investigation=obj, **data)


@_schema(InvestigationCommitteeInput, "记录调查委员会组成（从人大代表中选定）")
class InvestigationCommitteeView(_Step):
    action_code = "form_committee"
    input_class = InvestigationCommitteeInput

    def perform(self, request, obj, data):
        return services.investigation_form_committee(actor=request.user, investigation=obj, **data)


@_schema(InvestigationFindingsInput, "记录调查委员会的调查报告")
class InvestigationFindingsView(_Step):
    action_code = "report_findings"
    input_class = InvestigationFindingsInput

    def perform(self, request, obj, data):
        return services.investigation_report_findings(actor=request.user, investigation=obj, **data)


@_schema(InvestigationResolutionInput, "记录常委会决议（办结并公开）")
class InvestigationResolutionView(_Step):
    action_code = "resolve"
    input_class = InvestigationResolutionInput

    def perform(self, request, obj, data):
        return services.investigation_resolve(actor=request.user, investigation=obj, **data)


@extend_schema(tags=["public"], responses=InvestigationOutput(many=True))
class PublicInvestigationListView(generics.ListAPIView):
    """Concluded special-question investigations with their findings and resolution."""

    serializer_class = InvestigationOutput
    permission_classes = [AllowAny]
    throttle_classes = [AnonRateThrottle]
    filter_backends: list = []

    def get_queryset(self):
        return sel.investigations_public()
