"""The API of court and procuratorate supervision (seed 十), in the one order of
``congress.api.actions``: special supervisors (staff appoint and end; everyone signed in reads;
the public reads who serves today) and court-hearing attendance (deputies record, the court's
or procuratorate's officer replies)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle

from congress.api.actions import ActionView, CreateMixin
from congress.api.serializers import OutputSerializer, text_input
from congress.models import Organization
from deputies.models import Deputy
from supervision import permissions, selectors_judicial, services
from supervision.api.serializers import _pk_field
from supervision.api.views import ERRORS
from supervision.models_judicial import JUDICIAL_KINDS, HearingAttendance, SpecialSupervisor
from supervision.workflow_judicial import HEARING, SPECIAL_SUPERVISOR

_DATE_ERRORS = {
    "required": _("请填写日期。"),
    "null": _("请填写日期。"),
    "invalid": _("日期格式应为 YYYY-MM-DD。"),
}


def _date(label):
    return serializers.DateField(label=label, error_messages=_DATE_ERRORS)


def _judicial_unit(label):
    return _pk_field(
        Organization.objects.filter(kind__in=JUDICIAL_KINDS),
        label,
        required=True,
        message=_("请选择区人民法院或区人民检察院。"),
        missing=_("请选择区人民法院或区人民检察院。"),
    )


# --- serializers ---------------------------------------------------------------------------------


class SpecialSupervisorInput(serializers.Serializer):
    deputy = _pk_field(
        Deputy.objects.all(), _("代表"), required=True, message=_("请选择代表。"), missing=_("代表不存在。")
    )
    institution = _judicial_unit(_("聘请机关"))
    term_start = _date(_("聘期开始"))
    term_end = _date(_("聘期结束"))
    note = text_input(_("备注"), "", max_length=200, required=False)


class SpecialSupervisorEndInput(serializers.Serializer):
    reason = text_input(_("解聘理由"), _("请填写解聘理由。"), max_length=2000)


class PublicSpecialSupervisorOutput(OutputSerializer):
    deputy_name = serializers.CharField(source="deputy.name", read_only=True)
    institution_name = serializers.CharField(source="institution.name", read_only=True)

    class Meta:
        model = SpecialSupervisor
        fields = ["id", "deputy_name", "institution", "institution_name", "term_start", "term_end"]


class SpecialSupervisorOutput(PublicSpecialSupervisorOutput):
    class Meta(PublicSpecialSupervisorOutput.Meta):
        fields = [
            *PublicSpecialSupervisorOutput.Meta.fields,
            "deputy",
            "state",
            "note",
            "ended_at",
            "end_reason",
        ]


class CourtHearingInput(serializers.Serializer):
    unit = _judicial_unit(_("意见转交机关"))
    case_number = text_input(_("案号"), _("请填写案号。"), max_length=100)
    case_title = text_input(_("案由"), _("请填写案由。"), max_length=200)
    court = text_input(_("审判法庭"), _("请填写审判法庭。"), max_length=100)
    hearing_date = _date(_("庭审日期"))
    remarks = text_input(_("旁听意见建议"), "", max_length=20000, required=False)


class CourtHearingReplyInput(serializers.Serializer):
    content = text_input(_("答复内容"), _("请填写答复内容。"), max_length=50000)


class CourtHearingOutput(OutputSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    deputy_name = serializers.CharField(source="deputy.__str__", read_only=True)

    class Meta:
        model = HearingAttendance
        fields = [
            "id",
            "state",
            "deputy",
            "deputy_name",
            "unit",
            "unit_name",
            "case_number",
            "case_title",
            "court",
            "hearing_date",
            "remarks",
            "reply_due",
            "reply",
            "replied_at",
            "created_at",
        ]


# --- special supervisors -------------------------------------------------------------------------


@extend_schema(tags=["supervision"])
class SpecialSupervisorListCreateView(CreateMixin, generics.ListAPIView):
    """Every appointment of special supervisors (特邀监督员), and staff appointing one."""

    serializer_class = SpecialSupervisorOutput
    filterset_fields = ["state", "institution"]
    input_class = SpecialSupervisorInput
    denied_message = services.NOT_STAFF
    denied_code = "not_staff"

    def get_queryset(self):
        return selectors_judicial.special_supervisor_list(self.request.user).order_by("-term_start", "-id")

    def allowed(self, request, obj):
        return SPECIAL_SUPERVISOR["appoint"].permission(request.user, None)

    def perform(self, request, obj, data):
        return services.special_supervisor_appoint(actor=request.user, **data)

    def answer(self, request, obj, supervisor):
        return Response(SpecialSupervisorOutput(supervisor).data, status=self.success_status)

    @extend_schema(responses=SpecialSupervisorOutput(many=True))
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(request=SpecialSupervisorInput, responses={201: SpecialSupervisorOutput, **ERRORS})
    def post(self, request, **kwargs):
        return super().post(request, **kwargs)


@extend_schema(
    tags=["supervision"],
    summary="解聘特邀监督员（工作人员）",
    request=SpecialSupervisorEndInput,
    responses={200: SpecialSupervisorOutput, **ERRORS},
)
class SpecialSupervisorEndView(ActionView):
    workflow = SPECIAL_SUPERVISOR
    action_code = "end"
    input_class = SpecialSupervisorEndInput
    output_class = SpecialSupervisorOutput
    denied_message = services.NOT_STAFF
    denied_code = "not_staff"

    def find(self, request, **kwargs):
        return generics.get_object_or_404(
            selectors_judicial.special_supervisor_list(request.user), pk=kwargs["pk"]
        )

    def perform(self, request, obj, data):
        return services.special_supervisor_end(actor=request.user, supervisor=obj, **data)


@extend_schema(tags=["public"], responses=PublicSpecialSupervisorOutput(many=True))
class PublicSpecialSupervisorListView(generics.ListAPIView):
    """The special supervisors serving today, for anyone."""

    serializer_class = PublicSpecialSupervisorOutput
    permission_classes = [AllowAny]
    throttle_classes = [AnonRateThrottle]
    filter_backends: list = []

    def get_queryset(self):
        return selectors_judicial.special_supervisors_serving()


# --- court-hearing attendance ------------------------------------------------------------------


@extend_schema(tags=["supervision"])
class HearingListCreateView(CreateMixin, generics.ListAPIView):
    """Court-hearing attendance records the caller may see (staff and members: all; a deputy:
    their own; a court or procuratorate officer: the remarks passed to their unit), and a
    deputy recording one (with remarks, passed to the unit, which owes a reply)."""

    serializer_class = CourtHearingOutput
    filterset_fields = ["state", "unit"]
    input_class = CourtHearingInput
    denied_message = _("仅限人大代表记录旁听庭审。")
    denied_code = "not_deputy"

    def get_queryset(self):
        return selectors_judicial.hearing_list_visible_to(self.request.user).order_by("-hearing_date", "-id")

    def allowed(self, request, obj):
        return permissions.is_deputy(request.user)

    def perform(self, request, obj, data):
        return services.hearing_record(actor=request.user, **data)

    def answer(self, request, obj, attendance):
        return Response(CourtHearingOutput(attendance).data, status=self.success_status)

    @extend_schema(responses=CourtHearingOutput(many=True))
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(request=CourtHearingInput, responses={201: CourtHearingOutput, **ERRORS})
    def post(self, request, **kwargs):
        return super().post(request, **kwargs)


@extend_schema(tags=["supervision"], responses={200: CourtHearingOutput, 404: ERRORS[404]})
class HearingDetailView(generics.RetrieveAPIView):
    serializer_class = CourtHearingOutput

    def get_object(self):
        return selectors_judicial.hearing_get_for_user(self.request.user, self.kwargs["pk"])


@extend_schema(
    tags=["supervision"],
    summary="答复代表旁听庭审意见（法院、检察院）",
    request=CourtHearingReplyInput,
    responses={200: CourtHearingOutput, **ERRORS},
)
class HearingReplyView(ActionView):
    workflow = HEARING
    action_code = "reply"
    input_class = CourtHearingReplyInput
    output_class = CourtHearingOutput
    denied_message = _("只有该法院、检察院的联络员或工作人员可以答复。")
    denied_code = "not_unit_officer"

    def find(self, request, **kwargs):
        return selectors_judicial.hearing_get_for_user(request.user, kwargs["pk"])

    def perform(self, request, obj, data):
        return services.hearing_reply(actor=request.user, attendance=obj, **data)
