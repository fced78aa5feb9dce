"""The preliminary review, state-assets opinions and the published parts (issue 13 items 3 and 7),
in the one order of ``congress.api.actions`` (find → who → parse → service → answer):

- ``GET|POST /api/v1/budget/review-questions/`` — reviewers (staff, members, deputies) read all
  and ask (``year``, ``book``, ``stage``, ``code``, ``text``) → 201 with the ``deadline``; an
  officer of the answering unit (the finance bureau) reads the questions put to it
- ``POST …/review-questions/{id}/answer/`` (that unit's officer; ``answer``) and
  ``…/{id}/withdraw/`` (the asker or staff; ``reason``)
- ``GET|POST /api/v1/budget/review-comments/`` — reviewers' remarks on lines
- ``GET /api/v1/budget/asset-opinions/``, ``POST …/{id}/answer/`` (the unit's officer; ``handling``)
- ``GET /api/v1/public/budget/{year}/assets/`` — the deliberated state-assets reports with the
  committee's opinions; ``…/performance/`` — the published performance evaluations;
  ``…/thematic-reviews/`` — the published thematic reviews (anonymous, 404 before any)
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from budget import permissions, selectors_review
from budget import services_assets as assets
from budget import services_review as services
from budget.api.views import _BOOK_ERRORS, _STAGE_ERRORS, ERRORS
from budget.models import (
    AssetOpinion,
    AssetReport,
    Book,
    FiscalYear,
    PerformanceEvaluation,
    PerformanceIndicator,
    ReviewComment,
    ReviewQuestion,
    Stage,
    ThematicReview,
)
from budget.workflow_assets import OPINION
from budget.workflow_review import QUESTION
from congress.api.actions import ActionView, CreateMixin
from congress.api.serializers import OutputSerializer, text_input

NOT_READER = _("仅限人大常委会工作人员、常委会组成人员、人大代表和被询问单位查看初审询问。")
NOT_OPINION_READER = _("仅限人大常委会工作人员和办理单位的联络员查看审议意见办理情况。")


class ReviewRemarkInput(serializers.Serializer):
    year = serializers.IntegerField(
        label=_("年度"),
        error_messages={"required": _("请填写年度。"), "invalid": _("年度应为四位数字。")},
    )
    book = serializers.ChoiceField(label=_("预算类别"), choices=Book.choices, error_messages=_BOOK_ERRORS)
    stage = serializers.ChoiceField(label=_("阶段"), choices=Stage.choices, error_messages=_STAGE_ERRORS)
    code = serializers.CharField(
        label=_("科目编码"),
        max_length=7,
        required=False,
        allow_blank=True,
        default="",
        help_text=_("空白表示针对整本预算"),
        error_messages={"max_length": _("科目编码最多7位。")},
    )
    text = text_input(_("内容"), _("请填写内容。"), max_length=5000)

    def validate_year(self, value):
        fiscal_year = FiscalYear.objects.filter(year=value).first()
        if fiscal_year is None:
            raise serializers.ValidationError(_("没有 %(y)s 年度的预算。") % {"y": value})
        return fiscal_year


class ReviewAnswerInput(serializers.Serializer):
    answer = text_input(_("答复"), _("请填写答复。"), max_length=20000)


class ReviewWithdrawInput(serializers.Serializer):
    reason = text_input(_("撤回理由"), "", max_length=2000, required=False)


class AssetHandlingInput(serializers.Serializer):
    handling = text_input(_("办理情况"), _("请填写办理情况。"), max_length=20000)


class ReviewQuestionOutput(OutputSerializer):
    year = serializers.IntegerField(source="fiscal_year.year")
    unit_name = serializers.CharField(source="unit.name")
    state_label = serializers.CharField(source="get_state_display")
    deadline = serializers.DateField(help_text=_("答复期限（按规则以工作日计算）"))

    class Meta:
        model = ReviewQuestion
        fields = [
            "id",
            "year",
            "book",
            "stage",
            "code",
            "line_name",
            "text",
            "unit",
            "unit_name",
            "deadline",
            "state",
            "state_label",
            "answer",
            "answered_at",
            "created_at",
        ]
        read_only_fields = fields


class ReviewCommentOutput(OutputSerializer):
    year = serializers.IntegerField(source="fiscal_year.year")

    class Meta:
        model = ReviewComment
        fields = ["id", "year", "book", "stage", "code", "line_name", "text", "created_at"]
        read_only_fields = fields


class AssetOpinionOutput(OutputSerializer):
    report_title = serializers.CharField(source="report.title")
    unit_name = serializers.CharField(source="unit.name", allow_null=True, default=None)
    state_label = serializers.CharField(source="get_state_display")

    class Meta:
        model = AssetOpinion
        fields = [
            "id",
            "report",
            "report_title",
            "text",
            "unit",
            "unit_name",
            "deadline",
            "state",
            "state_label",
            "handling",
            "handled_at",
            "evaluation",
        ]
        read_only_fields = fields


class AssetPublicOpinionOutput(OutputSerializer):
    unit_name = serializers.CharField(source="unit.name", allow_null=True, default=None)
    state_label = serializers.CharField(source="get_state_display")
    handling = serializers.CharField(source="public_handling", help_text=_("办理情况（常委会认可后公开）"))

    class Meta:
        model = AssetOpinion
        fields = ["text", "unit_name", "state", "state_label", "handling"]
        read_only_fields = fields


class BudgetAssetReportOutput(OutputSerializer):
    kind_label = serializers.CharField(source="get_kind_display")
    opinions = AssetPublicOpinionOutput(many=True, help_text=_("常委会审议意见及办理情况"))

    class Meta:
        model = AssetReport
        fields = [
            "year",
            "kind",
            "kind_label",
            "title",
            "total_assets",
            "total_liabilities",
            "net_assets",
            "figures",
            "summary",
            "deliberated_on",
            "opinions",
        ]
        read_only_fields = fields


class BudgetIndicatorOutput(OutputSerializer):
    class Meta:
        model = PerformanceIndicator
        fields = ["name", "target", "actual", "weight", "score"]
        read_only_fields = fields


class BudgetEvaluationOutput(OutputSerializer):
    unit_name = serializers.CharField(source="unit.name")
    grade_label = serializers.CharField(source="get_grade_display")
    indicators = BudgetIndicatorOutput(many=True)

    class Meta:
        model = PerformanceEvaluation
        fields = [
            "id",
            "year",
            "project",
            "unit_name",
            "code",
            "budget_amount",
            "goal",
            "conclusion",
            "score",
            "grade",
            "grade_label",
            "indicators",
        ]
        read_only_fields = fields


class BudgetThematicReviewOutput(OutputSerializer):
    year = serializers.IntegerField(source="fiscal_year.year")
    codes = serializers.ListField(child=serializers.CharField(), help_text=_("涉及的科目编码"))
    hearing = serializers.IntegerField(
        source="public_hearing.pk", allow_null=True, default=None, help_text=_("专项资金听证（已公告的）")
    )
    hearing_title = serializers.CharField(source="public_hearing.title", allow_null=True, default=None)

    class Meta:
        model = ThematicReview
        fields = ["id", "year", "topic", "codes", "findings", "report", "hearing", "hearing_title"]
        read_only_fields = fields


# --- questions and remarks -------------------------------------------------------------------------


def _filter_line(rows, params):
    for key, field in (("year", "fiscal_year__year"), ("book", "book"), ("stage", "stage"), ("code", "code")):
        value = params.get(key)
        if value:
            if key == "year" and not value.isdecimal():
                continue  # not a year: no filter (a list, never an error)
            rows = rows.filter(**{field: value})
    return rows


class QuestionListCreateView(CreateMixin, generics.ListAPIView):
    """Preliminary-review questions the caller may read (newest first) and a reviewer asking one.
    Three queries per page: the count, the rows with year, unit and asker — whatever the data."""

    serializer_class = ReviewQuestionOutput
    input_class = ReviewRemarkInput
    denied_message = services.NOT_REVIEWER
    denied_code = "not_reviewer"

    def get_queryset(self):
        rows = selectors_review.questions_visible_to(self.request.user)
        state = self.request.query_params.get("state")
        if state in ReviewQuestion.State.values:
            rows = rows.filter(state=state)
        return _filter_line(rows, self.request.query_params).order_by("-created_at", "-id")

    def allowed(self, request, obj):
        return permissions.may_review(request.user)

    def perform(self, request, obj, data):
        return services.question_ask(actor=request.user, fiscal_year=data.pop("year"), **data)

    def answer(self, request, obj, question):
        return Response(
            ReviewQuestionOutput(selectors_review.question_get(request.user, question.pk)).data, status=201
        )

    @extend_schema(
        tags=["budget"],
        summary="初审询问列表",
        responses={200: ReviewQuestionOutput(many=True), 403: ERRORS[403]},
    )
    def get(self, request, *args, **kwargs):
        if not permissions.reads_questions(request.user):
            raise PermissionDenied(NOT_READER, code="not_allowed")
        return super().get(request, *args, **kwargs)

    @extend_schema(
        tags=["budget"],
        summary="就预算科目向财政部门提出询问（工作人员、常委会组成人员、代表）：答复期限按规则计算",
        request=ReviewRemarkInput,
        responses={201: ReviewQuestionOutput, **ERRORS},
    )
    def post(self, request, **kwargs):
        return super().post(request, **kwargs)


class _QuestionAction(ActionView):
    workflow = QUESTION

    def find(self, request, **kwargs):
        return selectors_review.question_get(request.user, kwargs["pk"])

    def answer(self, request, obj, result):
        return Response(ReviewQuestionOutput(selectors_review.question_get(request.user, obj.pk)).data)


@extend_schema(
    tags=["budget"],
    summary="答复初审询问（被询问单位）",
    request=ReviewAnswerInput,
    responses={200: ReviewQuestionOutput, **ERRORS},
)
class QuestionAnswerView(_QuestionAction):
    action_code = "answer"
    input_class = ReviewAnswerInput
    denied_message = services.NOT_ANSWERER
    denied_code = "not_answering_unit"

    def perform(self, request, obj, data):
        return services.question_answer(actor=request.user, question=obj, **data)


@extend_schema(
    tags=["budget"],
    summary="撤回初审询问（提问人或工作人员）",
    request=ReviewWithdrawInput,
    responses={200: ReviewQuestionOutput, **ERRORS},
)
class QuestionWithdrawView(_QuestionAction):
    action_code = "withdraw"
    input_class = ReviewWithdrawInput
    denied_message = services.NOT_ASKER
    denied_code = "not_asker"

    def perform(self, request, obj, data):
        return services.question_withdraw(actor=request.user, question=obj, **data)


class CommentListCreateView(CreateMixin, generics.ListAPIView):
    """Reviewers' remarks on the lines (filter by year, book, stage, code) and adding one. Two
    queries per page."""

    serializer_class = ReviewCommentOutput
    input_class = ReviewRemarkInput
    denied_message = services.NOT_REVIEWER
    denied_code = "not_reviewer"

    def get_queryset(self):
        rows = selectors_review.comments_visible_to(self.request.user)
        return _filter_line(rows, self.request.query_params).order_by("-created_at", "-id")

    def allowed(self, request, obj):
        return permissions.may_review(request.user)

    def perform(self, request, obj, data):
        return services.comment_add(actor=request.user, fiscal_year=data.pop("year"), **data)

    def answer(self, request, obj, comment):
        return Response(ReviewCommentOutput(comment).data, status=201)

    @extend_schema(
        tags=["budget"],
        summary="初审意见列表",
        responses={200: ReviewCommentOutput(many=True), 403: ERRORS[403]},
    )
    def get(self, request, *args, **kwargs):
        if not permissions.may_review(request.user):
            raise PermissionDenied(services.NOT_REVIEWER, code="not_reviewer")
        return super().get(request, *args, **kwargs)

    @extend_schema(
        tags=["budget"],
        summary="对预算科目提出初审意见",
        request=ReviewRemarkInput,
        responses={201: ReviewCommentOutput, **ERRORS},
    )
    def post(self, request, **kwargs):
        return super().post(request, **kwargs)


# --- state-assets opinions --------------------------------------------------------------------------


@extend_schema(tags=["budget"])
class OpinionListView(generics.ListAPIView):
    """State-assets review opinions that owe an answer: staff all, a unit officer their units'."""

    serializer_class = AssetOpinionOutput

    def get_queryset(self):
        return selectors_review.asset_opinions_visible_to(self.request.user).order_by("deadline", "id")

    @extend_schema(
        summary="国有资产审议意见办理情况", responses={200: AssetOpinionOutput(many=True), 403: ERRORS[403]}
    )
    def get(self, request, *args, **kwargs):
        if not permissions.reads_findings(request.user):
            raise PermissionDenied(NOT_OPINION_READER, code="not_allowed")
        return super().get(request, *args, **kwargs)


