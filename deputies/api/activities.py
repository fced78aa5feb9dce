"""The API of deputies' activities (seed 十四), in the one order of ``congress.api.actions``:
staff publish (``POST /activities/``), deputies and staff list and read, a deputy signs up
(``POST /activities/{id}/signup/`` → 201 with ``status`` registered or waitlisted) and cancels
their own place (``POST /activities/{id}/cancel/``), staff read the roll."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAuthenticated

from congress.api.actions import ActionView, CreateMixin
from congress.api.serializers import OutputSerializer
from deputies import permissions
from deputies import selectors_activities as sel
from deputies import services_activities as services
from deputies.models_activities import Activity, ActivitySignup


def _required(message):
    return {"required": message, "null": message, "blank": message}


class ActivityInput(serializers.Serializer):
    kind = serializers.ChoiceField(
        label=_("活动类别"),
        choices=Activity.Kind.choices,
        error_messages={**_required(_("请选择活动类别。")), "invalid_choice": _("活动类别无效。")},
    )
    title = serializers.CharField(
        label=_("活动名称"), max_length=200, error_messages=_required(_("请填写活动名称。"))
    )
    starts_at = serializers.DateTimeField(
        label=_("开始时间"),
        error_messages={**_required(_("请填写开始时间。")), "invalid": _("时间格式应为 YYYY-MM-DDTHH:MM。")},
    )
    capacity = serializers.IntegerField(
        label=_("名额"),
        min_value=1,
        max_value=10000,
        error_messages={
            **_required(_("请填写名额。")),
            "invalid": _("名额应为整数。"),
            "min_value": _("名额至少为 1。"),
            "max_value": _("名额不能超过 10000。"),
        },
    )
    ends_at = serializers.DateTimeField(
        label=_("结束时间"),
        required=False,
        allow_null=True,
        default=None,
        error_messages={"invalid": _("时间格式应为 YYYY-MM-DDTHH:MM。")},
    )
    location = serializers.CharField(
        label=_("地点"), max_length=200, required=False, allow_blank=True, default=""
    )
    description = serializers.CharField(
        label=_("活动内容"), max_length=10000, required=False, allow_blank=True, default=""
    )
    hours = serializers.DecimalField(
        label=_("学时"),
        max_digits=5,
        decimal_places=1,
        min_value=0,
        required=False,
        allow_null=True,
        default=None,
        error_messages={"invalid": _("学时须为数字。")},
    )


class ActivityOutput(OutputSerializer):
    registered_count = serializers.IntegerField(read_only=True, default=0, help_text=_("已占名额"))
    waitlisted_count = serializers.IntegerField(read_only=True, default=0, help_text=_("候补人数"))

    class Meta:
        model = Activity
        fields = [
            "id",
            "kind",
            "title",
            "description",
            "location",
            "starts_at",
            "ends_at",
            "capacity",
            "hours",
            "state",
            "registered_count",
            "waitlisted_count",
        ]


class SignupOutput(OutputSerializer):
    status = serializers.ChoiceField(
        source="state", choices=ActivitySignup.State.choices, read_only=True, help_text=_("报名状态")
    )
    activity = serializers.IntegerField(source="activity_id", read_only=True)
    deputy = serializers.IntegerField(source="deputy_id", read_only=True)
    deputy_name = serializers.CharField(source="deputy.name", read_only=True)
    waitlist_position = serializers.SerializerMethodField(help_text=_("候补时排在第几位"))

    class Meta:
        model = ActivitySignup
        fields = ["id", "activity", "deputy", "deputy_name", "status", "waitlist_position", "created_at"]

    def get_waitlist_position(self, signup) -> int | None:
        return sel.waitlist_position(signup)


@extend_schema(
    tags=["deputies"],
    parameters=[
        OpenApiParameter("kind", str, enum=Activity.Kind.values),
        OpenApiParameter("state", str, enum=Activity.State.values),
        OpenApiParameter("year", int),
    ],
)
class ActivityListCreateView(CreateMixin, generics.ListAPIView):
    """GET: activities (staff every one; a deputy those of their term), newest first.
    POST: committee staff publish an activity open to sign-up (403 for anyone else)."""

    serializer_class = ActivityOutput
    permission_classes = [IsAuthenticated]
    filter_backends: list = []
    input_class = ActivityInput
    output_class = ActivityOutput

    def get_queryset(self):
        activities = sel.activity_list_visible_to(self.request.user)
        params = self.request.query_params
        if params.get("kind") in Activity.Kind.values:
            activities = activities.filter(kind=params["kind"])
        if params.get("state") in Activity.State.values:
            activities = activities.filter(state=params["state"])
        year = params.get("year") or ""
        if year.isdecimal() and 1900 <= int(year) <= 2999:
            activities = activities.filter(starts_at__year=int(year))
        return activities.order_by("-starts_at", "-id")

    def allowed(self, request, obj) -> bool:
        return permissions.can_manage_activities(request.user)

    def perform(self, request, obj, data):
        activity = services.activity_publish(actor=request.user, **data)
        return sel.activity_get_for_user(request.user, activity.pk)

    @extend_schema(request=ActivityInput, responses={201: ActivityOutput})
    def post(self, request, **kwargs):
        return super().post(request, **kwargs)


@extend_schema(tags=["deputies"], responses=ActivityOutput)
class ActivityDetailView(generics.RetrieveAPIView):
    serializer_class = ActivityOutput
    permission_classes = [IsAuthenticated]

    def get_queryset(self):
        return sel.activity_list_visible_to(self.request.user)


@extend_schema(tags=["deputies"], request=None, responses={201: SignupOutput})
class ActivitySignupView(ActionView):
    """A serving deputy signs up: 201 with ``status`` ``registered`` (a place) or ``waitlisted``
    (the places are taken: the waiting list, promoted in order when someone cancels).
    409 when already signed up, the activity started, closed or was cancelled."""

    permission_classes = [IsAuthenticated]
    output_class = SignupOutput
    success_status = 201
    denied_message = _("只有在任代表可以报名参加代表活动。")
    denied_code = "not_deputy"

    def find(self, request, pk):
        return sel.activity_get_for_user(request.user, pk)

    def allowed(self, request, obj) -> bool:
        return permissions.is_deputy(request.user)

    def perform(self, request, activity, data):
        return services.activity_sign_up(actor=request.user, activity=activity)


@extend_schema(tags=["deputies"], request=None, responses=SignupOutput)
class ActivityCancelView(ActionView):
    """The deputy cancels their own place or waiting-list entry, before the cut-off (rule
    代表活动取消报名截止时间; 409 ``cutoff_passed`` after it). 404 without a live sign-up."""

    permission_classes = [IsAuthenticated]
    output_class = SignupOutput

    def find(self, request, pk):
        activity = sel.activity_get_for_user(request.user, pk)
        signup = sel.own_signups(request.user, [activity.pk]).get(activity.pk)
        if signup is None or signup.state not in ActivitySignup.LIVE_STATES:
            raise NotFound(_("您没有报名该活动。"))
        return signup

    def allowed(self, request, signup) -> bool:
        return True  # ``find`` only returns the caller's own sign-up

    def perform(self, request, signup, data):
        return services.signup_cancel(actor=request.user, signup=signup)


@extend_schema(tags=["deputies"])
class ActivitySignupListView(generics.ListAPIView):
    """The roll of an activity for staff: every sign-up with its status, waiting list in order.
    Anyone else: 404."""

    serializer_class = SignupOutput
    permission_classes = [IsAuthenticated]
    filter_backends: list = []

    def get_queryset(self):
        if not permissions.can_manage_activities(self.request.user):
            raise NotFound
        activity = sel.activity_get_for_user(self.request.user, self.kwargs["pk"])
        return sel.signup_list_for_activity(self.request.user, activity)
