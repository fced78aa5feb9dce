"""The admin's side of the case-work kernel: every step staff take on a tracked item is a button
on the record's change page.

A ``ModelAdmin`` with ``WorkflowStepsAdmin`` names its steps (``AdminStep``: the declared action
it takes, the small form that asks for what the service needs, the service call). The change
page shows a step only when the declaration allows it now and for this user
(``Workflow.can(obj, code, user)``); its page (``<id>/step/<name>/``) asks for the input, calls
the one service, and comes back to the change page with a success message, or shows the
service's Chinese error on the form with the input kept. A step without input and without a
question is a button that posts straight away.

Nothing here moves a state: the services do, through ``casework.services.transition``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from congress.casework.rectification import REASON_LIMIT
from congress.casework.workflow import Workflow
from congress.exceptions import ApplicationError, InvalidTransition
from congress.forms import error_to_form


def add_service_error(form: forms.Form, exc: ApplicationError) -> None:
    """Put a service's error on the form: its message above the fields, and its field messages
    (``exc.extra``) on the fields they name."""
    placed = []
    for field, errors in (exc.extra or {}).items():
        if field in form.fields and isinstance(errors, list | tuple):
            for error in errors:
                form.add_error(field, str(error))
                placed.append(str(error))
    if str(exc.message) not in placed:
        form.add_error(None, str(exc.message))


# --- timelines -------------------------------------------------------------------------------------


class TransitionEventColumns:
    """An event table's columns in words: the action's label and the states' names, never the
    stored codes (``TransitionEvent.action_label``, ``from_label``, ``to_label``)."""

    @admin.display(description=_("操作"), ordering="action")
    def action_name(self, obj):
        return obj.action_label

    @admin.display(description=_("原状态"), ordering="from_state")
    def from_name(self, obj):
        return obj.from_label or "—"

    @admin.display(description=_("新状态"), ordering="to_state")
    def to_name(self, obj):
        return obj.to_label or "—"


def _event_workflows(model) -> list[Workflow]:
    return list(model._workflows())


class EventActionFilter(admin.SimpleListFilter):
    """Filter a timeline by action, listed by label."""

    title = _("操作")
    parameter_name = "action"

    def lookups(self, request, model_admin):
        labels: dict[str, Any] = {}
        for flow in _event_workflows(model_admin.model):
            labels.update(flow.labels())
        labels.update(model_admin.model.extra_labels)
        return [(code, str(label)) for code, label in labels.items()]

    def queryset(self, request, queryset):
        return queryset.filter(action=self.value()) if self.value() else queryset


class EventStateFilter(admin.SimpleListFilter):
    """Filter a timeline by the state a step led to, listed by name."""

    title = _("新状态")
    parameter_name = "to_state"

    def lookups(self, request, model_admin):
        states: dict[str, str] = {}
        for flow in _event_workflows(model_admin.model):
            for state in flow.states():
                states.setdefault(state, flow.state_label(state))
        return list(states.items())

    def queryset(self, request, queryset):
        return queryset.filter(to_state=self.value()) if self.value() else queryset


# --- steps -------------------------------------------------------------------------------------------


class StepForm(forms.Form):
    """A step's form: it gets the record as ``obj`` (to fill its choices). A step may use any
    other form too, given its arguments with ``AdminStep.form_kwargs``."""

    def __init__(self, *args, obj=None, **kwargs):
        self.obj = obj
        super().__init__(*args, **kwargs)


class ConfirmForm(StepForm):
    """A step that needs no input: its page only asks to confirm."""


@dataclass(frozen=True)
class AdminStep:
    """One button on a change page.

    ``name``: the step's URL segment, unique within the admin (two buttons may take one action:
    approve and reject both ``decide``). ``code``: the declared action. ``run(request, obj,
    data)`` calls the service with the form's cleaned data. ``form``: what it asks (a
    ``StepForm`` gets the record as ``obj=``; None: nothing to ask). ``label``: the button (default: the action's label).
    ``confirm``: the question a step without input asks on its own page first; a step with
    neither form nor question posts from the change page at once. ``when(obj)``: a condition
    besides the declaration (a motion only, only while public). ``initial(obj)``: the form's
    starting values. ``done``: the success message (``%(action)s``, ``%(state)s``).
    ``form_kwargs(obj)``: the arguments of a form that is not a ``StepForm``.
    ``workflow``: when the step is declared on another workflow than the admin's."""

    name: str
    code: str
    run: Callable[[Any, Any, dict], Any]
    form: type[forms.Form] | None = None
    label: Any = None
    confirm: Any = None
    when: Callable[[Any], bool] | None = None
    initial: Callable[[Any], dict] | None = None
    form_kwargs: Callable[[Any], dict] | None = None
    done: Any = None
    danger: bool = False
    workflow: Workflow | Callable[[Any], Workflow] | None = None

    @property
    def direct(self) -> bool:
        return self.form is None and self.confirm is None


# The page it goes back to shows the new state above the form.
DONE = _("已%(action)s。")


class WorkflowStepsAdmin:
    """Mixin for a ``ModelAdmin`` whose records follow a declared workflow."""

    workflow: Workflow | Callable[[Any], Workflow] | None = None
    workflow_steps: tuple[AdminStep, ...] = ()
    change_form_template = "admin/casework/change_form.html"
    step_form_template = "admin/casework/step_form.html"

    # --- reading the declaration ---------------------------------------------------------------

    def get_workflow(self, obj, step: AdminStep | None = None) -> Workflow:
        flow = step.workflow if step is not None and step.workflow is not None else self.workflow
        return flow if isinstance(flow, Workflow) else flow(obj)

    def step_label(self, obj, step: AdminStep):
        return step.label or self.get_workflow(obj, step)[step.code].label

    def step_allowed(self, obj, step: AdminStep, user=None) -> bool:
        """The declaration allows the step now (and for ``user`` when given)."""
        if step.when is not None and not step.when(obj):
            return False
        return self.get_workflow(obj, step).can(obj, step.code, user)

    def _step_url(self, obj, step: AdminStep) -> str:
        opts = self.model._meta
        return reverse(
            f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_step", args=[obj.pk, step.name]
        )

    def _change_url(self, obj) -> str:
        opts = self.model._meta
        return reverse(f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])

    def available_steps(self, request, obj) -> list[dict]:
        """The buttons for this user on this record now."""
        return [
            {
                "name": step.name,
                "label": self.step_label(obj, step),
                "url": self._step_url(obj, step),
                "direct": step.direct,
                "danger": step.danger,
            }
            for step in self.workflow_steps
            if self.step_allowed(obj, step, request.user)
        ]

    def state_label(self, obj) -> str:
        flow = self.get_workflow(obj)
        return flow.state_label(flow.state_of(obj))

    # --- the change page ----------------------------------------------------------------------

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk and not add:
            context["workflow_steps"] = self.available_steps(request, obj)
            context["workflow_state"] = self.state_label(obj)
            if not self._has_editable_fields(request, obj):
                # Nothing to save: the record changes through its steps only.
                context.update(show_save=False, show_save_and_continue=False, show_save_and_add_another=False)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _has_editable_fields(self, request, obj) -> bool:
        if not self.has_change_permission(request, obj):
            return False
        fields = set(flatten_fieldsets(self.get_fieldsets(request, obj)))
        return bool(fields - set(self.get_readonly_fields(request, obj))) or any(
            inline.has_change_permission(request, obj) or inline.has_add_permission(request, obj)
            for inline in self.get_inline_instances(request, obj)
        )

    # --- a step's page --------------------------------------------------------------------------

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "<path:object_id>/step/<str:name>/",
                self.admin_site.admin_view(self.step_view),
                name=f"{opts.app_label}_{opts.model_name}_step",
            ),
            *super().get_urls(),
        ]

    def _make_form(self, request, obj, step: AdminStep):
        form_class = step.form or ConfirmForm
        data = request.POST if request.method == "POST" else None
        initial = step.initial(obj) if step.initial is not None else None
        if step.form_kwargs is not None:
            kwargs = step.form_kwargs(obj)
        else:
            kwargs = {"obj": obj} if issubclass(form_class, StepForm) else {}
        return form_class(data, initial=initial, **kwargs)

    def step_view(self, request, object_id, name):
        step = next((s for s in self.workflow_steps if s.name == name), None)
        if step is None:
            raise Http404
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if not self.has_view_permission(request, obj):
            raise PermissionDenied
        label = self.step_label(obj, step)
        if not self.step_allowed(obj, step):
            refused = InvalidTransition(current_label=self.state_label(obj), action_label=label)
            self.message_user(request, refused.message, messages.ERROR)
            return HttpResponseRedirect(self._change_url(obj))
        if not self.step_allowed(obj, step, request.user):
            raise PermissionDenied
        form = self._make_form(request, obj, step)
        if request.method == "POST" and form.is_valid():
            try:
                step.run(request, obj, dict(form.cleaned_data))
            except ApplicationError as exc:
                if step.direct:
                    self.message_user(request, str(exc.message), messages.ERROR)
                    return HttpResponseRedirect(self._change_url(obj))
                add_service_error(form, exc)
            else:
                obj.refresh_from_db()
                message = step.done or DONE
                self.message_user(
                    request,
                    str(message) % {"action": label, "state": self.state_label(obj)},
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(self._change_url(obj))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": label,
            "subtitle": str(obj),
            "original": obj,
            "form": form,
            "confirm": step.confirm,
            "workflow_state": self.state_label(obj),
            "media": self.media + form.media,
            "danger": step.danger,
            "submit_label": _("确认%(action)s") % {"action": label},
        }
        return TemplateResponse(request, self.step_form_template, context)


