"""Shapes of the deputies API. Input and output apart; every field named. The public shape
reads each optional field through ``Deputy.public_value``, so a field the deputy did not
mark public is null whatever the record holds."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from congress.api.serializers import ChoiceLabelField
from deputies.models import Constituency, Deputy, DeputyGroup
from deputies.permissions import can_view_deputy_private_fields
from deputies.rules import RECORD_ITEMS

# --- small references ---


class DeputyTermRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.IntegerField()
    name = serializers.CharField()


class DeputyGroupRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class DeputyConstituencyRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.IntegerField()
    name = serializers.CharField()


class PublicFieldChoiceSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()


# --- groups and constituencies ---


class DeputyGroupSerializer(serializers.ModelSerializer):
    term = serializers.IntegerField(source="term_id", read_only=True)
    organization = serializers.CharField(source="organization.name", read_only=True)

    class Meta:
        model = DeputyGroup
        fields = ["id", "term", "name", "organization", "leader_name", "sort_order"]
        read_only_fields = fields


class ConstituencySerializer(serializers.ModelSerializer):
    term = serializers.IntegerField(source="term_id", read_only=True)

    class Meta:
        model = Constituency
        fields = ["id", "term", "number", "name", "voters"]
        read_only_fields = fields


# --- the registry as staff see it ---


class DeputyOutputSerializer(serializers.ModelSerializer):
    """A deputy with every field: committee staff and the deputy themselves. Committee members
    get the same shape with the private fields empty (``birth_date`` null, ``phone`` and
    ``email`` ""): pass the request in the context (``context={"request": request}``); without
    it the private fields are empty too."""

    term = DeputyTermRefSerializer(read_only=True)
    group = DeputyGroupRefSerializer(read_only=True, allow_null=True)
    constituency = DeputyConstituencyRefSerializer(read_only=True, allow_null=True)
    gender_label = ChoiceLabelField("gender", read_only=True)
    education_label = ChoiceLabelField("education", read_only=True)
    sector_label = ChoiceLabelField("sector", read_only=True)
    has_account = serializers.SerializerMethodField()
    # Declared so the schema says what the answer holds: a blank choice where none was entered,
    # and "" rather than an address where the reader may not see it (format email would refuse "").
    education = serializers.ChoiceField(choices=Deputy.Education.choices, allow_blank=True, read_only=True)
    sector = serializers.ChoiceField(choices=Deputy.Sector.choices, allow_blank=True, read_only=True)
    email = serializers.CharField(read_only=True, label=_("电子邮箱"))

    class Meta:
        model = Deputy
        fields = [
            "id",
            "term",
            "person_key",
            "name",
            "gender",
            "gender_label",
            "birth_date",
            "ethnicity",
            "party",
            "education",
            "education_label",
            "occupation",
            "sector",
            "sector_label",
            "specialty",
            "constituency",
            "group",
            "phone",
            "email",
            "handling_contact",
            "is_active",
            "public_fields",
            "has_account",
        ]
        read_only_fields = fields

    def get_has_account(self, deputy) -> bool:
        return deputy.user_id is not None

    def to_representation(self, deputy):
        data = super().to_representation(deputy)
        request = self.context.get("request")
        if not can_view_deputy_private_fields(getattr(request, "user", None), deputy):
            data.update(birth_date=None, phone="", email="", handling_contact="")
        return data


class MyDeputyOutputSerializer(DeputyOutputSerializer):
    """The deputy's own record, with the fields they may choose to make public."""

    public_field_options = serializers.SerializerMethodField()

    class Meta(DeputyOutputSerializer.Meta):
        fields = [*DeputyOutputSerializer.Meta.fields, "public_field_options"]
        read_only_fields = fields

    @extend_schema_field(PublicFieldChoiceSerializer(many=True))
    def get_public_field_options(self, deputy) -> list[dict]:
        return [{"code": code, "label": str(label)} for code, label in Deputy.PUBLIC_FIELD_CHOICES]


class DeputyOwnProfileInputSerializer(serializers.Serializer):
    """What a deputy may change of their own record. Any other field sent is refused, not
    silently ignored, so a client cannot believe it changed a name or a group."""

    public_fields = serializers.ListField(
        child=serializers.ChoiceField(choices=Deputy.PUBLIC_FIELD_CHOICES),
        required=False,
        allow_empty=True,
        max_length=len(Deputy.PUBLIC_FIELD_CHOICES),
        label=_("公开字段"),
    )
    phone = serializers.RegexField(
        r"^[0-9+\-() ]{0,30}$",
        required=False,
        allow_blank=True,
        max_length=30,
        label=_("联系电话"),
        error_messages={"invalid": _("请输入有效的电话号码（数字、空格、+、-、括号）。")},
    )
    email = serializers.EmailField(required=False, allow_blank=True, max_length=254, label=_("电子邮箱"))
    handling_contact = serializers.CharField(
        required=False, allow_blank=True, max_length=100, label=_("办理联系方式")
    )
    record_public_items = serializers.ListField(
        child=serializers.ChoiceField(choices=list(RECORD_ITEMS.items())),
        required=False,
        allow_empty=True,
        max_length=len(RECORD_ITEMS),
        label=_("公开的履职档案项目"),
        help_text=_("向公众公开的履职档案项目代码；未列出的项目不在公开页面和公开接口中显示"),
    )

    def validate(self, attrs):
        extra = set(self.initial_data) - set(self.fields) if hasattr(self.initial_data, "keys") else set()
        if extra:
            raise serializers.ValidationError(
                {name: [_("此字段不能由代表本人修改。")] for name in sorted(extra)}
            )
        return attrs


# --- the public shape ---


@extend_schema_field(OpenApiTypes.STR)
class PublicValueField(serializers.Field):
    """One optional field of a deputy: its value if the deputy marked it public, else null."""

    def __init__(self, field_name: str, **kwargs):
        self.field_name_public = field_name
        super().__init__(source="*", read_only=True, allow_null=True, **kwargs)

    def to_representation(self, deputy):
        return deputy.public_value(self.field_name_public)


class PublicDeputySerializer(serializers.Serializer):
    """A deputy as the public sees them: name, gender, group and constituency always; every
    other field only if marked public."""

    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)
    gender = ChoiceLabelField("gender", read_only=True)
    group = DeputyGroupRefSerializer(read_only=True, allow_null=True)
    constituency = DeputyConstituencyRefSerializer(read_only=True, allow_null=True)
    birth_month = PublicValueField("birth_date")
    ethnicity = PublicValueField("ethnicity")
    party = PublicValueField("party")
    education = PublicValueField("education")
    occupation = PublicValueField("occupation")
    sector = PublicValueField("sector")
    specialty = PublicValueField("specialty")
    phone = PublicValueField("phone")
    email = PublicValueField("email")
    photo = serializers.SerializerMethodField()

    def get_photo(self, deputy) -> str | None:
        photo = deputy.public_value("photo")
        if not photo:
            return None
        request = self.context.get("request")
        url = reverse("public:deputy-photo", args=[deputy.pk])
        return request.build_absolute_uri(url) if request else url