@extend_schema(
    tags=["budget"],
    summary="反馈审议意见办理情况（办理单位）",
    request=AssetHandlingInput,
    responses={200: AssetOpinionOutput, **ERRORS},
)
class OpinionAnswerView(ActionView):
    workflow = OPINION
    action_code = "answer"
    input_class = AssetHandlingInput
    denied_message = assets.NOT_UNIT
    denied_code = "not_unit_officer"

    def find(self, request, **kwargs):
        return selectors_review.asset_opinion_get(request.user, kwargs["pk"])

    def perform(self, request, obj, data):
        return assets.opinion_answer(actor=request.user, opinion=obj, **data)

    def answer(self, request, obj, result):
        return Response(AssetOpinionOutput(selectors_review.asset_opinion_get(request.user, obj.pk)).data)


# --- public ---------------------------------------------------------------------------------------


class _PublicList(APIView):
    permission_classes = [AllowAny]
    throttle_classes = [AnonRateThrottle]
    output_class: type
    selector = None

    def get(self, request, year: int):
        rows = selectors_review.require_any(type(self).selector(year))
        return Response(self.output_class(rows, many=True).data)


@extend_schema(
    tags=["public"],
    summary="国有资产管理情况报告（常委会审议后公开）",
    responses={200: BudgetAssetReportOutput(many=True), 404: ERRORS[404]},
)
class PublicAssetsView(_PublicList):
    output_class = BudgetAssetReportOutput
    selector = staticmethod(selectors_review.asset_reports_public)


@extend_schema(
    tags=["public"],
    summary="重点项目绩效评价结果（公开）",
    responses={200: BudgetEvaluationOutput(many=True), 404: ERRORS[404]},
)
class PublicPerformanceView(_PublicList):
    output_class = BudgetEvaluationOutput
    selector = staticmethod(selectors_review.evaluations_public)


@extend_schema(
    tags=["public"],
    summary="预算专题审查报告（公开）",
    responses={200: BudgetThematicReviewOutput(many=True), 404: ERRORS[404]},
)
class PublicThematicReviewsView(_PublicList):
    output_class = BudgetThematicReviewOutput
    selector = staticmethod(selectors_review.thematic_reviews_public)
