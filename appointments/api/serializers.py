"""Input and output shapes of the appointments API. Inputs parse; services decide."""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from appointments.models import Gender, Nomination, Vacancy
from appointments.services import DEFAULT_OATH_TEXT_VERSION
from congress.models import Organization, Term
from meetings.models import Meeting

# --- output -------------------------------------------------------------------------------


class PublicityOutput(serializers.Serializer):
    start_date = serializers.DateField()
    end_date = serializers.DateField()
    days = serializers.IntegerField()
    text = serializers.CharField()


class VoteOutput(serializers.Serializer):
    vote_date = serializers.DateField()
    meeting = serializers.IntegerField(source="meeting_id", allow_null=True)
    meeting_title = serializers.CharField(source="meeting.title", default=None, allow_null=True)
    members_total = serializers.IntegerField()
    votes_for = serializers.IntegerField()
    votes_against = serializers.IntegerField()
    votes_abstain = serializers.IntegerField()
    outcome = serializers.CharField()
    outcome_label = serializers.CharField(source="get_outcome_display")


class OathOutput(serializers.Serializer):
    oath_date = serializers.DateField()
    meeting = serializers.IntegerField(source="meeting_id", allow_null=True)
    meeting_title = serializers.CharField(source="meeting.title", default=None, allow_null=True)
    text_version = serializers.CharField()
    administered_by = serializers.CharField()


class ExamOutput(serializers.Serializer):
    exam_date = serializers.DateField()
    score = serializers.DecimalField(max_digits=5, decimal_places=1)
    pass_mark = serializers.IntegerField()
    passed = serializers.BooleanField()


def _one_to_one(nomination, name):
    # A reverse one-to-one that select_related found missing raises; None is what we want.
    try:
        return getattr(nomination, name)
    except ObjectDoesNotExist:
        return None


class NominationPublicOutput(serializers.Serializer):
    """What anyone may read: the public notice of each step. No exam score, no event log."""

    id = serializers.IntegerField()
    kind = serializers.CharField()
    kind_label = serializers.CharField(source="get_kind_display")
    person_name = serializers.CharField()
    gender_label = serializers.CharField(source="get_gender_display")
    birth_month = serializers.SerializerMethodField(help_text=_("出生年月，YYYY-MM"))
    current_post = serializers.CharField()
    proposed_post = serializers.CharField()
    nominating_body = serializers.CharField(source="nominating_body.name")
    nominated_on = serializers.DateField()
    status = serializers.CharField()
    status_label = serializers.CharField(source="get_status_display")
    exam_passed = serializers.SerializerMethodField(help_text=_("是否通过法律知识考试；未考试为 null"))
    publicity = serializers.SerializerMethodField()
    vote = serializers.SerializerMethodField()
    oath = serializers.SerializerMethodField()

    def get_birth_month(self, obj) -> str | None:
        return f"{obj.birth_date:%Y-%m}" if obj.birth_date else None

    def get_exam_passed(self, obj) -> bool | None:
        S = Nomination.Status
        if obj.status == S.EXAM_FAILED:
            return False
        if obj.status in (S.EXAM_PASSED, S.PUBLICITY, S.SWORN) or (
            obj.status in (S.APPROVED, S.REJECTED) and obj.needs_exam_and_oath
        ):
            return True
        return None

    @extend_schema_field(PublicityOutput(allow_null=True))
    def get_publicity(self, obj):
        publicity = _one_to_one(obj, "publicity")
        return PublicityOutput(publicity).data if publicity else None

    @extend_schema_field(VoteOutput(allow_null=True))
    def get_vote(self, obj):
        vote = _one_to_one(obj, "vote")
        return VoteOutput(vote).data if vote else None

    @extend_schema_field(OathOutput(allow_null=True))
    def get_oath(self, obj):
        oath = _one_to_one(obj, "oath")
        return OathOutput(oath).data if oath else None


class NominationStaffOutput(NominationPublicOutput):
    term = serializers.IntegerField(source="term_id")
    gender = serializers.CharField()
    birth_date = serializers.DateField(allow_null=True)
    nominating_body_id = serializers.IntegerField()
    status_changed_at = serializers.DateTimeField(allow_null=True)
    exams = ExamOutput(many=True)


class EventOutput(serializers.Serializer):
    # The published names; the columns are the kernel's ``from_state``/``to_state``.
    from_status = serializers.CharField(source="from_state")
    to_status = serializers.CharField(source="to_state")
    actor = serializers.CharField(source="actor.label", default=None, allow_null=True)
    note = serializers.CharField()
    created_at = serializers.DateTimeField()


class NominationStaffDetailOutput(NominationStaffOutput):
    events = EventOutput(many=True)


