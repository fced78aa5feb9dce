"""The staff's admin for proposals (Chinese): the registration queue, actions that call the
services (register, return with a reason, bulk assignment, key oversight, withhold), the
oversight (督办) dashboard, yearly statistics with Excel export, and Excel import of paper
proposals. Nothing here writes a state itself: every change goes through ``proposals.services``."""

from __future__ import annotations

import io

from django import forms
from django.contrib import admin, messages
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from congress import roles
from congress.audit import log_export
from congress.casework.admin import AdminStep, StepForm, TransitionEventColumns, WorkflowStepsAdmin
from congress.exceptions import ApplicationError
from congress.history_admin import SimpleHistoryAdmin
from congress.models import Organization
from proposals import selectors, services
from proposals.models import (
    Assignment,
    Category,
    CoSigner,
    ExtensionRequest,
    Proposal,
    ProposalEvent,
    Rating,
    Reply,
    ReturnRequest,
)
from proposals.services import batch
from proposals.services.importing import COLUMNS as IMPORT_COLUMNS
from proposals.workflow import EXTENSION_REQUEST, PROPOSAL, RETURN_REQUEST

SATISFACTION_LABELS = {k: str(v) for k, v in Rating.Satisfaction.choices}


class StaffPermissionMixin:
    """Committee staff run this admin; committee members may read it."""

    def has_view_permission(self, request, obj=None):
        return roles.has_role(request.user, roles.STAFF, roles.MEMBER, roles.SYSADMIN)

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    def has_change_permission(self, request, obj=None):
        return roles.is_staff_member(request.user)

    def has_add_permission(self, request):
        return roles.is_staff_member(request.user)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Category)
class CategoryAdmin(StaffPermissionMixin, SimpleHistoryAdmin):
    list_display = ["name", "sort_order", "is_active"]
    list_editable = ["sort_order", "is_active"]
    search_fields = ["name"]


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class CoSignerInline(ReadOnlyInline):
    model = CoSigner
    fields = ["deputy", "state", "responded_at"]
    readonly_fields = fields
    verbose_name_plural = _("附议代表")


class AssignmentInline(ReadOnlyInline):
    model = Assignment
    fields = [
        "unit",
        "role",
        "state",
        "deadline",
        "received_at",
        "responsible_person",
        "responsible_leader",
        "opinion_sent_at",
        "reply_class",
    ]
    readonly_fields = fields
    verbose_name_plural = _("承办单位")


class EventInline(TransitionEventColumns, ReadOnlyInline):
    model = ProposalEvent
    fields = ["created_at", "action_name", "from_name", "to_name", "actor", "note"]
    readonly_fields = fields
    verbose_name_plural = _("办理记录")


