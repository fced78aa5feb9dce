from django.contrib.auth import authenticate
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from congress import roles
from congress.models import Organization, Term


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(label=_("用户名"))
    password = serializers.CharField(label=_("密码"), style={"input_type": "password"}, trim_whitespace=False)

    def validate(self, attrs):
        user = authenticate(
            request=self.context["request"], username=attrs["username"], password=attrs["password"]
        )
        if user is None or not user.is_active:
            raise serializers.ValidationError(_("用户名或密码不正确。"), code="authorization")
        attrs["user"] = user
        return attrs


class TokenResponseSerializer(serializers.Serializer):
    token = serializers.CharField()


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
    roles = serializers.SerializerMethodField()
    unit = serializers.SerializerMethodField()
    deputy = serializers.SerializerMethodField()

    def get_roles(self, user) -> list[str]:
        return sorted(roles.role_names(user))

    def get_unit(self, user) -> dict | None:
        unit = self.context.get("unit")
        return UnitSerializer(unit).data if unit else None

    def get_deputy(self, user) -> dict | None:
        deputy = self.context.get("deputy")
        return MeDeputySerializer(deputy).data if deputy else None
