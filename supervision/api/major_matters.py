"""The API of major-matter reports (重大事项报告, seed 九), in the one order of
``congress.api.actions``: the yearly lists (staff and members read all, unit officers the agreed
ones, the public the agreed ones), the matters (a unit officer registers and feeds back for
their units; staff return, take note, schedule, send the opinion, conclude) and the public
record of concluded matters."""

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
from supervision import permissions
from supervision import selectors_major_matters as sel
from supervision.api.serializers import _pk_field, meeting_field, unit_field
from supervision.api.views import ERRORS
from supervision.models_major_matters import MajorMatter, MajorMatterList, MajorMatterListItem
from supervision.services import NOT_STAFF, NOT_UNIT
from supervision.services import major_matters as services
from supervision.workflow_major_matters import MAJOR_MATTER

_DATE_ERRORS = {
    "required": _("请填写拟决策时间。"),
    "null": _("请填写拟决策时间。"),
    "invalid": _("日期格式应为 YYYY-MM-DD。"),
}


# --- serializers ---------------------------------------------------------------------------------


class MajorMatterRegisterInput(serializers.Serializer):
    unit = unit_field(_("报告单位"), required=True, message=_("请选择报告单位。"))
    list_item = _pk_field(
        MajorMatterListItem.objects.all(),
        _("目录事项"),
        required=False,
        message=_("请选择目录事项。"),
        missing=_("找不到编号为 {pk_value} 的目录事项。"),
    )
    outside_list_reason = text_input(_("目录外报告理由"), "", max_length=5000, required=False)
    title = text_input(_("事项名称"), _("请填写事项名称。"), max_length=200)
    reporter = text_input(_("报告人"), _("请填写报告人。"), max_length=100)
    content = text_input(_("报告内容"), _("请填写报告内容。"), max_length=50000)
    planned_decision_date = serializers.DateField(label=_("拟决策时间"), error_messages=_DATE_ERRORS)


class ReasonInput(serializers.Serializer):
    reason = text_input(_("退回理由"), _("请填写退回理由。"), max_length=5000)


class ResubmitInput(serializers.Serializer):
    content = text_input(_("报告内容"), _("请填写报告内容。"), max_length=50000)
    planned_decision_date = serializers.DateField(
        label=_("拟决策时间"), required=False, allow_null=True, default=None, error_messages=_DATE_ERRORS
    )


class TakeNoteInput(serializers.Serializer):
    note = text_input(_("办结说明"), _("请填写办结说明。"), max_length=5000)
    withhold_reason = text_input(_("不予公开理由"), "", max_length=500, required=False)


class ScheduleInput(serializers.Serializer):
    meeting = meeting_field(_("审议会议"), required=True, message=_("请选择常委会会议。"))
    committee = _pk_field(
        Organization.objects.filter(kind=Organization.Kind.WORKING_COMMITTEE),
        _("承办工作委员会"),
        required=False,
        message=_("请选择人大工作委员会。"),
        missing=_("请选择人大工作委员会。"),
    )


class ContentInput(serializers.Serializer):
    content = text_input(_("内容"), _("请填写内容。"), max_length=50000)


class ConcludeInput(serializers.Serializer):
    note = text_input(_("办结说明"), "", max_length=5000, required=False)
    withhold_reason = text_input(_("不予公开理由"), "", max_length=500, required=False)


