"""The admin of post-supervision evaluation (监督后评估): staff start one for a closed work
report or interpellation (the add page writes through ``evaluation_create``), add questions
while drafted (a step; a question's own page changes or deletes it through the services), open
and close it (steps); the change page shows the tally with the written answers. Filterable,
Excel export, history. Loaded by ``supervision.admin``."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from import_export import fields, resources

from congress.casework.admin import AdminStep, WorkflowStepsAdmin
from congress.history_admin import SimpleHistoryAdmin
from supervision import selectors_evaluation, services
from supervision.admin import EventInline, ExcelExport, ReadOnlyInline, ServiceSaveMixin, StaffAccessMixin
from supervision.forms_evaluation import EvaluationCreateForm, QuestionForm
from supervision.models_evaluation import Evaluation, EvaluationEvent, EvaluationQuestion
from supervision.services.evaluation import EVALUABLE
from supervision.views.evaluation import target_url
from supervision.workflow_evaluation import EVALUATION


class EvaluationResource(resources.ModelResource):
    title = fields.Field(attribute="title", column_name="评估名称")
    state = fields.Field(column_name="状态")
    opened_at = fields.Field(attribute="opened_at", column_name="开始时间")
    closed_at = fields.Field(attribute="closed_at", column_name="结束时间")

    class Meta:
        model = Evaluation
        fields = ("title", "state", "opened_at", "closed_at")
        export_order = fields

    def dehydrate_state(self, obj):
        return obj.get_state_display()


class EvaluationAdminForm(forms.ModelForm):
    """The add page: which closed item, the title and the introduction."""

    report = EvaluationCreateForm.base_fields["report"]
    interpellation = EvaluationCreateForm.base_fields["interpellation"]

    class Meta:
        model = Evaluation
        fields = ["title", "intro"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        create = EvaluationCreateForm()
        for name in ("report", "interpellation"):
            if name in self.fields:
                self.fields[name].queryset = create.fields[name].queryset

    def clean(self):
        data = super().clean()
        if self.instance.pk is None:
            chosen = [c for c in (data.get("report"), data.get("interpellation")) if c]
            if len(chosen) != 1:
                raise forms.ValidationError(_("请选择一项已办结的专项工作报告或质询案。"))
            data["target"] = chosen[0]
        return data


class QuestionInline(ReadOnlyInline):
    model = EvaluationQuestion
    fields = ["order", "kind", "text", "options", "required", "edit_link"]

    @admin.display(description=_("选项"))
    def options(self, obj):
        return "、".join(obj.choices) if obj.choices else "—"

    @admin.display(description=_("修改"))
    def edit_link(self, obj):
        url = reverse("admin:supervision_evaluationquestion_change", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("修改或删除"))


class EvaluationEventInline(EventInline):
    model = EvaluationEvent
    fields = ["created_at", "action_name", "from_name", "to_name", "actor", "note"]


def _add_question(request, obj, data):
    return services.evaluation_question_add(
        actor=request.user,
        evaluation=obj,
        kind=data["kind"],
        text=data["text"],
        choices=data.get("choices", ""),
        required=data.get("required", False),
    )


class TargetKindFilter(admin.SimpleListFilter):
    """The kinds of item that are evaluated, by name (not every content type there is)."""

    title = _("评估对象类型")
    parameter_name = "target"

    def lookups(self, request, model_admin):
        return [(model._meta.model_name, model._meta.verbose_name) for model in EVALUABLE]

    def queryset(self, request, queryset):
        return queryset.filter(target_type__model=self.value()) if self.value() else queryset


@admin.register(Evaluation)
class EvaluationAdmin(
    StaffAccessMixin, ServiceSaveMixin, WorkflowStepsAdmin, ExcelExport, SimpleHistoryAdmin
):
    form = EvaluationAdminForm
    resource_classes = [EvaluationResource]
    workflow = EVALUATION
    workflow_steps = (
        AdminStep(
            "add_question",
            "edit",
            _add_question,
            form=QuestionForm,
            label=_("增加问题"),
            done=_("已增加问题。"),
        ),
        AdminStep(
            "open",
            "open",
            lambda request, obj, data: services.evaluation_open(actor=request.user, evaluation=obj),
            confirm=_("开始后代表和公众即可答卷，问卷不能再修改。"),
        ),
        AdminStep(
            "close",
            "close",
            lambda request, obj, data: services.evaluation_close(actor=request.user, evaluation=obj),
            confirm=_("结束后不再接受答卷，结果随监督事项公开。"),
        ),
    )
    list_display = ["title", "target_kind", "state", "opened_at", "closed_at"]
    list_display_links = ["title"]
    list_filter = ["state", TargetKindFilter, "opened_at"]
    search_fields = ["title", "intro"]
    list_select_related = ["target_type"]
    inlines = [QuestionInline, EvaluationEventInline]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["report", "interpellation", "title", "intro"]
        return ["title", "intro", "item", "state", "opened_at", "closed_at", "results"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return ["title", "intro", "item", "state", "opened_at", "closed_at", "results"]

    @admin.display(description=_("评估对象类型"))
    def target_kind(self, obj):
        return obj.target_type.model_class()._meta.verbose_name

    @admin.display(description=_("评估对象"))
    def item(self, obj):
        url = target_url(obj)
        label = f"{self.target_kind(obj)} · {obj.target}"
        return format_html('<a href="{}">{}</a>', url, label) if url else label

    @admin.display(description=_("评估结果"))
    def results(self, obj):
        if obj.state == Evaluation.State.DRAFTED:
            return "—"
        results = selectors_evaluation.evaluation_results(obj, with_texts=True)
        return render_to_string("supervision/partials/evaluation_results.html", {"results": results})

    def perform(self, request, obj, form):
        if obj is None:
            return services.evaluation_create(
                actor=request.user,
                target=form.cleaned_data.get("target"),
                title=form.cleaned_data.get("title"),
                intro=form.cleaned_data.get("intro", ""),
            )
        return obj


class QuestionAdminForm(forms.ModelForm):
    choices = forms.CharField(
        label=_("选项"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("单选题的选项，每行一个"),
    )

    class Meta:
        model = EvaluationQuestion
        fields = ["order", "kind", "text", "choices", "required"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and isinstance(self.instance.choices, list):
            self.initial["choices"] = "\n".join(self.instance.choices)


@admin.register(EvaluationQuestion)
class EvaluationQuestionAdmin(StaffAccessMixin, ServiceSaveMixin, SimpleHistoryAdmin):
    """A question's page: changed or deleted through the services while its questionnaire is
    drafted (read-only afterwards)."""

    form = QuestionAdminForm
    list_display = ["text", "evaluation", "kind", "order", "required"]
    list_display_links = ["text"]
    list_filter = ["kind", "evaluation"]
    list_select_related = ["evaluation"]

    def has_add_permission(self, request, *args):
        return False  # added on the questionnaire's page (增加问题)

    def _editable(self, obj) -> bool:
        return obj is not None and obj.evaluation.state == Evaluation.State.DRAFTED

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or self._editable(obj))

    def has_delete_permission(self, request, obj=None):
        return StaffAccessMixin.has_change_permission(self, request, obj) and (
            obj is None or self._editable(obj)
        )

    def perform(self, request, obj, form):
        data = form.cleaned_data
        return services.evaluation_question_update(
            actor=request.user,
            question=obj,
            kind=data.get("kind"),
            text=data.get("text"),
            choices=data.get("choices", ""),
            required=data.get("required", False),
            order=data.get("order"),
        )

    def delete_model(self, request, obj):
        services.evaluation_question_delete(actor=request.user, question=obj)

    def delete_queryset(self, request, queryset):
        for question in queryset:
            services.evaluation_question_delete(actor=request.user, question=question)
