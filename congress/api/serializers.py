"""Serializers of the core API. Input and output apart; every field named; all read-only
except the token request's credentials."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from congress import roles
from congress.casework.models import RectificationRound
from congress.casework.rectification import CONTENT_LIMIT, REASON_LIMIT
from congress.models import ApiToken, Organization, Term


class ChoiceLabelField(serializers.CharField):
    """The label of a model field's choice in the reader's language: ``ChoiceLabelField("state")``
    where ``CharField(source="get_state_display")`` was (issue 16). Same answer — it calls the same
    ``get_state_display`` (``congress.choices`` keeps its labels) — but DRF, given a method as the
    source, runs ``inspect.signature`` on it for every row to see whether it may call it."""

    def __init__(self, field_name: str, **kwargs):
        self.choice_field = field_name
        super().__init__(source="*", **kwargs)

    def to_representation(self, instance):
        label = getattr(instance, f"get_{self.choice_field}_display")()
        return None if label is None else str(label)


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(label=_("用户名"), max_length=150)
    password = serializers.CharField(
        label=_("密码"), max_length=512, style={"input_type": "password"}, trim_whitespace=False
    )
    otp = serializers.CharField(
        label=_("动态验证码"),
        max_length=12,
        required=False,
        allow_blank=True,
        help_text=_("身份验证器显示的 6 位动态验证码：可登录管理后台的账号须填写（接口集成账号除外）。"),
    )


class TokenResponseSerializer(serializers.Serializer):
    token = serializers.CharField(
        help_text=_("调用接口时放在请求头：Authorization: Token <token>。只显示这一次，平台只保存其摘要。")
    )
    expires_at = serializers.DateTimeField(help_text=_("令牌到期时间，到期后须重新申请。"))


TOKEN_STATES = [("active", _("有效")), ("expired", _("已过期")), ("revoked", _("已吊销"))]


class ApiTokenSerializer(serializers.ModelSerializer):
    """One of the caller's tokens: never the key (it is not kept), only its first digits."""

    state = serializers.ChoiceField(choices=TOKEN_STATES, read_only=True)
    state_label = serializers.CharField(read_only=True)
    current = serializers.SerializerMethodField(help_text=_("是否为本次请求所用的令牌"))
    revoke_reason = serializers.ChoiceField(
        choices=ApiToken.RevokeReason.choices, allow_blank=True, read_only=True, label=_("吊销原因")
    )

    class Meta:
        from congress.models import ApiToken

        model = ApiToken
        fields = [
            "id",
            "prefix",
            "created_at",
            "created_from",
            "expires_at",
            "last_used_at",
            "revoked_at",
            "revoke_reason",
            "state",
            "state_label",
            "current",
        ]
        read_only_fields = fields

    def get_current(self, obj) -> bool:
        request = self.context.get("request")
        auth = getattr(request, "auth", None) if request is not None else None
        return getattr(auth, "pk", None) == obj.pk


class ErrorSerializer(serializers.Serializer):
    """The error body of every 4xx answer (field errors, if any, sit beside these two)."""

    detail = serializers.CharField()
    code = serializers.CharField()


class UnitSerializer(serializers.ModelSerializer):
    kind_label = ChoiceLabelField("kind", read_only=True)

    class Meta:
        model = Organization
        fields = ["id", "name", "short_name", "kind", "kind_label"]
        read_only_fields = fields


class TermSerializer(serializers.ModelSerializer):
    class Meta:
        model = Term
        fields = ["id", "number", "name", "start_year", "end_year", "is_current"]
        read_only_fields = fields


class MeDeputySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    term = serializers.IntegerField(source="term_id")
    group = serializers.CharField(source="group.name", default=None)


class RoleSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()


class MeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    display_name = serializers.CharField(source="__str__")
    roles = serializers.SerializerMethodField(help_text=_("角色代码，见 role_labels"))
    role_labels = serializers.SerializerMethodField()
    unit = serializers.SerializerMethodField(help_text=_("承办单位联络员、审核人所代表的单位"))
    deputy = serializers.SerializerMethodField(help_text=_("人大代表本人的代表记录"))

    def get_roles(self, user) -> list[str]:
        return sorted(roles.role_names(user))

    @staticmethod
    def _role_label(code):
        return str(roles.LABELS.get(code, code))

    @extend_schema_field(RoleSerializer(many=True))
    def get_role_labels(self, user):
        return [{"code": code, "label": self._role_label(code)} for code in sorted(roles.role_names(user))]

    @extend_schema_field(UnitSerializer(allow_null=True))
    def get_unit(self, user):
        unit = self.context.get("unit")
        return UnitSerializer(unit).data if unit else None

    @extend_schema_field(MeDeputySerializer(allow_null=True))
    def get_deputy(self, user):
        deputy = self.context.get("deputy")
        return MeDeputySerializer(deputy).data if deputy else None


class OutputSerializer(serializers.ModelSerializer):
    """A model serializer for answers (never a request body). DRF drops ``allow_blank`` from a
    read-only field, so a choice field the model allows blank (an outcome not reached yet) would be
    documented as an enum without ``""`` and a client validating against the schema would reject
    a real answer; kept here, the schema says ``""`` may come back."""

    def include_extra_kwargs(self, kwargs, extra_kwargs):
        blank_choice = kwargs.get("allow_blank") and "choices" in kwargs
        kwargs = super().include_extra_kwargs(kwargs, extra_kwargs)
        if blank_choice:
            kwargs["allow_blank"] = True
        return kwargs


class RectificationRoundOutput(serializers.Serializer):
    """One round of a rectification (``casework.models.RectificationRound``, every app's): the
    unit's report and staff's evaluation of it."""

    round = serializers.IntegerField(label=_("整改轮次"))
    content = serializers.CharField(label=_("整改情况"))
    submitted_at = serializers.DateTimeField(label=_("报送时间"))
    outcome = serializers.ChoiceField(
        label=_("评价结果"),
        choices=RectificationRound.Outcome.choices,
        allow_blank=True,
        help_text=_("空为待评价"),
    )
    outcome_label = serializers.CharField(source="get_outcome_display")
    evaluation = serializers.CharField(label=_("评价意见"), allow_blank=True)
    evaluated_at = serializers.DateTimeField(label=_("评价时间"), allow_null=True)


def text_input(label, message, *, max_length: int, required: bool = True) -> serializers.CharField:
    """A text input: ``message`` when it is missing or blank (unless optional), 内容过长 over
    ``max_length`` characters."""
    return serializers.CharField(
        label=label,
        max_length=max_length,
        required=required,
        allow_blank=not required,
        default="" if not required else serializers.empty,
        error_messages={
            "required": message,
            "blank": message,
            "null": message,
            "max_length": _("内容过长。"),
        },
    )


# The inputs of a rectifiable item's three steps (``casework.rectification``: the same limits and
# messages as the steps). An app subclasses them under its own names, which its schema keeps.


class RectificationRectifyInput(serializers.Serializer):
    content = text_input(_("整改情况"), _("请填写整改情况。"), max_length=CONTENT_LIMIT)


class RectificationAcceptInput(serializers.Serializer):
    reason = text_input(_("评价意见"), "", max_length=REASON_LIMIT, required=False)


class RectificationRedoInput(serializers.Serializer):
    reason = text_input(_("退回理由"), _("请说明退回重新整改的理由。"), max_length=REASON_LIMIT)
