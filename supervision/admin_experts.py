"""Staff keep the expert pool and the legal advisers (专家咨询库、法律顾问团) in the admin and the
consultations with the experts' written opinions. ``ConsultationInline`` lists the experts
consulted on a record: any admin of a consultable kind adds it to its ``inlines`` (the filing
review does; hearings, inspections and budget reviews join the same way, see
``supervision.services.experts.register_consultable``). Imported by ``supervision.admin``."""

from __future__ import annotations

from django import forms
from django.apps import apps
from django.contrib import admin
from django.contrib.contenttypes.admin import GenericTabularInline
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _
from import_export import fields, resources

from congress.history_admin import SimpleHistoryAdmin
from supervision.admin import ExcelExport, ReadOnlyMixin, ServiceSaveMixin, StaffAccessMixin
from supervision.models import Consultation, Expert
from supervision.services import experts as svc


class ExpertResource(resources.ModelResource):
    name = fields.Field(attribute="name", column_name="姓名")
    kind = fields.Field(column_name="类别")
    field = fields.Field(column_name="专业领域")
    specialty = fields.Field(attribute="specialty", column_name="研究方向")
    affiliation = fields.Field(attribute="affiliation", column_name="工作单位")
    position = fields.Field(attribute="position", column_name="职务职称")
    term_start = fields.Field(attribute="term_start", column_name="聘任开始")
    term_end = fields.Field(attribute="term_end", column_name="聘任结束")

    class Meta:
        model = Expert
        fields = ("name", "kind", "field", "specialty", "affiliation", "position", "term_start", "term_end")
        export_order = fields

    def dehydrate_kind(self, obj):
        return obj.get_kind_display()

    def dehydrate_field(self, obj):
        return obj.get_field_display()


class ActiveFilter(admin.SimpleListFilter):
    title = _("聘任状态")
    parameter_name = "active"

    def lookups(self, request, model_admin):
        return [("yes", _("在聘")), ("no", _("不在聘"))]

    def queryset(self, request, queryset):
        active = svc.experts_active().values("pk")
        if self.value() == "yes":
            return queryset.filter(pk__in=active)
        if self.value() == "no":
            return queryset.exclude(pk__in=active)
        return queryset


class SubjectKindFilter(admin.SimpleListFilter):
    """The kinds of record experts may be consulted on (not every content type of the site)."""

    title = _("咨询事项类型")
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        models = [apps.get_model(label) for label in sorted(svc.CONSULTABLE)]
        types = ContentType.objects.get_for_models(*models)
        return [(str(types[model].pk), model._meta.verbose_name) for model in models]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdecimal():
            return queryset.filter(content_type_id=int(self.value()))
        return queryset


class ExpertForm(forms.ModelForm):
    class Meta:
        model = Expert
        fields = list(svc.EXPERT_FIELDS)
        widgets = {
            "term_start": forms.DateInput(attrs={"type": "date"}),
            "term_end": forms.DateInput(attrs={"type": "date"}),
        }


class ExpertConsultationInline(ReadOnlyMixin, admin.TabularInline):
    model = Consultation
    fields = ["asked_on", "content_type", "object_id", "question", "received_on"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True


@admin.register(Expert)
class ExpertAdmin(StaffAccessMixin, ServiceSaveMixin, ExcelExport, SimpleHistoryAdmin):
    form = ExpertForm
    resource_classes = [ExpertResource]
    list_display = ["name", "kind", "field", "affiliation", "term_start", "term_end", "active"]
    list_display_links = ["name"]
    list_filter = [ActiveFilter, "kind", "field"]
    search_fields = ["name", "specialty", "affiliation"]
    inlines = [ExpertConsultationInline]

    @admin.display(description=_("在聘"), boolean=True)
    def active(self, obj):
        return obj.is_active

    def perform(self, request, obj, form):
        data = {name: form.cleaned_data.get(name) for name in svc.EXPERT_FIELDS if name in form.cleaned_data}
        return svc.expert_save(actor=request.user, expert=obj, **data)


class ConsultationInline(ReadOnlyMixin, GenericTabularInline):
    """The experts consulted on this record and their written opinions (staff and members)."""

    model = Consultation
    ct_field = "content_type"
    ct_fk_field = "object_id"
    fields = ["expert", "asked_on", "question", "opinion", "received_on"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True
    verbose_name_plural = _("专家咨询意见")


class ConsultationForm(forms.ModelForm):
    class Meta:
        model = Consultation
        fields = ["opinion", "received_on"]
        widgets = {"received_on": forms.DateInput(attrs={"type": "date"})}


@admin.register(Consultation)
class ConsultationAdmin(StaffAccessMixin, ServiceSaveMixin, ExcelExport, SimpleHistoryAdmin):
    """Consultations are recorded on the record's page (咨询专家); here staff keep the written
    opinion once it comes in."""

    form = ConsultationForm
    list_display = ["question_short", "expert", "subject_name", "asked_on", "received_on"]
    list_display_links = ["question_short"]
    list_filter = [SubjectKindFilter, "expert__field", "asked_on"]
    search_fields = ["question", "opinion", "expert__name"]
    list_select_related = ["expert", "content_type"]
    readonly_fields = ["expert", "subject_name", "question", "asked_on", "recorded_by"]
    fields = ["expert", "subject_name", "question", "asked_on", "opinion", "received_on", "recorded_by"]

    def has_add_permission(self, request, *args):
        return False  # a consultation is recorded on the record consulted on (咨询专家)

    @admin.display(description=_("咨询事项"), ordering="question")
    def question_short(self, obj):
        return obj.question[:40]

    @admin.display(description=_("咨询对象"))
    def subject_name(self, obj):
        return f"{obj.content_type.name} #{obj.object_id}"

    def perform(self, request, obj, form):
        return svc.consultation_record_opinion(
            actor=request.user,
            consultation=obj,
            opinion=form.cleaned_data.get("opinion"),
            received_on=form.cleaned_data.get("received_on"),
        )