class FindingOutput(serializers.Serializer):
    code = serializers.CharField()
    level = serializers.ChoiceField(choices=["ok", "warning", "error"])
    level_label = serializers.CharField()
    title = serializers.CharField()
    message = serializers.CharField()
    numbers = serializers.DictField()


class CompositionOutput(serializers.Serializer):
    term = serializers.IntegerField(source="term.pk", allow_null=True, default=None)
    term_name = serializers.CharField(source="term.name", allow_null=True, default=None)
    year = serializers.IntegerField()
    warning_count = serializers.IntegerField()
    composition = FindingOutput(many=True)
    town = FindingOutput(many=True)


# --- input --------------------------------------------------------------------------------


class NominationCreateInput(serializers.Serializer):
    term = serializers.PrimaryKeyRelatedField(
        label=_("届次"), queryset=Term.objects.all(), required=False, help_text=_("留空为本届")
    )
    kind = serializers.ChoiceField(label=_("类别"), choices=Nomination.Kind.choices)
    person_name = serializers.CharField(label=_("姓名"), max_length=50)
    gender = serializers.ChoiceField(label=_("性别"), choices=Gender.choices)
    birth_date = serializers.DateField(label=_("出生日期"), required=False, allow_null=True)
    current_post = serializers.CharField(
        label=_("现任职务"), max_length=200, required=False, allow_blank=True
    )
    proposed_post = serializers.CharField(label=_("拟任（免）职务"), max_length=200)
    nominating_body = serializers.PrimaryKeyRelatedField(
        label=_("提请机关"), queryset=Organization.objects.filter(is_active=True)
    )
    nominated_on = serializers.DateField(label=_("提请日期"), required=False)
    vacancy = serializers.PrimaryKeyRelatedField(
        label=_("补缺的空缺"),
        queryset=Vacancy.objects.filter(filled_on__isnull=True),
        required=False,
        allow_null=True,
    )

    def validate(self, attrs):
        attrs.setdefault("nominated_on", timezone.localdate())
        if attrs.get("term") is None:
            from appointments.selectors import current_term

            term = current_term()
            if term is None:
                raise serializers.ValidationError({"term": [_("尚未设置本届届次。")]})
            attrs["term"] = term
        return attrs


class ExamInput(serializers.Serializer):
    exam_date = serializers.DateField(label=_("考试日期"))
    score = serializers.DecimalField(
        label=_("成绩"), max_digits=5, decimal_places=1, min_value=0, max_value=100
    )


class PublicityInput(serializers.Serializer):
    text = serializers.CharField(label=_("任前承诺"))
    start_date = serializers.DateField(label=_("公示开始日期"), required=False)

    def validate(self, attrs):
        attrs.setdefault("start_date", timezone.localdate())
        return attrs


def _meeting_queryset():
    return Meeting.objects.filter(kind__in=[Meeting.Kind.STANDING, Meeting.Kind.CONGRESS]).exclude(
        status=Meeting.Status.CANCELLED
    )


class VoteInput(serializers.Serializer):
    meeting = serializers.PrimaryKeyRelatedField(
        label=_("会议"),
        queryset=_meeting_queryset(),
        required=False,
        allow_null=True,
        help_text=_("常委会会议或人代会；给出时表决日期取会议开始日期"),
    )
    vote_date = serializers.DateField(label=_("表决日期"), required=False, allow_null=True)
    members_total = serializers.IntegerField(
        label=_("组成人员总数"),
        min_value=1,
        required=False,
        allow_null=True,
        help_text=_("留空按本届在任组成人员"),
    )
    votes_for = serializers.IntegerField(label=_("赞成"), min_value=0)
    votes_against = serializers.IntegerField(label=_("反对"), min_value=0)
    votes_abstain = serializers.IntegerField(label=_("弃权"), min_value=0)

    def validate(self, attrs):
        if not attrs.get("meeting") and not attrs.get("vote_date"):
            raise serializers.ValidationError({"vote_date": [_("请选择会议或填写表决日期。")]})
        return attrs


class OathInput(serializers.Serializer):
    meeting = serializers.PrimaryKeyRelatedField(
        label=_("会议"), queryset=_meeting_queryset(), required=False, allow_null=True
    )
    oath_date = serializers.DateField(label=_("宣誓日期"), required=False, allow_null=True)
    text_version = serializers.CharField(
        label=_("誓词版本"), max_length=100, default=DEFAULT_OATH_TEXT_VERSION
    )
    administered_by = serializers.CharField(label=_("监誓人"), max_length=50)

    def validate(self, attrs):
        if not attrs.get("meeting") and not attrs.get("oath_date"):
            raise serializers.ValidationError({"oath_date": [_("请选择会议或填写宣誓日期。")]})
        return attrs


class WithdrawInput(serializers.Serializer):
    reason = serializers.CharField(label=_("撤回原因"), max_length=300)