class PaperProposalForm(forms.ModelForm):
    """Registering a paper proposal on a deputy's behalf (created and submitted by a service)."""

    co_signer_ids = forms.ModelMultipleChoiceField(
        label=_("附议代表"),
        queryset=None,
        required=False,
        widget=admin.widgets.FilteredSelectMultiple(_("代表"), False),
    )

    class Meta:
        model = Proposal
        fields = ["kind", "title", "content", "category", "lead_deputy", "year", "is_hard"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from deputies.models import Deputy

        self.fields["co_signer_ids"].queryset = Deputy.objects.filter(is_active=True, term__is_current=True)
        if "year" in self.fields:
            self.fields["year"].initial = timezone.localdate().year


def _note(label=None):
    return forms.CharField(label=label or _("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ReasonForm(StepForm):
    reason = forms.CharField(label=_("理由"), widget=forms.Textarea(attrs={"rows": 3}))


class ReturnForm(StepForm):
    reason = forms.CharField(
        label=_("不予立案理由"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("代表在门户中看到此理由。"),
        error_messages={"required": _("请填写不予立案的理由。")},
    )


class WithholdForm(StepForm):
    reason = forms.CharField(
        label=_("不予公开理由"),
        max_length=200,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("请填写不予公开的理由。")},
    )


class NoteForm(StepForm):
    note = _note()


class RegisterForm(StepForm):
    category = forms.ModelChoiceField(
        label=_("类别"),
        queryset=Category.objects.filter(is_active=True),
        required=False,
        help_text=_("立案时可更正代表所选类别。"),
    )
    note = _note()


class AssignForm(StepForm):
    lead_units = forms.ModelMultipleChoiceField(label=_("主办单位"), queryset=Organization.objects.none())
    assisting_units = forms.ModelMultipleChoiceField(
        label=_("协办单位"), queryset=Organization.objects.none(), required=False
    )
    is_hard = forms.BooleanField(label=_("办理难度较大（按较长期限）"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        units = selectors.handling_units()
        self.fields["lead_units"].queryset = units
        self.fields["assisting_units"].queryset = units


def _units_picker(label):
    return forms.ModelMultipleChoiceField(
        label=label,
        queryset=Organization.objects.none(),
        required=False,
        widget=admin.widgets.FilteredSelectMultiple(label, False),
    )


class AssignStepForm(StepForm):
    """交办 from the change page: units picked with a searchable picker; whether a lead unit is
    needed (not when one already handles it) the service decides."""

    lead_units = _units_picker(_("主办单位"))
    assisting_units = _units_picker(_("协办单位"))
    joint_units = _units_picker(_("会办单位"))
    is_hard = forms.BooleanField(
        label=_("办理难度较大"), required=False, help_text=_("按较长的答复期限（业务规则）计算。")
    )
    note = _note()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        units = selectors.handling_units()
        for name in ("lead_units", "assisting_units", "joint_units"):
            self.fields[name].queryset = units
        if self.obj is not None:
            self.fields["is_hard"].initial = self.obj.is_hard


MERGEABLE = [
    Proposal.State.SUBMITTED,
    Proposal.State.REGISTERED,
    Proposal.State.ASSIGNED,
    Proposal.State.REPLY_REVIEW,
    Proposal.State.REPLIED,
    Proposal.State.REHANDLING,
]


class ProposalChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.serial or _('未立案')} {obj.title}（{obj.get_state_display()}）"


class MergeForm(StepForm):
    into = ProposalChoiceField(
        label=_("并入"),
        queryset=Proposal.objects.none(),
        error_messages={"required": _("请选择要并入的建议。")},
    )
    note = _note()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.obj is not None:
            self.fields["into"].queryset = (
                Proposal.objects.filter(year=self.obj.year, state__in=MERGEABLE)
                .exclude(pk=self.obj.pk)
                .order_by("serial", "id")
            )


class OversightForm(StepForm):
    is_key_oversight = forms.BooleanField(label=_("主任会议重点督办"), required=False)
    oversight_committee = forms.ModelChoiceField(
        label=_("对口督办工委"),
        queryset=Organization.objects.filter(is_active=True, kind=Organization.Kind.WORKING_COMMITTEE),
        required=False,
    )
    oversight_deputies = forms.ModelMultipleChoiceField(
        label=_("参与督办的代表"),
        queryset=None,
        required=False,
        widget=admin.widgets.FilteredSelectMultiple(_("代表"), False),
    )
    oversight_leader = forms.CharField(label=_("牵头督办的区政府领导"), max_length=50, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from deputies.models import Deputy

        self.fields["oversight_deputies"].queryset = Deputy.objects.filter(
            is_active=True, term__is_current=True
        )


def _oversight_initial(proposal):
    return {
        "is_key_oversight": proposal.is_key_oversight,
        "oversight_committee": proposal.oversight_committee_id,
        "oversight_deputies": list(proposal.oversight_deputies.values_list("pk", flat=True)),
        "oversight_leader": proposal.oversight_leader,
    }


class CloseUnratedForm(StepForm):
    force = forms.BooleanField(
        label=_("测评期限未届满也办结"),
        required=False,
        help_text=_("不勾选时，只有测评期限已过才能办结。"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.obj is not None and self.obj.rating_deadline:
            self.fields["force"].help_text = _("测评期限：%(d)s。不勾选时，只有测评期限已过才能办结。") % {
                "d": self.obj.rating_deadline
            }


def _run_assign(request, proposal, data):
    return services.proposal_assign(
        actor=request.user,
        proposal=proposal,
        lead_units=list(data["lead_units"]),
        assisting_units=list(data["assisting_units"]),
        joint_units=list(data["joint_units"]),
        is_hard=data["is_hard"],
        note=data["note"],
    )


def _run_oversight(request, proposal, data):
    return services.proposal_set_oversight(
        actor=request.user,
        proposal=proposal,
        is_key_oversight=data["is_key_oversight"],
        oversight_committee=data["oversight_committee"],
        oversight_deputies=list(data["oversight_deputies"]),
        oversight_leader=data["oversight_leader"],
    )


PROPOSAL_STEPS = (
    AdminStep(
        "register",
        "register",
        form=RegisterForm,
        initial=lambda p: {"category": p.category_id},
        run=lambda request, p, data: services.proposal_register(
            actor=request.user, proposal=p, category=data["category"], note=data["note"]
        ),
    ),
    AdminStep("assign", "assign", form=AssignStepForm, run=_run_assign),
    AdminStep(
        "return",
        "return",
        form=ReturnForm,
        danger=True,
        run=lambda request, p, data: services.proposal_return(
            actor=request.user, proposal=p, reason=data["reason"]
        ),
    ),
    AdminStep(
        "merge",
        "merge",
        form=MergeForm,
        run=lambda request, p, data: services.proposal_merge(
            actor=request.user, proposal=p, into=data["into"], note=data["note"]
        ),
    ),
    AdminStep(
        "convert",
        "convert",
        form=NoteForm,
        when=lambda p: p.kind == Proposal.Kind.MOTION,
        confirm=_("议案未列入会议议程的，转为建议办理；编号随之改为建议编号。"),
        run=lambda request, p, data: services.proposal_convert_to_suggestion(
            actor=request.user, proposal=p, note=data["note"]
        ),
    ),
    AdminStep(
        "supervise",
        "supervise",
        form=OversightForm,
        initial=_oversight_initial,
        done=_("督办设置已保存。"),
        run=_run_oversight,
    ),
    AdminStep(
        "close_unrated",
        "close_unrated",
        form=CloseUnratedForm,
        confirm=_("代表逾期未测评的，按“逾期未测评”办结。"),
        run=lambda request, p, data: services.proposal_close_unrated(
            actor=request.user, proposal=p, force=data["force"]
        ),
    ),
    AdminStep(
        "withhold",
        "withhold",
        form=WithholdForm,
        when=lambda p: not p.is_withheld,
        done=_("已设为不予公开。"),
        run=lambda request, p, data: services.proposal_withhold(
            actor=request.user, proposal=p, reason=data["reason"]
        ),
    ),
    AdminStep(
        "unwithhold",
        "unwithhold",
        form=NoteForm,
        when=lambda p: p.is_withheld,
        done=_("已恢复公开。"),
        run=lambda request, p, data: services.proposal_unwithhold(
            actor=request.user, proposal=p, note=data["note"]
        ),
    ),
)


class PlanForm(forms.Form):
    file = forms.FileField(
        label=_("交办方案（.xlsx）"),
        help_text=_("先下载待交办建议表，填写主办、协办、会办单位后上传"),
    )
    assigned_on = forms.DateField(
        label=_("交办日期"),
        required=False,
        help_text=_("不填为今天；答复期限从交办日期起算"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Excel 文件（.xlsx）"), help_text=_("列：类型、标题、内容、类别、领衔代表、附议代表、年度")
    )


@admin.register(Proposal)
class ProposalAdmin(StaffPermissionMixin, WorkflowStepsAdmin, SimpleHistoryAdmin):
    """The registration queue and each proposal's page: every step staff take (立案, 不予立案,
    并案, 转为建议, 交办, 督办, 公开, 逾期未测评办结) is a button there, shown when
    ``proposals.workflow.PROPOSAL`` allows it for the user; the list's actions do the same in
    bulk."""

    workflow = PROPOSAL
    workflow_steps = PROPOSAL_STEPS
    list_display = ["serial", "title", "kind", "lead_deputy", "state", "submitted_on", "flags"]
    list_display_links = ["title"]
    list_filter = [
        "state",
        "kind",
        "year",
        "category",
        "source",
        "is_key_oversight",
        "opinion_missing",
        "is_withheld",
    ]
    search_fields = ["serial", "title", "lead_deputy__name"]
    list_select_related = ["lead_deputy"]
    ordering = ["state", "submitted_at", "id"]
    date_hierarchy = "submitted_at"
    inlines = [CoSignerInline, AssignmentInline, EventInline]
    actions = [
        "register_selected",
        "return_selected",
        "assign_selected",
        "mark_key_oversight",
        "withhold_selected",
    ]
    change_list_template = "admin/proposals/proposal/change_list.html"
    readonly_fields = [
        "serial",
        "state",
        "term",
        "source",
        "submitted_at",
        "registered_at",
        "return_reason",
        "merged_into",
        "handling_round",
        "replied_at",
        "rating_deadline",
        "final_satisfaction",
        "closed_at",
        "closed_as",
        "is_key_oversight",
        "oversight_committee",
        "oversight_leader",
        "opinion_missing",
        "is_withheld",
        "withheld_reason",
        "created_by",
        "pending_requests",
    ]

    def get_queryset(self, request):
        """The selectors' wall: the drafts deputies write online are theirs until submitted and
        appear nowhere here (list, change page, history, actions, export)."""
        return super().get_queryset(request).filter(selectors.proposal_visibility_filter(request.user))

    def history_view(self, request, object_id, extra_context=None):
        # simple-history falls back to the stored versions of a row the queryset hides.
        self._visible_or_404(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._visible_or_404(request, object_id)
        return super().history_form_view(request, object_id, version_id, extra_context)

    def _visible_or_404(self, request, object_id):
        if not str(object_id).isdecimal() or not self.get_queryset(request).filter(pk=object_id).exists():
            raise Http404

    @admin.display(description=_("提交日期"), ordering="submitted_at")
    def submitted_on(self, obj):
        return timezone.localdate(obj.submitted_at) if obj.submitted_at else None

    @admin.display(description=_("标记"))
    def flags(self, obj):
        marks = []
        if obj.source == Proposal.Source.PAPER:
            marks.append(("", Proposal.Source.PAPER.label))
        if obj.is_key_oversight:
            marks.append(("warn", _("重点督办")))
        if obj.opinion_missing:
            marks.append(("warn", _("缺协办意见")))
        if obj.is_withheld:
            marks.append(("warn", _("不予公开")))
        if not marks:
            return ""
        return format_html(
            '<span class="flags">{}</span>', format_html_join("", '<span class="{}">{}</span>', marks)
        )

    @admin.display(description=_("待审批申请"))
    def pending_requests(self, obj):
        """The units' pending return and extension requests, each linking to its decision."""
        rows = []
        for model, kind in ((ReturnRequest, _("退回申请")), (ExtensionRequest, _("延期申请"))):
            pending = model.objects.filter(
                assignment__proposal=obj, state=model.State.PENDING
            ).select_related("assignment__unit")
            for item in pending:
                url = reverse(f"admin:proposals_{model._meta.model_name}_change", args=[item.pk])
                rows.append((url, f"{item.assignment.unit.name} · {kind}"))
        if not rows:
            return "—"
        return format_html_join(mark_safe("<br>"), '<a href="{}">{}</a>', rows)

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = PaperProposalForm
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["kind", "title", "content", "category", "lead_deputy", "co_signer_ids", "year", "is_hard"]
        return [
            "kind",
            "title",
            "content",
            "category",
            "lead_deputy",
            "year",
            "is_hard",
            *self.readonly_fields,
        ]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        if obj.state == Proposal.State.DRAFT:
            return [*self.readonly_fields, "lead_deputy", "year", "is_hard"]
        return [
            *self.readonly_fields,
            "kind",
            "title",
            "content",
            "category",
            "lead_deputy",
            "year",
            "is_hard",
        ]

    def get_autocomplete_fields(self, request):
        return ["lead_deputy"]

    def save_model(self, request, obj, form, change):
        """Writes go through the services: a new row is a paper proposal created and submitted
        for its deputy; a draft's edit is ``proposal_update``."""
        data = form.cleaned_data
        try:
            if not change:
                created = services.proposal_create(
                    actor=request.user,
                    kind=data["kind"],
                    title=data["title"],
                    content=data["content"],
                    category=data.get("category"),
                    lead_deputy=data["lead_deputy"],
                    co_signers=[d.pk for d in data.get("co_signer_ids") or []],
                    source=Proposal.Source.PAPER,
                    year=data.get("year"),
                    is_hard=data.get("is_hard", False),
                )
                services.proposal_submit(actor=request.user, proposal=created)
                obj.pk = created.pk
            elif obj.state == Proposal.State.DRAFT:
                services.proposal_update(
                    actor=request.user,
                    proposal=obj,
                    title=data["title"],
                    content=data["content"],
                    kind=data["kind"],
                    category=data.get("category"),
                )
        except ApplicationError as exc:
            self.message_user(request, str(exc.message), messages.ERROR)

    def save_related(self, request, form, formsets, change):
        # Co-signers and events are written by the services, never by the inlines.
        return None

    # --- actions -----------------------------------------------------------------------------

    def _each(self, request, queryset, call, done_label):
        ok, failed = 0, []
        for proposal in queryset:
            try:
                call(proposal)
                ok += 1
            except ApplicationError as exc:
                failed.append(f"{proposal.title}：{exc.message}")
        if ok:
            self.message_user(
                request, _("%(label)s %(n)d 件。") % {"label": done_label, "n": ok}, messages.SUCCESS
            )
        for line in failed:
            self.message_user(request, line, messages.ERROR)

    @admin.action(description=_("立案所选建议"))
    def register_selected(self, request, queryset):
        self._each(
            request,
            queryset,
            lambda p: services.proposal_register(actor=request.user, proposal=p),
            _("已立案"),
        )

    @admin.action(description=_("标记为主任会议重点督办"))
    def mark_key_oversight(self, request, queryset):
        self._each(
            request,
            queryset,
            lambda p: services.proposal_mark_key_oversight(actor=request.user, proposal=p),
            _("已标记重点督办"),
        )

    def _reason_action(self, request, queryset, title, call, done_label):
        if "apply" in request.POST:
            form = ReasonForm(request.POST)
            if form.is_valid():
                reason = form.cleaned_data["reason"]
                self._each(request, queryset, lambda p: call(p, reason), done_label)
                return None
        else:
            form = ReasonForm()
        return render(
            request,
            "admin/proposals/proposal/action_form.html",
            {
                **self.admin_site.each_context(request),
                "title": title,
                "form": form,
                "queryset": queryset,
                "action": request.POST.get("action"),
                "opts": self.model._meta,
            },
        )

    @admin.action(description=_("不予立案（填写理由）"))
    def return_selected(self, request, queryset):
        return self._reason_action(
            request,
            queryset,
            _("不予立案"),
            lambda p, reason: services.proposal_return(actor=request.user, proposal=p, reason=reason),
            _("已不予立案"),
        )

    @admin.action(description=_("不予公开（填写理由）"))
    def withhold_selected(self, request, queryset):
        return self._reason_action(
            request,
            queryset,
            _("不予公开"),
            lambda p, reason: services.proposal_withhold(actor=request.user, proposal=p, reason=reason),
            _("已设为不公开"),
        )

    @admin.action(description=_("批量交办到承办单位"))
    def assign_selected(self, request, queryset):
        if "apply" in request.POST:
            form = AssignForm(request.POST)
            if form.is_valid():
                data = form.cleaned_data
                self._each(
                    request,
                    queryset,
                    lambda p: services.proposal_assign(
                        actor=request.user,
                        proposal=p,
                        lead_units=list(data["lead_units"]),
                        assisting_units=list(data["assisting_units"]),
                        is_hard=data["is_hard"],
                    ),
                    _("已交办"),
                )
                return None
        else:
            form = AssignForm()
        return render(
            request,
            "admin/proposals/proposal/action_form.html",
            {
                **self.admin_site.each_context(request),
                "title": _("批量交办"),
                "form": form,
                "queryset": queryset,
                "action": "assign_selected",
                "opts": self.model._meta,
            },
        )

    # --- extra views ----------------------------------------------------------------------------

    def get_urls(self):
        extra = [
            # The path predates the name "oversight": notifications already sent link to it.
            path(
                "supervision/",
                self.admin_site.admin_view(self.oversight_view),
                name="proposals_proposal_oversight",
            ),
            path(
                "statistics/",
                self.admin_site.admin_view(self.statistics_view),
                name="proposals_proposal_statistics",
            ),
            path("import/", self.admin_site.admin_view(self.import_view), name="proposals_proposal_import"),
            path(
                "batch-assign/",
                self.admin_site.admin_view(self.batch_assign_view),
                name="proposals_proposal_batch_assign",
            ),
            path(
                "batch-assign/plan.xlsx",
                self.admin_site.admin_view(self.plan_template_view),
                name="proposals_proposal_plan_template",
            ),
            path("export/", self.admin_site.admin_view(self.export_view), name="proposals_proposal_export"),
        ]
        return extra + super().get_urls()

    def _context(self, request, title, **extra):
        return {**self.admin_site.each_context(request), "title": title, "opts": self.model._meta, **extra}

    def oversight_view(self, request):
        if not self.has_view_permission(request):
            return HttpResponseRedirect(reverse("admin:index"))
        data = selectors.oversight_dashboard()
        return render(
            request,
            "admin/proposals/proposal/oversight.html",
            self._context(request, _("督办与逾期"), **data),
        )

    def statistics_view(self, request):
        if not self.has_view_permission(request):
            return HttpResponseRedirect(reverse("admin:index"))
        try:
            year = int(request.GET.get("year") or timezone.localdate().year)
        except ValueError:
            year = timezone.localdate().year
        rows = selectors.unit_statistics(year)
        classes = [c["code"] for c in services.reply_class_choices()]
        if request.GET.get("export") == "xlsx":
            log_export(request=request, what=f"proposals.unit_statistics.{year}", rows=len(rows))
            return _statistics_workbook(year, rows, classes)
        years = sorted({*selectors.statistics_years(), timezone.localdate().year}, reverse=True)
        return render(
            request,
            "admin/proposals/proposal/statistics.html",
            self._context(
                request,
                _("%(y)d年度承办单位办理情况统计") % {"y": year},
                rows=rows,
                year=year,
                years=years,
                classes=classes,
            ),
        )

    def import_view(self, request):
        if not self.has_add_permission(request):
            return HttpResponseRedirect(reverse("admin:index"))
        row_errors = None
        if request.method == "POST":
            form = ImportForm(request.POST, request.FILES)
            if form.is_valid():
                try:
                    rows = services.read_workbook(form.cleaned_data["file"])
                    created = services.proposals_import(actor=request.user, rows=rows)
                except services.ProposalImportError as exc:
                    row_errors = sorted(exc.extra["rows"].items())
                    self.message_user(request, str(exc.message), messages.ERROR)
                except ApplicationError as exc:
                    self.message_user(request, str(exc.message), messages.ERROR)
                else:
                    self.message_user(
                        request, _("已导入 %(n)d 件纸质建议。") % {"n": len(created)}, messages.SUCCESS
                    )
                    return HttpResponseRedirect(
                        reverse("admin:proposals_proposal_changelist") + "?state__exact=submitted"
                    )
        else:
            form = ImportForm()
        return render(
            request,
            "admin/proposals/proposal/import.html",
            self._context(
                request, _("导入纸质建议"), form=form, row_errors=row_errors, columns=IMPORT_COLUMNS
            ),
        )

    def batch_assign_view(self, request):
        """立案交办 by plan: one upload registers and assigns a session's suggestions, all rows or
        none (``services.batch``); a bad plan shows every row's errors."""
        if not roles.is_staff_member(request.user):
            return HttpResponseRedirect(reverse("admin:index"))
        row_errors = None
        form = PlanForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                rows = batch.read_plan(form.cleaned_data["file"])
                result = batch.proposals_register_and_assign(
                    actor=request.user, rows=rows, assigned_on=form.cleaned_data["assigned_on"]
                )
            except batch.AssignmentPlanError as exc:
                row_errors = sorted(exc.extra["rows"].items(), key=lambda item: int(item[0]))
                self.message_user(request, str(exc.message), messages.ERROR)
            except ApplicationError as exc:
                self.message_user(request, str(exc.message), messages.ERROR)
            else:
                self.message_user(
                    request,
                    _("已立案 %(r)d 件、交办 %(a)d 件，共 %(n)d 个单位次，涉及 %(u)d 个承办单位。")
                    % {
                        "r": result.registered,
                        "a": result.assigned,
                        "n": result.assignments,
                        "u": result.units,
                    },
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(
                    reverse("admin:proposals_proposal_changelist") + "?state__exact=assigned"
                )
        return render(
            request,
            "admin/proposals/proposal/batch_assign.html",
            self._context(
                request,
                _("按交办方案批量立案交办"),
                form=form,
                row_errors=row_errors,
                columns=batch.PLAN_COLUMNS,
            ),
        )

    def plan_template_view(self, request):
        from openpyxl import Workbook

        if not roles.is_staff_member(request.user):
            return HttpResponseRedirect(reverse("admin:index"))
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("交办方案")
        sheet.append(batch.PLAN_COLUMNS)
        exported = 0
        for row in batch.plan_template_rows():
            sheet.append(row)
            exported += 1
        log_export(request=request, what="proposals.assignment_plan", rows=exported)
        return _xlsx_response(workbook, "assignment-plan.xlsx")

    def export_view(self, request):
        from openpyxl import Workbook

        workbook = Workbook()
        sheet = workbook.active
        sheet.title = "建议"
        sheet.append(
            ["编号", "类型", "标题", "类别", "领衔代表", "年度", "状态", "主办单位", "办结时间", "测评结果"]
        )
        changelist = self.get_changelist_instance(request)
        queryset = (
            changelist.get_queryset(request)
            .select_related("lead_deputy", "category")
            .annotate(lead_unit=selectors._lead_unit_name())
        )
        exported = 0
        for p in queryset.iterator(chunk_size=2000):
            exported += 1
            sheet.append(
                [
                    p.serial or "",
                    p.get_kind_display(),
                    p.title,
                    p.category.name if p.category else "",
                    p.lead_deputy.name,
                    p.year,
                    p.get_state_display(),
                    p.lead_unit or "",
                    timezone.localtime(p.closed_at).strftime("%Y-%m-%d") if p.closed_at else "",
                    SATISFACTION_LABELS.get(p.final_satisfaction, ""),
                ]
            )
        log_export(request=request, what=self.opts.label_lower, rows=exported)
        return _xlsx_response(workbook, "proposals.xlsx")


def _xlsx_response(workbook, filename):
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _statistics_workbook(year, rows, classes):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = f"{year}年度"
    sheet.append(
        ["承办单位", "承办件数", "主办件数", "已答复", "按期答复", "按期率%"]
        + [f"{c}类" for c in classes]
        + [f"{c}类占比%" for c in classes]
        + ["已测评", "满意/基本满意", "满意率%", "重新办理", "逾期未答复"]
    )
    for row in rows:
        sheet.append(
            [row["unit"], row["received"], row["lead"], row["replied"], row["on_time"], row["on_time_rate"]]
            + [row["classes"][c] for c in classes]
            + [row["class_shares"][c] for c in classes]
            + [row["rated"], row["satisfied"], row["satisfaction_rate"], row["rehandled"], row["overdue"]]
        )
    return _xlsx_response(workbook, f"proposal-statistics-{year}.xlsx")


@admin.register(Assignment)
class AssignmentAdmin(StaffPermissionMixin, SimpleHistoryAdmin):
    # 跟踪办理中 is a filter: the columns fit 1366 px.
    list_display = ["proposal", "unit", "role", "state", "deadline", "received_on", "reply_class"]
    list_display_links = ["proposal"]
    list_filter = ["state", "role", "unit", "follow_up_open"]
    search_fields = ["proposal__title", "proposal__serial", "unit__name"]
    list_select_related = ["proposal", "unit"]
    date_hierarchy = "deadline"

    @admin.display(description=_("签收日期"), ordering="received_at")
    def received_on(self, obj):
        return timezone.localdate(obj.received_at) if obj.received_at else None

    def has_change_permission(self, request, obj=None):
        return False  # assignments change only through the services (portal, API, actions)

    def has_add_permission(self, request):
        return False


class DecisionForm(StepForm):
    note = forms.CharField(label=_("审批意见"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class RejectForm(StepForm):
    note = forms.CharField(
        label=_("不同意的理由"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("不同意时请填写理由。")},
    )


class ApproveReturnForm(StepForm):
    reassign_to = forms.ModelChoiceField(
        label=_("改交单位"),
        queryset=Organization.objects.none(),
        required=False,
        help_text=_("选择后以同样的承办方式交办给该单位，重新计算期限；不选则只退回。"),
    )
    note = forms.CharField(label=_("审批意见"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reassign_to"].queryset = selectors.handling_units()


def _decision_steps(decide, *, approve_form=DecisionForm, approve_args=()):
    """同意 / 不同意 on a unit's request: the declared ``decide`` with its two outcomes, while
    the proposal is still being handled."""

    def run(approve):
        def call(request, item, data):
            extra = {name: data[name] for name in approve_args if approve}
            return decide(actor=request.user, request=item, approve=approve, note=data["note"], **extra)

        return call

    handling = {*PROPOSAL["decide_return"].sources}
    return (
        AdminStep(
            "approve",
            "decide",
            label=_("同意"),
            form=approve_form,
            when=lambda item: item.assignment.proposal.state in handling,
            done=_("已同意。"),
            run=run(True),
        ),
        AdminStep(
            "reject",
            "decide",
            label=_("不同意"),
            form=RejectForm,
            danger=True,
            when=lambda item: item.assignment.proposal.state in handling,
            done=_("已不同意，并通知承办单位。"),
            run=run(False),
        ),
    )


class _RequestAdmin(StaffPermissionMixin, WorkflowStepsAdmin, SimpleHistoryAdmin):
    """A unit's return or extension request: staff decide it on its page (同意 / 不同意) or in
    bulk from the list."""

    list_filter = ["state"]
    list_display_links = ["assignment"]
    search_fields = ["assignment__proposal__title", "assignment__unit__name"]
    list_select_related = ["assignment__proposal", "assignment__unit"]
    actions = ["approve_selected", "reject_selected"]
    decide = None  # the service

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("assignment__proposal", "assignment__unit")

    def _decide(self, request, queryset, approve):
        if "apply" not in request.POST:
            return render(
                request,
                "admin/proposals/proposal/action_form.html",
                {
                    **self.admin_site.each_context(request),
                    "title": _("审批意见"),
                    "form": DecisionForm(),
                    "queryset": queryset,
                    "action": request.POST.get("action"),
                    "opts": self.model._meta,
                },
            )
        form = DecisionForm(request.POST)
        form.is_valid()
        note = form.cleaned_data.get("note", "")
        for item in queryset:
            try:
                type(self).decide(actor=request.user, request=item, approve=approve, note=note)
            except ApplicationError as exc:
                self.message_user(request, f"{item}：{exc.message}", messages.ERROR)
        return None

    @admin.action(description=_("同意所选申请"))
    def approve_selected(self, request, queryset):
        return self._decide(request, queryset, True)

    @admin.action(description=_("不同意所选申请（须填意见）"))
    def reject_selected(self, request, queryset):
        return self._decide(request, queryset, False)


@admin.register(ExtensionRequest)
class ExtensionRequestAdmin(_RequestAdmin):
    workflow = EXTENSION_REQUEST
    workflow_steps = _decision_steps(services.extension_request_decide)
    list_display = ["assignment", "requested_deadline", "reason", "state", "created_at", "decided_by"]
    decide = staticmethod(services.extension_request_decide)


@admin.register(ReturnRequest)
class ReturnRequestAdmin(_RequestAdmin):
    workflow = RETURN_REQUEST
    workflow_steps = _decision_steps(
        services.return_request_decide, approve_form=ApproveReturnForm, approve_args=("reassign_to",)
    )
    list_display = ["assignment", "reason", "suggested_unit", "state", "created_at", "reassigned_to"]
    decide = staticmethod(services.return_request_decide)


@admin.register(Reply)
class ReplyAdmin(StaffPermissionMixin, SimpleHistoryAdmin):
    list_display = ["assignment", "kind", "reply_class", "state", "submitted_at", "reviewed_by"]
    list_filter = ["state", "kind", "reply_class"]
    search_fields = ["assignment__proposal__title", "content"]
    list_select_related = ["assignment__proposal", "assignment__unit", "reviewed_by"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False