# --- a rectifiable item's page (casework.models.RectifiableItem) ---------------------------------

# The columns of a rectification's rounds, an inline on the item's page.
RECTIFICATION_ROUND_FIELDS = [
    "round",
    "content",
    "submitted_by",
    "submitted_at",
    "outcome",
    "evaluation",
    "evaluated_at",
]


class RectificationAcceptForm(StepForm):
    reason = forms.CharField(
        label=_("评价意见"), max_length=REASON_LIMIT, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class RectificationRedoForm(StepForm):
    """The reason for a send-back. An app says how the new deadline is found: ``reason_help``
    (a rule), or a field of its own (a date staff may give)."""

    reason_help = ""
    reason = forms.CharField(
        label=_("退回理由"),
        max_length=REASON_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("请说明退回重新整改的理由。")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].help_text = self.reason_help


def rectification_steps(
    *,
    accept: Callable[[Any, Any, dict], Any],
    redo: Callable[[Any, Any, dict], Any],
    redo_form=RectificationRedoForm,
) -> tuple[AdminStep, AdminStep]:
    """Staff's two steps on a rectifiable item's page — accept this round's report, or send it
    back — each running the app's service (``run(request, obj, data)``)."""
    return (
        AdminStep("accept", "accept", form=RectificationAcceptForm, done=_("已认定整改到位。"), run=accept),
        AdminStep("redo", "redo", form=redo_form, danger=True, done=_("已退回责任单位重新整改。"), run=redo),
    )


class TransitionEventAdminMixin(TransitionEventColumns):
    """The admin of an event table (a timeline written only by ``transition()``): the columns
    in words, filters by action and state, every field read-only. A subclass names ``owner``
    (the event's foreign key to its record) and the list's columns and joins follow; one that
    needs other joins sets ``list_display`` itself from ``columns``. Combine with the app's
    read-only access mixin."""

    list_filter = [EventActionFilter, EventStateFilter]
    columns = ["action_name", "from_name", "to_name", "actor", "note", "created_at"]
    owner = ""

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls.owner and "list_display" not in cls.__dict__:
            cls.list_display = [cls.owner, *cls.columns]
            cls.list_select_related = [cls.owner, "actor"]

    def get_fields(self, request, obj=None):
        return self.list_display

    def get_readonly_fields(self, request, obj=None):
        return self.list_display


class ServiceSaveMixin:
    """The add and change pages write through the service, called while the form validates:
    a service's field errors come back on the form with the input kept (never a 500), and
    ``save_model`` only points the admin at the row the service wrote. Subclasses implement
    ``perform(request, obj, form)`` (``obj`` None on the add page)."""

    def perform(self, request, obj, form):  # pragma: no cover - every subclass overrides
        raise NotImplementedError

    def get_form(self, request, obj=None, **kwargs):
        form_class = super().get_form(request, obj, **kwargs)
        model_admin = self

        class ServiceForm(form_class):
            service_result = None

            def _post_clean(self):
                super()._post_clean()
                if self.errors:
                    return
                try:
                    self.service_result = model_admin.perform(request, obj, self)
                except ApplicationError as exc:
                    error_to_form(self, exc)

        return ServiceForm

    def save_model(self, request, obj, form, change):
        if not change and form.service_result is not None:
            obj.pk, obj._state.adding = form.service_result.pk, False

    def save_related(self, request, form, formsets, change):
        """Related rows (units, signers) are written by the service, not ``form.save_m2m``; the
        read-only inlines save nothing (their formsets still run, for the change message)."""
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else []
