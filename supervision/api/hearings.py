"""The public-hearing API (听证), in the one order of ``congress.api.actions``: staff draft and
publish a notice; anyone reads the published notices; a citizen signs up without an account
(201 ``{receipt}``) and follows it by receipt number — never seeing a mobile."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import generics, serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle

from congress.api.actions import ActionView, CreateMixin
from congress.api.serializers import ErrorSerializer, OutputSerializer, text_input
from congress.models import Organization
from supervision import selectors_hearings as sel
from supervision import services
from supervision.api.serializers import _pk_field, _required, plan_item_field, unit_field
from supervision.api.views import ERRORS
from supervision.models_hearings import HearingSignup, HearingSpeech, PublicHearing
from supervision.services._common import url_for
from supervision.services.hearings import selection_proposal
from supervision.workflow_hearings import HEARING

DATETIME_INVALID = _("时间格式应为 ISO 8601，例如 2026-12-01T09:00:00+08:00。")


def _datetime(label, message, *, required=True):
    return serializers.DateTimeField(
        label=label,
        required=required,
        allow_null=not required,
        default=None if not required else serializers.empty,
        error_messages={**_required(message), "invalid": DATETIME_INVALID},
    )


# --- inputs --------------------------------------------------------------------------------------


class HearingCreateInput(serializers.Serializer):
    kind = serializers.ChoiceField(
        label=_("听证类别"),
        choices=PublicHearing.Kind.choices,
        error_messages={
            **_required(_("请选择听证类别（预算、专项议题或规范性文件制定）。")),
            "invalid_choice": _("听证类别只能是 budget、topic 或 normative。"),
        },
    )
    title = text_input(_("听证事项"), _("请填写听证事项。"), max_length=200)
    starts_at = _datetime(_("听证时间"), _("请填写听证时间。"))
    location = text_input(_("听证地点"), _("请填写听证地点。"), max_length=200)
    seats = serializers.IntegerField(
        label=_("陈述人名额"),
        min_value=1,
        max_value=500,
        error_messages={
            **_required(_("请填写陈述人名额。")),
            "invalid": _("陈述人名额应为整数。"),
            "min_value": _("陈述人名额应为1至500之间的整数。"),
            "max_value": _("陈述人名额应为1至500之间的整数。"),
        },
    )
    signup_opens = _datetime(_("报名开始时间"), _("请填写报名开始时间。"))
    signup_closes = _datetime(_("报名截止时间"), _("请填写报名截止时间。"))
    ends_at = _datetime(_("预计结束时间"), "", required=False)
    description = text_input(_("听证内容说明"), "", max_length=20000, required=False)
    selection_rule = text_input(_("遴选规则"), "", max_length=5000, required=False)
    compound = serializers.BooleanField(
        label=_("监督与制定联动听证"),
        required=False,
        default=False,
        error_messages={"invalid": _("应为 true 或 false。")},
    )
    draft_title = text_input(_("规范性文件草案"), "", max_length=200, required=False)
    plan_item = plan_item_field(_("监督计划项目"), required=False, message=_("请选择监督计划项目。"))
    organizer = unit_field(_("承办工委"), required=False, message=_("请选择承办工委。"))


class SignupInput(serializers.Serializer):
    name = text_input(_("姓名"), _("请填写姓名。"), max_length=50)
    mobile = text_input(_("手机号码"), _("请填写手机号码。"), max_length=20)
    stance = serializers.ChoiceField(
        label=_("观点"),
        choices=HearingSignup.Stance.choices,
        error_messages={
            **_required(_("请选择您的观点（支持、反对或其他意见）。")),
            "invalid_choice": _("观点只能是 support、oppose 或 other。"),
        },
    )
    statement = text_input(_("陈述要点"), _("请简要填写您的陈述要点。"), max_length=2000)
    street = _pk_field(
        Organization.objects.filter(kind__in=[Organization.Kind.STREET, Organization.Kind.TOWN]),
        _("所在街道（镇）"),
        required=False,
        message=_("请选择所在街道（镇）。"),
        missing=_("找不到编号为 {pk_value} 的街道（镇）。"),
    )
    show_name = serializers.BooleanField(
        label=_("同意公开姓名"),
        required=False,
        default=False,
        error_messages={"invalid": _("应为 true 或 false。")},
    )


# --- outputs -------------------------------------------------------------------------------------


class HearingOutput(OutputSerializer):
    kind_label = serializers.CharField()
    state_label = serializers.CharField(source="get_state_display")
    signups = serializers.SerializerMethodField(help_text="报名人数")

    class Meta:
        model = PublicHearing
        fields = [
            "id",
            "kind",
            "kind_label",
            "compound",
            "title",
            "description",
            "draft_title",
            "plan_item",
            "organizer",
            "starts_at",
            "ends_at",
            "location",
            "seats",
            "signup_opens",
            "signup_closes",
            "selection_rule",
            "state",
            "state_label",
            "published_at",
            "selection_reason",
            "selected_at",
            "held_at",
            "report",
            "adoption",
            "concluded_at",
            "cancel_reason",
            "signups",
        ]
        read_only_fields = fields

    def get_signups(self, obj) -> int:
        count = getattr(obj, "signup_count", None)
        return obj.signups.count() if count is None else count


class PublicParticipantOutput(serializers.Serializer):
    name = serializers.CharField(
        source="public_name", help_text="本人同意公开的显示全名，否则只显示姓氏（张*）"
    )
    stance = serializers.CharField()
    street = serializers.CharField(source="street.name", allow_null=True, default=None)


class PublicSpeechOutput(OutputSerializer):
    speaker = serializers.CharField(source="public_speaker")
    uptake_label = serializers.CharField(source="get_uptake_display")

    class Meta:
        model = HearingSpeech
        fields = ["order", "role", "speaker", "stance", "summary", "uptake", "uptake_label", "uptake_note"]
        read_only_fields = fields


PUBLIC_FIELDS = [
    "id",
    "kind",
    "kind_label",
    "compound",
    "title",
    "description",
    "draft_title",
    "starts_at",
    "ends_at",
    "location",
    "seats",
    "signup_opens",
    "signup_closes",
    "selection_rule",
    "state",
    "state_label",
    "signup_open",
    "signups",
    "url",
    "calendar_url",
    "cancel_reason",
]


class PublicHearingOutput(OutputSerializer):
    kind_label = serializers.CharField()
    state_label = serializers.CharField(source="get_state_display")
    signup_open = serializers.SerializerMethodField(help_text="现在是否可以报名")
    signups = serializers.IntegerField(source="signup_count", help_text="报名人数")
    url = serializers.SerializerMethodField(help_text="网站上的公告页面")
    calendar_url = serializers.SerializerMethodField(help_text="iCalendar 日历文件")

    class Meta:
        model = PublicHearing
        fields = PUBLIC_FIELDS
        read_only_fields = fields

    def get_signup_open(self, obj) -> bool:
        return obj.signup_open_at(timezone.now())

    def get_url(self, obj) -> str:
        return url_for("public:supervision-public-hearing", obj.pk)

    def get_calendar_url(self, obj) -> str:
        return url_for("public:supervision-public-hearing-ics", obj.pk)


class PublicHearingDetailOutput(PublicHearingOutput):
    participants = PublicParticipantOutput(many=True, help_text="选定的公民陈述人")
    record = PublicSpeechOutput(many=True, help_text="听证记录：谁发言、讲了什么、如何采纳")

    class Meta(PublicHearingOutput.Meta):
        fields = [*PUBLIC_FIELDS, "selection_reason", "participants", "record", "report", "adoption"]
        read_only_fields = fields


class SignupReceiptOutput(OutputSerializer):
    hearing_title = serializers.CharField(source="hearing.title")
    name = serializers.CharField(source="public_name", help_text="本人同意公开的显示全名，否则只显示姓氏")
    status = serializers.CharField(
        source="state", help_text="pending 待遴选 / selected 已选为陈述人 / not_selected 未被选中"
    )
    status_label = serializers.CharField(source="get_state_display")
    stance_label = serializers.CharField(source="get_stance_display")

    class Meta:
        model = HearingSignup
        fields = [
            "receipt",
            "hearing",
            "hearing_title",
            "name",
            "stance",
            "stance_label",
            "status",
            "status_label",
            "notice",
            "notified_at",
            "created_at",
        ]
        read_only_fields = fields


# --- views: staff --------------------------------------------------------------------------------


@extend_schema(tags=["supervision"])
class HearingListCreateView(CreateMixin, generics.ListAPIView):
    """Hearings (staff and committee members), and staff drafting a notice."""

    serializer_class = HearingOutput
    filterset_fields = ["state", "kind"]
    search_fields = ["title"]
    input_class = HearingCreateInput
    denied_message = services.NOT_STAFF
    denied_code = "not_staff"

    def get_queryset(self):
        return sel.hearing_list_visible_to(self.request.user).order_by("-starts_at", "-id")

    def allowed(self, request, obj):
        return HEARING["create"].permission(request.user, None)

    def perform(self, request, obj, data):
        return services.hearing_create(actor=request.user, **data)

    def answer(self, request, obj, hearing):
        return Response(HearingOutput(hearing).data, status=self.success_status)

    @extend_schema(responses=HearingOutput(many=True))
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(request=HearingCreateInput, responses={201: HearingOutput, **ERRORS})
    def post(self, request, **kwargs):
        return super().post(request, **kwargs)


@extend_schema(tags=["supervision"], responses={200: HearingOutput, 404: ERRORS[404]})
class HearingDetailView(generics.RetrieveAPIView):
    serializer_class = HearingOutput

    def get_object(self):
        return sel.hearing_get_for_user(self.request.user, self.kwargs["pk"])


@extend_schema(
    tags=["supervision"],
    summary="发布听证公告（工作人员），开始接受报名",
    request=None,
    responses={200: HearingOutput, **ERRORS},
)
class HearingPublishView(ActionView):
    workflow = HEARING
    action_code = "publish"
    output_class = HearingOutput
    denied_message = services.NOT_STAFF
    denied_code = "not_staff"

    def find(self, request, **kwargs):
        return sel.hearing_get_for_user(request.user, kwargs["pk"])

    def perform(self, request, obj, data):
        return services.hearing_publish(actor=request.user, hearing=obj)


# --- views: the public ---------------------------------------------------------------------------


@extend_schema(tags=["public"], responses=PublicHearingOutput(many=True))
class PublicHearingListView(generics.ListAPIView):
    """Published hearing notices (open for sign-up, selected, held, concluded, cancelled)."""

    serializer_class = PublicHearingOutput
    permission_classes = [AllowAny]
    throttle_classes = [AnonRateThrottle]
    filter_backends: list = []

    def get_queryset(self):
        return sel.hearings_public()


@extend_schema(tags=["public"], responses={200: PublicHearingDetailOutput, 404: ERRORS[404]})
class PublicHearingDetailView(generics.RetrieveAPIView):
    """One published hearing: the notice, the selected participants and, once held, the record,
    the report and how the opinions were taken up. Names masked unless the citizen agreed."""

    serializer_class = PublicHearingDetailOutput
    permission_classes = [AllowAny]
    throttle_classes = [AnonRateThrottle]

    def get_object(self):
        return sel.hearing_get_public(self.kwargs["pk"])


@extend_schema(
    tags=["public"],
    summary="报名参加听证会（无需登录），返回回执编号",
    request=SignupInput,
    responses={
        201: inline_serializer("HearingSignupReceipt", {"receipt": serializers.CharField()}),
        400: OpenApiResponse(
            ErrorSerializer, description=_("不在报名时间内、手机号码无效、缺少字段或同一手机号码重复报名")
        ),
        404: ERRORS[404],
        429: OpenApiResponse(ErrorSerializer, description=_("同一网络地址当天报名已达上限")),
    },
)
class PublicHearingSignupView(ActionView):
    permission_classes = [AllowAny]
    authentication_classes: list = []  # anonymous by design: no session, so no CSRF token needed
    throttle_classes = [AnonRateThrottle]
    input_class = SignupInput
    success_status = 201

    def find(self, request, **kwargs):
        return sel.hearing_get_public(kwargs["pk"])

    def allowed(self, request, obj):
        return True  # anyone: the service keeps the window, one per mobile and the address limit

    def perform(self, request, obj, data):
        return services.hearing_signup_create(
            hearing=obj, address=request.META.get("REMOTE_ADDR", ""), **data
        )

    def answer(self, request, obj, signup):
        return Response({"receipt": signup.receipt}, status=201)


@extend_schema(tags=["public"], responses={200: SignupReceiptOutput, 404: ERRORS[404]})
class PublicSignupReceiptView(generics.RetrieveAPIView):
    """A sign-up's status by its receipt number: pending, selected or not selected, with the
    notice the citizen was told. No mobile, the name as the citizen agreed."""

    serializer_class = SignupReceiptOutput
    permission_classes = [AllowAny]
    throttle_classes = [AnonRateThrottle]

    def get_object(self):
        return sel.signup_get_by_receipt(self.kwargs["receipt"])


# --- staff: the steps after publishing -----------------------------------------------------------


class HearingSelectInput(serializers.Serializer):
    selected = serializers.ListField(
        label=_("选定的陈述人"),
        child=serializers.IntegerField(error_messages={"invalid": _("报名编号应为整数。")}),
        allow_empty=True,
        max_length=500,
        help_text="选为陈述人的报名编号（id），至多陈述人名额；其余待遴选的报名人被告知未被选中",
        error_messages={**_required(_("请选择陈述人。")), "not_a_list": _("应为报名编号的列表。")},
    )
    reason = text_input(_("遴选说明"), _("请填写遴选说明（遴选的依据和过程）。"), max_length=5000)


class HearingHoldInput(serializers.Serializer):
    held_at = _datetime(_("实际举行时间"), "", required=False)
    note = text_input(_("说明"), "", max_length=2000, required=False)


class HearingSpeechInput(serializers.Serializer):
    role = serializers.ChoiceField(
        label=_("发言人身份"),
        choices=HearingSpeech.Role.choices,
        error_messages={**_required(_("请选择发言人身份。")), "invalid_choice": _("请选择发言人身份。")},
    )
    summary = text_input(_("发言要点"), _("请填写发言要点。"), max_length=10000)
    speaker = text_input(_("发言人"), "", max_length=100, required=False)
    signup = _pk_field(
        HearingSignup.objects.all(),
        _("公民陈述人"),
        required=False,
        message=_("请选择公民陈述人。"),
        missing=_("找不到编号为 {pk_value} 的报名。"),
    )
    stance = serializers.ChoiceField(
        label=_("观点"),
        choices=HearingSignup.Stance.choices,
        required=False,
        allow_blank=True,
        default="",
        error_messages={"invalid_choice": _("观点只能是 support、oppose 或 other。")},
    )
    uptake = serializers.ChoiceField(
        label=_("采纳情况"),
        choices=HearingSpeech.Uptake.choices,
        required=False,
        allow_blank=True,
        default="",
        error_messages={"invalid_choice": _("采纳情况无效。")},
    )
    uptake_note = text_input(_("采纳说明"), "", max_length=5000, required=False)


class HearingConcludeInput(serializers.Serializer):
    report = text_input(_("听证报告"), _("请填写听证报告。"), max_length=50000)
    adoption = text_input(_("意见采纳情况"), _("请说明听证意见的采纳情况。"), max_length=50000)


class HearingCancelInput(serializers.Serializer):
    reason = text_input(_("取消原因"), _("请说明取消原因。"), max_length=2000)


class HearingStaffSignupOutput(OutputSerializer):
    """A sign-up as staff select from it (no mobile: staff read it in the admin's export)."""

    street_name = serializers.CharField(source="street.name", allow_null=True, default=None)
    stance_label = serializers.CharField(source="get_stance_display")
    state_label = serializers.CharField(source="get_state_display")
    proposed = serializers.SerializerMethodField(help_text="在均衡遴选建议名单中（仅待遴选时）")

    class Meta:
        model = HearingSignup
        fields = [
            "id",
            "receipt",
            "name",
            "street",
            "street_name",
            "stance",
            "stance_label",
            "statement",
            "show_name",
            "state",
            "state_label",
            "notice",
            "created_at",
            "proposed",
        ]
        read_only_fields = fields

    def get_proposed(self, obj) -> bool:
        return obj.pk in self.context.get("proposed", ())


class HearingSpeechOutput(OutputSerializer):
    uptake_label = serializers.CharField(source="get_uptake_display")

    class Meta:
        model = HearingSpeech
        fields = [
            "id",
            "order",
            "role",
            "speaker",
            "signup",
            "stance",
            "summary",
            "uptake",
            "uptake_label",
            "uptake_note",
        ]
        read_only_fields = fields


@extend_schema(
    tags=["supervision"],
    summary="听证报名名单（工作人员、常委会组成人员），含均衡遴选建议",
    responses={200: HearingStaffSignupOutput(many=True), 404: ERRORS[404]},
)
class HearingSignupListView(generics.GenericAPIView):
    """Every sign-up of the hearing in the order they came; while selection is open the
    balanced proposal (by stance, first come) is marked ``proposed``."""

    serializer_class = HearingStaffSignupOutput
    pagination_class = None
    filter_backends: list = []

    def get(self, request, pk: int):
        hearing = sel.hearing_get_for_user(request.user, pk)
        signups = sel.signup_list_for_staff(hearing)
        pending = [s for s in signups if s.state == HearingSignup.State.PENDING]
        proposed = set()
        if HEARING.can(hearing, "select"):
            proposed = set(selection_proposal(hearing, pending))
        data = HearingStaffSignupOutput(signups, many=True, context={"proposed": proposed}).data
        return Response(data)


class _HearingStep(ActionView):
    workflow = HEARING
    output_class = HearingOutput
    denied_message = services.NOT_STAFF
    denied_code = "not_staff"

    def find(self, request, **kwargs):
        return sel.hearing_get_for_user(request.user, kwargs["pk"])


@extend_schema(
    tags=["supervision"],
    summary="遴选陈述人（工作人员，报名截止后）：按观点均衡，记录遴选说明，告知每位报名人",
    request=HearingSelectInput,
    responses={200: HearingOutput, **ERRORS},
)
class HearingSelectView(_HearingStep):
    action_code = "select"
    input_class = HearingSelectInput

    def perform(self, request, obj, data):
        return services.hearing_select(actor=request.user, hearing=obj, **data)


@extend_schema(
    tags=["supervision"],
    summary="记录听证会举行（工作人员）",
    request=HearingHoldInput,
    responses={200: HearingOutput, **ERRORS},
)
class HearingHoldView(_HearingStep):
    action_code = "hold"
    input_class = HearingHoldInput

    def perform(self, request, obj, data):
        return services.hearing_hold(actor=request.user, hearing=obj, **data)


@extend_schema(
    tags=["supervision"],
    summary="记录一条听证发言（工作人员）：谁发言、讲了什么、如何采纳",
    request=HearingSpeechInput,
    responses={201: HearingSpeechOutput, **ERRORS},
)
class HearingSpeechView(_HearingStep):
    action_code = "speak"
    input_class = HearingSpeechInput
    output_class = HearingSpeechOutput
    success_status = 201

    def perform(self, request, obj, data):
        return services.hearing_speech_add(actor=request.user, hearing=obj, **data)


@extend_schema(
    tags=["supervision"],
    summary="公布听证报告和意见采纳情况（工作人员），听证办结",
    request=HearingConcludeInput,
    responses={200: HearingOutput, **ERRORS},
)
class HearingConcludeView(_HearingStep):
    action_code = "conclude"
    input_class = HearingConcludeInput

    def perform(self, request, obj, data):
        return services.hearing_conclude(actor=request.user, hearing=obj, **data)


@extend_schema(
    tags=["supervision"],
    summary="取消听证（工作人员，举行前），取消原因在公告中公开",
    request=HearingCancelInput,
    responses={200: HearingOutput, **ERRORS},
)
class HearingCancelView(_HearingStep):
    action_code = "cancel"
    input_class = HearingCancelInput

    def perform(self, request, obj, data):
        return services.hearing_cancel(actor=request.user, hearing=obj, **data)
