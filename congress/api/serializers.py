"""Serializers of the core API. Input and output apart; every field named; all read-only
except the token request's credentials."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from congress import roles
from congress.models import Organization, Term


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(label=_("用户名"), max_length=150)
    password = serializers.CharField(
        label=_("密码"), max_length=512, style={"input_type": "password"}, trim_whitespace=False
    )


class TokenResponseSerializer(serializers.Serializer):
    token = serializers.CharField(help_text=_("调用接口时放在请求头：Authorization: Token <token>"))


class ErrorSerializer(serializers.Serializer):
    """The error body of every 4xx answer (field errors, if any, sit beside these two)."""

    detail = serializers.CharField()
    code = serializers.CharField()


class UnitSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

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
