"""The filing-review API (备案审查): thin, in the one order of ``congress.api.actions`` — find
through a selector (404 outside the wall), the declared action's who-predicate (403 whatever
the body), parse (400, Chinese field messages), one service (409 ``invalid_transition`` from
the wrong state), answer with an output serializer. The public register and the citizens'
review suggestions need no account."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import generics, serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from congress.api.actions import ActionView, CreateMixin
from congress.api.public_cache import PublicCacheMixin
from congress.api.serializers import ErrorSerializer, OutputSerializer, text_input
from supervision import selectors_filings as sel
from supervision.api.serializers import _required, unit_field
from supervision.api.views import ERRORS
from supervision.models import FilingOpinion, FilingSuggestion, NormativeDocument
from supervision.services import filings as svc
from supervision.services._common import NOT_STAFF, NOT_UNIT
from supervision.workflow_filings import FILING

DATE_ERRORS = {"invalid": _("日期格式应为 YYYY-MM-DD。")}


def _article_field():
    return serializers.IntegerField(
        label=_("条款序号"),
        required=False,
        allow_null=True,
        default=None,
        min_value=1,
        max_value=10000,
        help_text=_("第几条（按文件中出现的顺序）；不填为针对全文"),
        error_messages={
            "invalid": _("条款序号应为整数。"),
            "min_value": _("条款序号应为正整数。"),
            "max_value": _("条款序号过大。"),
        },
    )


# --- inputs ----------------------------------------------------------------------------------------


class FilingCreateInput(serializers.Serializer):
    title = text_input(_("文件名称"), _("请填写文件名称。"), max_length=200)
    doc_number = text_input(_("文号"), _("请填写文号。"), max_length=100)
    published_on = serializers.DateField(
        label=_("公布日期"), error_messages={**_required(_("请填写公布日期。")), **DATE_ERRORS}
    )
    text = text_input(_("文件全文"), _("请填写文件全文。"), max_length=svc.TEXT_LIMIT)
    unit = unit_field(_("制定机关"), required=False, message=_("请选择制定机关。"))
    pdf = serializers.FileField(
        label=_("文件PDF"),
        required=False,
        allow_null=True,
        default=None,
        error_messages={"invalid": _("请上传PDF文件。"), "empty": _("上传的文件是空的。")},
    )


class FilingReviewInput(serializers.Serializer):
    outcome = serializers.ChoiceField(
        label=_("审查结论"),
        choices=NormativeDocument.Outcome.choices,
        error_messages={
            **_required(_("请选择审查结论。")),
            "invalid_choice": _("审查结论无效（无问题、要求纠正或撤销）。"),
        },
    )
    opinion = text_input(_("审查意见"), _("请填写审查意见。"), max_length=svc.OPINION_LIMIT)
    article = _article_field()
    correction_due = serializers.DateField(
        label=_("纠正期限"), required=False, allow_null=True, default=None, error_messages=DATE_ERRORS
    )


class FilingCorrectionInput(serializers.Serializer):
    corrected_text = text_input(
        _("纠正后的文件全文"), _("请填写纠正后的文件全文。"), max_length=svc.TEXT_LIMIT
    )
    note = text_input(_("纠正说明"), "", max_length=5000, required=False)


class SuggestionInput(serializers.Serializer):
    content = text_input(_("审查建议"), _("请填写审查建议。"), max_length=5000)
    name = text_input(_("姓名"), "", max_length=50, required=False)
    mobile = text_input(_("手机号码"), "", max_length=20, required=False)
    article = _article_field()


# --- outputs ---------------------------------------------------------------------------------------


class FilingListOutput(OutputSerializer):
    unit_name = serializers.CharField(source="unit.name")
    state_label = serializers.CharField(source="get_state_display")
    outcome_label = serializers.CharField(source="get_outcome_display")

    class Meta:
        model = NormativeDocument
        fields = [
            "id",
            "unit",
            "unit_name",
            "title",
            "doc_number",
            "published_on",
            "filed_on",
            "late",
            "days_late",
            "state",
            "state_label",
            "outcome",
            "outcome_label",
            "review_due",
            "correction_due",
        ]
        read_only_fields = fields


class ArticleOutput(serializers.Serializer):
    number = serializers.IntegerField()
    label = serializers.CharField()
    text = serializers.CharField()


class OpinionOutput(OutputSerializer):
    class Meta:
        model = FilingOpinion
        fields = ["id", "article", "article_label", "content", "created_at"]
        read_only_fields = fields


class FilingOutput(FilingListOutput):
    articles = ArticleOutput(many=True)
    opinions = OpinionOutput(many=True)

    class Meta(FilingListOutput.Meta):
        fields = [
            *FilingListOutput.Meta.fields,
            "filing_due",
            "text",
            "articles",
            "opinion",
            "reviewed_at",
            "opinions",
            "corrected_text",
            "correction_note",
            "corrected_at",
            "closed_at",
        ]
        read_only_fields = fields


class PublicFilingListOutput(FilingListOutput):
    class Meta(FilingListOutput.Meta):
        fields = [f for f in FilingListOutput.Meta.fields if f not in ("review_due", "correction_due")]
        read_only_fields = fields


class PublicFilingOutput(PublicFilingListOutput):
    articles = ArticleOutput(many=True)
    opinion = serializers.SerializerMethodField(help_text=_("审查结论作出后公开"))

    class Meta(PublicFilingListOutput.Meta):
        fields = [*PublicFilingListOutput.Meta.fields, "text", "articles", "opinion", "corrected_text"]
        read_only_fields = fields

    corrected_text = serializers.SerializerMethodField(help_text=_("纠正经确认后公开"))

    def get_opinion(self, obj) -> str:
        return obj.opinion if obj.outcome else ""

    def get_corrected_text(self, obj) -> str:
        return obj.corrected_text if obj.state == NormativeDocument.State.CORRECTED else ""


class SuggestionStatusOutput(OutputSerializer):
    filing_title = serializers.CharField(source="filing.title")
    state_label = serializers.CharField(source="get_state_display")
    result_label = serializers.CharField(source="get_result_display")

    class Meta:
        model = FilingSuggestion
        fields = [
            "receipt",
            "filing",
            "filing_title",
            "article",
            "article_label",
            "state",
            "state_label",
            "answer_due",
            "result",
            "result_label",
            "answer",
            "answered_at",
        ]
        read_only_fields = fields


# --- views -----------------------------------------------------------------------------------------


def _detail(request, pk: int):
    return Response(FilingOutput(sel.filing_with_record(request.user, pk)).data)


@extend_schema(tags=["supervision"])
class FilingListCreateView(CreateMixin, generics.ListAPIView):
    """Filed normative documents the caller may see (staff, members: all; a unit officer: their
    units'), newest first; a unit officer (or staff, naming the unit) files one: 201 with
    ``late`` true when filed after the legal time from publication."""

    serializer_class = FilingListOutput
    filter_backends: list = []
    input_class = FilingCreateInput
    denied_message = _("仅限制定机关联络员或工作人员报备。")
    denied_code = "not_unit_officer"

    def get_queryset(self):
        return sel.filing_list_visible_to(
            self.request.user,
            search=self.request.query_params.get("search", ""),
            state=self.request.query_params.get("state", ""),
        )

    def allowed(self, request, obj):
        return FILING["create"].permission(request.user, None)

    def perform(self, request, obj, data):
        return svc.filing_create(actor=request.user, **data)

    def answer(self, request, obj, filing):
        return Response(FilingOutput(sel.filing_with_record(request.user, filing.pk)).data, status=201)

    @extend_schema(
        responses=FilingListOutput(many=True),
        parameters=[
            OpenApiParameter("search", str, description=_("文件名称、文号或制定机关中的词")),
            OpenApiParameter("state", str, enum=NormativeDocument.State.values),
        ],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        request={"application/json": FilingCreateInput, "multipart/form-data": FilingCreateInput},
        responses={201: FilingOutput, **ERRORS},
    )
    def post(self, request, **kwargs):
        return super().post(request, **kwargs)


@extend_schema(tags=["supervision"], responses={200: FilingOutput, 404: ERRORS[404]})
class FilingDetailView(generics.RetrieveAPIView):
    serializer_class = FilingOutput

    def get_object(self):
        return sel.filing_with_record(self.request.user, self.kwargs["pk"])


class _FilingAction(ActionView):
    workflow = FILING
    denied_message = NOT_STAFF
    denied_code = "not_staff"

    def find(self, request, **kwargs):
        return sel.filing_get_for_user(request.user, kwargs["pk"])

    def answer(self, request, obj, result):
        return _detail(request, obj.pk)


@extend_schema(
    tags=["supervision"],
    summary="作出审查结论（工作人员）：无问题、要求纠正（可定纠正期限）或撤销",
    request=FilingReviewInput,
    responses={200: FilingOutput, **ERRORS},
)
class FilingReviewView(_FilingAction):
    action_code = "review"
    input_class = FilingReviewInput

    def perform(self, request, obj, data):
        return svc.filing_review(actor=request.user, filing=obj, **data)


@extend_schema(
    tags=["supervision"],
    summary="报送纠正后文本（制定机关）",
    request=FilingCorrectionInput,
    responses={200: FilingOutput, **ERRORS},
)
class FilingCorrectionView(_FilingAction):
    action_code = "submit_correction"
    input_class = FilingCorrectionInput
    denied_message = NOT_UNIT
    denied_code = "not_unit_officer"

    def perform(self, request, obj, data):
        return svc.filing_submit_correction(actor=request.user, filing=obj, **data)


STATISTICS = inline_serializer(
    "FilingStatistics",
    {
        "year": serializers.IntegerField(),
        **{name: serializers.IntegerField() for name, _label in svc.STATISTICS_COLUMNS},
    },
)


@extend_schema(
    tags=["supervision"],
    summary="备案审查年度统计（工作人员、常委会组成人员）",
    parameters=[OpenApiParameter("year", int, description=_("年度，默认今年"))],
    responses={200: STATISTICS, 400: ERRORS[400], 403: ERRORS[403]},
)
class FilingStatisticsView(APIView):
    def get(self, request):
        if not sel.sees_all_filings(request.user):
            return Response({"detail": str(NOT_STAFF), "code": "not_staff"}, status=403)
        raw = request.query_params.get("year") or str(timezone.localdate().year)
        if not raw.isdecimal() or not 2000 <= int(raw) <= 2100:
            message = str(_("年度应为 2000 至 2100 之间的整数。"))
            return Response({"detail": message, "code": "invalid", "year": [message]}, status=400)
        return Response(svc.filing_statistics(year=int(raw)))


# --- public ----------------------------------------------------------------------------------------


@extend_schema(
    tags=["public"],
    parameters=[
        OpenApiParameter(
            "search", str, description=_("文件名称、文号或制定机关中的词（空格分隔，须全部包含）")
        ),
        OpenApiParameter("state", str, enum=NormativeDocument.State.values),
    ],
    responses=PublicFilingListOutput(many=True),
)
class PublicFilingListView(PublicCacheMixin, generics.ListAPIView):
    """The public register: every filed normative document with its state and outcome."""

    serializer_class = PublicFilingListOutput
    permission_classes = [AllowAny]
    throttle_classes = [AnonRateThrottle]
    filter_backends: list = []

    def get_queryset(self):
        params = self.request.query_params
        return sel.register(search=params.get("search", ""), state=params.get("state", ""))


@extend_schema(tags=["public"], responses={200: PublicFilingOutput, 404: ERRORS[404]})
class PublicFilingDetailView(PublicCacheMixin, generics.RetrieveAPIView):
    serializer_class = PublicFilingOutput
    permission_classes = [AllowAny]
    throttle_classes = [AnonRateThrottle]

    def get_object(self):
        return sel.filing_get_public(self.kwargs["pk"])


@extend_schema(
    tags=["public"],
    summary="提出审查建议（无需登录）",
    request=SuggestionInput,
    responses={
        201: inline_serializer("FilingSuggestionReceived", {"receipt": serializers.CharField()}),
        400: ERRORS[400],
        404: ERRORS[404],
        429: OpenApiResponse(ErrorSerializer, description=_("同一网络地址当天提交已达上限")),
    },
)
class PublicSuggestionView(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list = []  # anonymous by design: no session, so no CSRF token needed
    throttle_classes = [AnonRateThrottle]

    def post(self, request, pk: int):
        filing = sel.filing_get_public(pk)
        serializer = SuggestionInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        suggestion = svc.suggestion_submit(
            filing=filing, address=request.META.get("REMOTE_ADDR", ""), **serializer.validated_data
        )
        return Response({"receipt": suggestion.receipt}, status=status.HTTP_201_CREATED)


@extend_schema(tags=["public"], responses={200: SuggestionStatusOutput, 404: ERRORS[404]})
class PublicSuggestionStatusView(generics.RetrieveAPIView):
    """A review suggestion followed by its receipt number: the state and, once answered, the
    result (never the name or the mobile)."""

    serializer_class = SuggestionStatusOutput
    permission_classes = [AllowAny]
    throttle_classes = [AnonRateThrottle]

    def get_object(self):
        return sel.suggestion_by_receipt(self.kwargs["receipt"])
