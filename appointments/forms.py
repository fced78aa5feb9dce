"""Admin forms for the pipeline steps and the composition records. They parse and shape;
the services decide."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from appointments.models import CommitteeMember, Nomination, Vacancy
from appointments.services import DEFAULT_OATH_TEXT_VERSION
from congress.rules import rule_get


def _meeting_field(kinds: tuple[str, ...]) -> forms.ModelChoiceField:
    from meetings.models import Meeting

    return forms.ModelChoiceField(
        label=_("会议"),
        queryset=Meeting.objects.filter(kind__in=kinds).exclude(status=Meeting.Status.CANCELLED),
        required=False,
        help_text=_("选择会议后，日期取会议开始日期"),
    )


class NominationAdminForm(forms.ModelForm):
    """Shows the service's own field rules (``services.nomination_validate``) as form errors."""

    class Meta:
        model = Nomination
        fields = [
            "term",
            "kind",
            "person_name",
            "gender",
            "birth_date",
            "current_post",
            "proposed_post",
            "nominating_body",
            "nominated_on",
        ]

    def clean(self):
        from appointments.services import nomination_validate
        from congress.exceptions import ApplicationError

        data = super().clean()
        instance = self.instance
        values = {
            name: data.get(name, getattr(instance, name, None))
            for name in ("kind", "person_name", "proposed_post", "nominated_on", "birth_date")
        }
        if values["nominated_on"] is None or values["kind"] is None:
            return data
        try:
            nomination_validate(**values)
        except ApplicationError as exc:
            add_service_error(self, exc)
        return data


def add_service_error(form: forms.Form, exc) -> None:
    """Put a service's error on the fields it names, or on the form."""
    placed = False
    for field, errors in exc.extra.items():
        if field in form.fields:
            for error in errors:
                form.add_error(field, error)
            placed = True
    if not placed:
        form.add_error(None, str(exc.message))


class ExamForm(forms.Form):
    exam_date = forms.DateField(label=_("考试日期"), initial=timezone.localdate)
    score = forms.DecimalField(label=_("成绩"), min_value=0, max_value=100, decimal_places=1, max_digits=5)

    def __init__(self, *args, nomination: Nomination, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["score"].help_text = _("合格分数线（业务规则）：%(mark)d 分") % {
            "mark": rule_get("appointments.exam_pass_mark")
        }


class PublicityForm(forms.Form):
    start_date = forms.DateField(label=_("公示开始日期"), initial=timezone.localdate)
    text = forms.CharField(label=_("任前承诺"), widget=forms.Textarea(attrs={"rows": 8}))

    def __init__(self, *args, nomination: Nomination, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["start_date"].help_text = _("公示天数（业务规则）：%(days)d 天，截止日遇节假日顺延") % {
            "days": rule_get("appointments.publicity_days")
        }


class VoteForm(forms.Form):
    vote_date = forms.DateField(label=_("表决日期"), initial=timezone.localdate, required=False)
    members_total = forms.IntegerField(
        label=_("组成人员总数"), min_value=1, required=False, help_text=_("留空则按本届在任组成人员人数计算")
    )
    votes_for = forms.IntegerField(label=_("赞成"), min_value=0)
    votes_against = forms.IntegerField(label=_("反对"), min_value=0)
    votes_abstain = forms.IntegerField(label=_("弃权"), min_value=0)

    def __init__(self, *args, nomination: Nomination, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = {"meeting": _meeting_field(("standing", "congress")), **self.fields}

    def clean(self):
        data = super().clean()
        if not data.get("meeting") and not data.get("vote_date"):
            self.add_error("vote_date", _("请选择会议或填写表决日期。"))
        return data


class OathForm(forms.Form):
    oath_date = forms.DateField(label=_("宣誓日期"), initial=timezone.localdate, required=False)
    text_version = forms.CharField(label=_("誓词版本"), max_length=100, initial=DEFAULT_OATH_TEXT_VERSION)
    administered_by = forms.CharField(label=_("监誓人"), max_length=50)

    def __init__(self, *args, nomination: Nomination, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = {"meeting": _meeting_field(("standing", "congress")), **self.fields}

    def clean(self):
        data = super().clean()
        if not data.get("meeting") and not data.get("oath_date"):
            self.add_error("oath_date", _("请选择会议或填写宣誓日期。"))
        return data


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("撤回原因"), max_length=300, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, nomination: Nomination, **kwargs):
        super().__init__(*args, **kwargs)


class ExpertiseField(forms.MultipleChoiceField):
    """Choices from the rule ``composition.expertise_required`` at the time the form is built."""

    def __init__(self, **kwargs):
        super().__init__(widget=forms.CheckboxSelectMultiple, required=False, **kwargs)

    def refresh(self):
        self.choices = list(rule_get("composition.expertise_required").items())


class CommitteeMemberForm(forms.ModelForm):
    expertise = ExpertiseField(label=_("专业背景"))

    class Meta:
        model = CommitteeMember
        fields = [
            "term",
            "name",
            "gender",
            "position",
            "is_resident",
            "is_reappointed",
            "expertise",
            "start_date",
            "sort_order",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expertise"].refresh()


class LeaveForm(forms.Form):
    end_date = forms.DateField(label=_("离任日期"), initial=timezone.localdate)
    reason = forms.CharField(label=_("离任原因"), max_length=200, help_text=_("例如：到龄退休、工作变动"))
    open_vacancy = forms.BooleanField(label=_("登记空缺，等待推荐补选人选"), initial=True, required=False)


class VacancyForm(forms.ModelForm):
    class Meta:
        model = Vacancy
        fields = ["term", "position", "since", "reason", "nomination"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "nomination" not in self.fields:
            return  # read only (a committee member): nothing to choose
        from appointments.selectors import open_nomination_choices

        queryset = open_nomination_choices()
        if self.instance.nomination_id:
            queryset = queryset | Nomination.objects.filter(pk=self.instance.nomination_id)
        self.fields["nomination"].queryset = queryset
