"""Staff keep the performance record's own rows in the admin (seed 十四): reports to voters
(schedule for a deputy, record held, publish the text, cancel; voters' comments hidden when they
break the site's rules) and the mid-term evaluation (run over the term's records, assess each
deputy, conclude). Imported by ``deputies.admin``."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from congress.casework.admin import (
    AdminStep,
    StepForm,
    TransitionEventColumns,
    WorkflowStepsAdmin,
    add_service_error,
)
from congress.exceptions import ApplicationError
from congress.history_admin import SimpleHistoryAdmin
from deputies import services_record as services
from deputies.admin_activities import ReadOnlyInline, StaffOnlyMixin
from deputies.models_record import (
    MidTermEvaluation,
    MidTermEvaluationEvent,
    MidTermEvaluationRow,
    VoterComment,
    VoterReport,
    VoterReportEvent,
)
from deputies.workflow_record import MIDTERM, VOTER_REPORT


class VoterReportEventInline(TransitionEventColumns, ReadOnlyInline):
    model = VoterReportEvent
    fields = ["action_name", "from_name", "to_name", "actor", "note", "created_at"]


class VoterCommentInline(admin.TabularInline):
    model = VoterComment
    extra = 0
    can_delete = False
    fields = ["content", "name", "created_at", "is_hidden"]
    readonly_fields = ["content", "name", "created_at"]

    def has_add_permission(self, request, obj=None):
        return False


class HoldForm(StepForm):
    held_at = forms.DateTimeField(
        label=_("实际召开时间"), required=False, help_text=_("不填写时为安排的时间")
    )
    attendees = forms.IntegerField(label=_("参加选民人数"), required=False, min_value=0)


class PublishForm(StepForm):
    text = forms.CharField(
        label=_("报告内容"),
        widget=forms.Textarea(attrs={"rows": 12}),
        error_messages={"required": _("请填写报告内容。")},
    )


class ReasonForm(StepForm):
    reason = forms.CharField(
        label=_("取消原因"), max_length=500, error_messages={"required": _("请填写取消原因。")}
    )


@admin.register(VoterReport)
class VoterReportAdmin(StaffOnlyMixin, WorkflowStepsAdmin, SimpleHistoryAdmin):
    workflow = VOTER_REPORT
    list_display = ["title", "deputy", "scheduled_at", "location", "state"]
    list_display_links = ["title"]
    list_filter = ["state"]
    search_fields = ["title", "deputy__name"]
    list_select_related = ["deputy"]
    raw_id_fields = ["deputy"]
    inlines = [VoterCommentInline, VoterReportEventInline]
    workflow_steps = (
        AdminStep(
            "hold",
            "hold",
            form=HoldForm,
            run=lambda request, obj, data: services.voter_report_hold(actor=request.user, report=obj, **data),
        ),
        AdminStep(
            "publish",
            "publish",
            form=PublishForm,
            initial=lambda obj: {"text": obj.text},
            run=lambda request, obj, data: services.voter_report_publish(
                actor=request.user, report=obj, **data
            ),
        ),
        AdminStep(
            "cancel",
            "cancel",
            form=ReasonForm,
            danger=True,
            run=lambda request, obj, data: services.voter_report_cancel(
                actor=request.user, report=obj, **data
            ),
        ),
    )

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["deputy", "title", "scheduled_at", "location"]
        return [
            "deputy",
            "title",
            "scheduled_at",
            "location",
            "state",
            "held_at",
            "attendees",
            "text",
            "published_at",
        ]

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.get_fields(request, obj)

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else []

    def get_form(self, request, obj=None, **kwargs):
        form_class = super().get_form(request, obj, **kwargs)
        if obj is not None:
            return form_class

        class ScheduleForm(form_class):
            service_result = None

            def _post_clean(self):
                super()._post_clean()
                if self.errors:
                    return
                try:
                    self.service_result = services.voter_report_schedule(
                        actor=request.user,
                        deputy=self.cleaned_data["deputy"],
                        title=self.cleaned_data.get("title"),
                        scheduled_at=self.cleaned_data.get("scheduled_at"),
                        location=self.cleaned_data.get("location"),
                    )
                except ApplicationError as exc:
                    add_service_error(self, exc)

        return ScheduleForm

    def save_model(self, request, obj, form, change):
        result = getattr(form, "service_result", None)
        if result is not None:
            obj.pk, obj._state.adding = result.pk, False
        elif change:
            super().save_model(request, obj, form, change)  # the comments' hidden flags only

    def save_related(self, request, form, formsets, change):
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)


class MidTermRowInline(admin.TabularInline):
    model = MidTermEvaluationRow
    extra = 0
    can_delete = False
    fields = ["deputy", "counts_text", "score", "grade", "assessment"]
    readonly_fields = ["deputy", "counts_text", "score", "grade", "assessment"]
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("deputy")

    @admin.display(description=_("履职情况"))
    def counts_text(self, obj):
        from deputies.rules import RECORD_ITEMS

        return "；".join(
            f"{RECORD_ITEMS.get(code, code)} {value}"
            for code, value in obj.counts.items()
            if value not in (0, "0")
        )


class MidTermEventInline(TransitionEventColumns, ReadOnlyInline):
    model = MidTermEvaluationEvent
    fields = ["action_name", "from_name", "to_name", "actor", "note", "created_at"]


class RunForm(forms.ModelForm):
    last_year = forms.IntegerField(label=_("截止年度"), required=False, help_text=_("不填写时为上一年度"))

    class Meta:
        model = MidTermEvaluation
        fields = ["term", "title"]


@admin.register(MidTermEvaluation)
class MidTermEvaluationAdmin(StaffOnlyMixin, WorkflowStepsAdmin, SimpleHistoryAdmin):
    workflow = MIDTERM
    list_display = ["title", "term", "first_year", "last_year", "state", "created_at"]
    list_display_links = ["title"]
    inlines = [MidTermRowInline, MidTermEventInline]
    workflow_steps = (
        AdminStep(
            "conclude",
            "conclude",
            confirm=_("完成后评估结果不再修改。"),
            run=lambda request, obj, data: services.midterm_evaluation_conclude(
                actor=request.user, evaluation=obj
            ),
        ),
    )

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["term", "title", "last_year"]
        return ["term", "title", "first_year", "last_year", "state", "run_by", "concluded_at"]

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.get_fields(request, obj)

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else []

    def get_form(self, request, obj=None, **kwargs):
        if obj is not None:
            return super().get_form(request, obj, **kwargs)

        class ServiceRunForm(RunForm):
            service_result = None

            def _post_clean(self):
                super()._post_clean()
                if self.errors:
                    return
                try:
                    self.service_result = services.midterm_evaluation_run(
                        actor=request.user,
                        term=self.cleaned_data["term"],
                        last_year=self.cleaned_data.get("last_year"),
                        title=self.cleaned_data.get("title") or "",
                    )
                except ApplicationError as exc:
                    add_service_error(self, exc)

        return ServiceRunForm

    def save_model(self, request, obj, form, change):
        if getattr(form, "service_result", None) is not None:
            obj.pk, obj._state.adding = form.service_result.pk, False

    def save_related(self, request, form, formsets, change):
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)


class AssessForm(forms.ModelForm):
    grade = forms.ChoiceField(label=_("评估等次"), choices=MidTermEvaluationRow.Grade.choices)

    class Meta:
        model = MidTermEvaluationRow
        fields = ["grade", "assessment"]


@admin.register(MidTermEvaluationRow)
class MidTermEvaluationRowAdmin(StaffOnlyMixin, SimpleHistoryAdmin):
    form = AssessForm
    list_display = ["deputy", "evaluation", "score", "grade"]
    list_display_links = ["deputy"]
    list_filter = ["evaluation", "grade"]
    list_select_related = ["deputy", "evaluation"]
    fields = ["evaluation", "deputy", "score", "grade", "assessment"]
    readonly_fields = ["evaluation", "deputy", "score"]

    def has_add_permission(self, request):
        return False

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.evaluation.state != MidTermEvaluation.State.OPEN:
            return self.fields
        return self.readonly_fields

    def save_model(self, request, obj, form, change):
        # Through the service: the evaluation's timeline records the assessment.
        services.midterm_row_assess(
            actor=request.user,
            row=obj,
            grade=form.cleaned_data["grade"],
            assessment=form.cleaned_data["assessment"],
        )