class MajorMatterListItemOutput(OutputSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = MajorMatterListItem
        fields = [
            "id",
            "order",
            "topic",
            "unit",
            "unit_name",
            "reporter",
            "planned_month",
            "requirements",
            "change_reason",
            "dropped_reason",
            "dropped_at",
        ]


class MajorMatterListOutput(OutputSerializer):
    items = MajorMatterListItemOutput(many=True, read_only=True)

    class Meta:
        model = MajorMatterList
        fields = ["id", "year", "state", "consultation", "agreed_on", "items"]


class PublicMajorMatterOutput(OutputSerializer):
    """A concluded matter's public record."""

    year = serializers.IntegerField(source="matter_list.year", allow_null=True, default=None)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    list_item_topic = serializers.CharField(source="list_item.topic", allow_null=True, default=None)
    meeting_title = serializers.CharField(source="meeting.title", allow_null=True, default=None)

    class Meta:
        model = MajorMatter
        fields = [
            "id",
            "year",
            "title",
            "unit",
            "unit_name",
            "reporter",
            "list_item",
            "list_item_topic",
            "outside_list_reason",
            "content",
            "planned_decision_date",
            "meeting",
            "meeting_title",
            "opinion",
            "opinion_sent_at",
            "feedback",
            "feedback_at",
            "conclusion",
            "concluded_at",
        ]


class MajorMatterOutput(PublicMajorMatterOutput):
    class Meta(PublicMajorMatterOutput.Meta):
        fields = [
            *PublicMajorMatterOutput.Meta.fields,
            "state",
            "short_notice",
            "committee",
            "return_reason",
            "feedback_due",
            "withhold_reason",
            "created_at",
        ]


# --- yearly lists --------------------------------------------------------------------------------


@extend_schema(tags=["supervision"], responses=MajorMatterListOutput(many=True))
class MajorMatterListListView(generics.ListAPIView):
    """The yearly major-matter lists the caller may see (staff and members: all; unit officers:
    the agreed ones), with their items."""

    serializer_class = MajorMatterListOutput
    filter_backends: list = []

    def get_queryset(self):
        return sel.yearly_lists_visible_to(self.request.user).prefetch_related(sel._items())


@extend_schema(tags=["public"], responses=MajorMatterListOutput(many=True))
class PublicMajorMatterListListView(generics.ListAPIView):
    """The agreed yearly lists, for anyone."""

    serializer_class = MajorMatterListOutput
    permission_classes = [AllowAny]
    throttle_classes = [AnonRateThrottle]
    filter_backends: list = []

    def get_queryset(self):
        return (
            MajorMatterList.objects.filter(state=MajorMatterList.State.AGREED)
            .order_by("-year")
            .prefetch_related(sel._items())
        )


# --- matters -------------------------------------------------------------------------------------


@extend_schema(tags=["supervision"])
class MajorMatterListCreateView(CreateMixin, generics.ListAPIView):
    """Major matters the caller may see (staff and members: all; a unit officer: their units'),
    and registering one before the decision (a unit officer for their unit, or staff)."""

    serializer_class = MajorMatterOutput
    filterset_fields = ["state", "unit"]
    input_class = MajorMatterRegisterInput
    denied_message = NOT_UNIT
    denied_code = "not_unit_officer"

    def get_queryset(self):
        return sel.matter_list_visible_to(self.request.user).order_by("-created_at", "-id")

    def allowed(self, request, obj):
        return permissions.can_register_major_matter(request.user)

    def perform(self, request, obj, data):
        return services.major_matter_register(actor=request.user, **data)

    def answer(self, request, obj, matter):
        return Response(MajorMatterOutput(matter).data, status=self.success_status)

    @extend_schema(responses=MajorMatterOutput(many=True))
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(request=MajorMatterRegisterInput, responses={201: MajorMatterOutput, **ERRORS})
    def post(self, request, **kwargs):
        return super().post(request, **kwargs)


@extend_schema(tags=["supervision"], responses={200: MajorMatterOutput, 404: ERRORS[404]})
class MajorMatterDetailView(generics.RetrieveAPIView):
    serializer_class = MajorMatterOutput

    def get_object(self):
        return sel.matter_get_for_user(self.request.user, self.kwargs["pk"])


class _MatterAction(ActionView):
    workflow = MAJOR_MATTER
    output_class = MajorMatterOutput
    denied_message = NOT_STAFF
    denied_code = "not_staff"
    service = None

    def find(self, request, **kwargs):
        return sel.matter_get_for_user(request.user, kwargs["pk"])

    def perform(self, request, obj, data):
        return type(self).service(actor=request.user, matter=obj, **data)


def _action(code, summary, input_class, service, *, unit=False):
    view = extend_schema(
        tags=["supervision"],
        summary=summary,
        request=input_class,
        responses={200: MajorMatterOutput, **ERRORS},
    )(
        type(
            f"MajorMatter{code.title().replace('_', '')}View",
            (_MatterAction,),
            {
                "action_code": code,
                "input_class": input_class,
                "service": staticmethod(service),
                "__doc__": summary,
                **({"denied_message": NOT_UNIT, "denied_code": "not_unit_officer"} if unit else {}),
            },
        )
    )
    return view


MajorMatterReturnView = _action("return", "退回补充（工作人员）", ReasonInput, services.major_matter_return)
MajorMatterResubmitView = _action(
    "resubmit", "补充后重新报告（报告单位）", ResubmitInput, services.major_matter_resubmit, unit=True
)
MajorMatterTakeNoteView = _action(
    "take_note", "书面报告，不再审议（工作人员）", TakeNoteInput, services.major_matter_take_note
)
MajorMatterScheduleView = _action(
    "schedule", "安排审议（工作人员）", ScheduleInput, services.major_matter_schedule
)
MajorMatterOpinionView = _action(
    "send_opinion", "送交审议意见（工作人员）", ContentInput, services.major_matter_send_opinion
)
MajorMatterFeedbackView = _action(
    "feed_back", "反馈审议意见采纳情况（报告单位）", ContentInput, services.major_matter_feed_back, unit=True
)
MajorMatterConcludeView = _action(
    "conclude", "办结（工作人员）", ConcludeInput, services.major_matter_conclude
)


# --- the public ----------------------------------------------------------------------------------


@extend_schema(tags=["public"], responses=PublicMajorMatterOutput(many=True))
class PublicMajorMatterListView(generics.ListAPIView):
    """Concluded major matters with their record (report, opinion, feedback), for anyone;
    nothing before concluding, nothing withheld."""

    serializer_class = PublicMajorMatterOutput
    permission_classes = [AllowAny]
    throttle_classes = [AnonRateThrottle]
    filter_backends: list = []

    def get_queryset(self):
        return sel.public_matters()
