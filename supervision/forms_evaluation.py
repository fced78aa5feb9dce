"""Forms of post-supervision evaluation: the questionnaire built from its questions (data),
and the staff's question and creation forms. They parse and keep the input; the services
decide (their field errors, keyed ``q<id>``, land on the questions)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from congress.casework.admin import StepForm
from supervision.models import Interpellation, WorkReport
from supervision.models_evaluation import EvaluationQuestion

Q = EvaluationQuestion.Kind


class AnswerForm(forms.Form):
    """One field per question: ``q<id>``."""

    def __init__(self, *args, questions=(), **kwargs):
        super().__init__(*args, **kwargs)
        for question in questions:
            name = f"q{question.pk}"
            messages = {"required": _("此题必答。"), "invalid_choice": _("请选择一个选项。")}
            if question.kind == Q.CHOICE:
                field = forms.ChoiceField(
                    choices=list(enumerate(question.choices)),
                    widget=forms.RadioSelect,
                    error_messages=messages,
                )
            elif question.kind == Q.RATING:
                field = forms.ChoiceField(
                    choices=[(n, str(n)) for n in range(EvaluationQuestion.RATING_MAX, 0, -1)],
                    widget=forms.RadioSelect(attrs={"class": "rating"}),
                    error_messages={**messages, "invalid_choice": _("请评1至5分。")},
                )
            else:
                field = forms.CharField(
                    max_length=5000,
                    # Named by the question's legend (a screen reader reads it for the box).
                    widget=forms.Textarea(attrs={"rows": 4, "aria-labelledby": f"{name}-legend"}),
                    error_messages={**messages, "max_length": _("内容过长。")},
                )
            field.label = question.text
            field.required = question.required
            field.question = question
            self.fields[name] = field

    def answers(self) -> dict:
        return {name[1:]: value for name, value in self.cleaned_data.items() if value not in (None, "")}


class EvaluationCreateForm(forms.Form):
    """Staff start an evaluation of a closed work report or interpellation (admin)."""

    report = forms.ModelChoiceField(
        label=_("专项工作报告"),
        queryset=WorkReport.objects.none(),
        required=False,
        help_text=_("已办结的专项工作报告"),
    )
    interpellation = forms.ModelChoiceField(
        label=_("质询案"),
        queryset=Interpellation.objects.none(),
        required=False,
        help_text=_("已办结的质询案"),
    )
    title = forms.CharField(
        label=_("评估名称"), max_length=200, error_messages={"required": _("请填写评估名称。")}
    )
    intro = forms.CharField(label=_("说明"), widget=forms.Textarea(attrs={"rows": 4}), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["report"].queryset = WorkReport.objects.filter(
            state=WorkReport.State.CLOSED
        ).select_related("unit")
        self.fields["interpellation"].queryset = Interpellation.objects.filter(
            state=Interpellation.State.CLOSED
        ).select_related("unit")

    def clean(self):
        data = super().clean()
        chosen = [data.get("report"), data.get("interpellation")]
        if sum(1 for c in chosen if c) != 1:
            raise forms.ValidationError(_("请选择一项已办结的专项工作报告或质询案。"))
        data["target"] = data.get("report") or data.get("interpellation")
        return data


class QuestionForm(StepForm):
    kind = forms.ChoiceField(
        label=_("题型"), choices=Q.choices, error_messages={"required": _("请选择题型。")}
    )
    text = forms.CharField(label=_("题目"), max_length=300, error_messages={"required": _("请填写题目。")})
    choices = forms.CharField(
        label=_("选项"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("单选题的选项，每行一个"),
    )
    required = forms.BooleanField(label=_("必答"), required=False, initial=True)
