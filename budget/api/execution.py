"""The execution-monitoring API (issue 13 item 5), in the one order of ``congress.api.actions``:

- ``POST /api/v1/budget/years/{id}/execution/`` (staff; ``book``, ``month`` 1–12, ``rows`` =
  ``[{code, amount}]``) → 201; all or nothing, 400 naming each bad row
- ``GET /api/v1/budget/warnings/?year=Y`` (staff, members, deputies) → each with ``rule``,
  ``rule_version``, ``code``, ``message``, the figures it saw and what became of it
- ``POST /api/v1/budget/warnings/{id}/ask-unit/`` (staff; ``unit``, ``question``) → 201, the
  question to the unit; ``POST …/{id}/to-supervision/`` (staff) → 201, the supervision item
- ``GET /api/v1/budget/execution-questions/`` (staff all, a unit officer their own) and
  ``POST …/{id}/answer/`` (the unit's officer; ``answer``)
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import generics, serializers
from rest_framework.exceptions import PermissionDenied

from budget import permissions, selectors, selectors_execution
from budget import services_execution as services
from budget.api.views import _BOOK_ERRORS, ERRORS, LineErrorSerializer
from budget.models import Book, BudgetWarning, ExecutionMonth, ExecutionQuestion
from budget.workflow_execution import QUESTION
from congress.api.actions import ActionView
from congress.api.serializers import ErrorSerializer, OutputSerializer
from congress.models import Organization

NOT_READER = _("仅限人大常委会工作人员、常委会组成人员和代表查看预算执行预警。")
NOT_QUESTION_READER = _("仅限人大常委会工作人员和被询问单位的联络员查看预算执行询问。")


def _required(message) -> dict:
    return {"required": message, "blank": message, "null": message}


class ExecutionRowInput(serializers.Serializer):
    code = serializers.CharField(label=_("科目编码"))
    amount = serializers.DecimalField(
        label=_("本月执行数（元）"), max_digits=18, decimal_places=2, coerce_to_string=True
    )


@extend_schema_field(ExecutionRowInput(many=True))
class RowsField(serializers.Field):
    """The rows pass through as given: the service checks each and names every bad row."""

    default_error_messages = {
        "not_a_list": _("rows 应为执行数的列表。"),
        "too_many": _("一次最多导入 100000 行。"),
    }

    def to_internal_value(self, data):
        if not isinstance(data, list):
            self.fail("not_a_list")
        if len(data) > 100000:
            self.fail("too_many")
        return data

    def to_representation(self, value):  # pragma: no cover - input only
        return value


class ExecutionInput(serializers.Serializer):
    book = serializers.ChoiceField(label=_("预算类别"), choices=Book.choices, error_messages=_BOOK_ERRORS)
    month = serializers.IntegerField(
        label=_("月份"),
        min_value=1,
        max_value=12,
        error_messages={
            **_required(_("请填写月份。")),
            "invalid": _("月份应为 1 至 12。"),
            "min_value": _("月份应为 1 至 12。"),
            "max_value": _("月份应为 1 至 12。"),
            "max_string_length": _("月份应为 1 至 12。"),
        },
    )
    rows = RowsField(label=_("执行数"), error_messages={"required": _("请提供执行数。")})


class ExecutionOutput(serializers.Serializer):
    id = serializers.IntegerField()
    year = serializers.IntegerField(source="fiscal_year.year")
    book = serializers.ChoiceField(choices=Book.choices)
    month = serializers.IntegerField()
    count = serializers.IntegerField(source="row_count", help_text=_("导入的行数"))


class ExecutionErrorSerializer(ErrorSerializer):
    rows = LineErrorSerializer(many=True, help_text=_("每一处错误：哪一行、哪个科目、什么问题"))


class BudgetWarningOutput(OutputSerializer):
    year = serializers.IntegerField(source="fiscal_year.year")
    rule = serializers.IntegerField(source="rule_id", help_text=_("预警规则编号"))
    rule_name = serializers.CharField(source="rule.name")
    rule_kind = serializers.CharField(source="rule.kind")
    rule_version = serializers.IntegerField(source="rule_version.version", help_text=_("规则的版本号"))
    month = serializers.IntegerField(help_text=_("截至月份（调整幅度预警为 0：全年）"))
    figures = serializers.DictField(child=serializers.CharField(), help_text=_("预警时看到的数据"))
    question = serializers.IntegerField(source="question_id", allow_null=True, help_text=_("转为的询问"))
    question_state = serializers.CharField(source="question.state", allow_null=True, default=None)
    plan_item = serializers.IntegerField(
        source="plan_item_id", allow_null=True, help_text=_("转为的监督事项")
    )

    class Meta:
        model = BudgetWarning
        fields = [
            "id",
            "year",
            "book",
            "month",
            "code",
            "name",
            "rule",
            "rule_name",
            "rule_kind",
            "rule_version",
            "message",
            "figures",
            "question",
            "question_state",
            "plan_item",
            "created_at",
            "handled_at",
        ]
        read_only_fields = fields


class BudgetWarningsQuery(serializers.Serializer):
    year = serializers.IntegerField(
        label=_("年度"), required=False, error_messages={"invalid": _("年度应为四位数字。")}
    )


class ExecutionQuestionOutput(OutputSerializer):
    unit_name = serializers.CharField(source="unit.name")
    state_label = serializers.CharField(source="get_state_display")
    deadline = serializers.DateField(help_text=_("答复期限（按规则以工作日计算）"))

    class Meta:
        model = ExecutionQuestion
        fields = [
            "id",
            "unit",
            "unit_name",
            "question",
            "deadline",
            "state",
            "state_label",
            "answer",
            "answered_at",
        ]
        read_only_fields = fields


class WarningAskUnitInput(serializers.Serializer):
    unit = serializers.PrimaryKeyRelatedField(
        label=_("被询问单位"),
        queryset=Organization.objects.all(),
        error_messages={
            **_required(_("请选择被询问的单位。")),
            "does_not_exist": _("找不到编号为 {pk_value} 的单位。"),
            "incorrect_type": _("编号应为整数。"),
        },
    )
    question = serializers.CharField(
        label=_("询问内容"),
        required=False,
        allow_blank=True,
        default="",
        max_length=5000,
        error_messages={"max_length": _("内容过长。")},
        help_text=_("不填写时以预警内容询问"),
    )


class WarningPlanItemOutput(serializers.Serializer):
    id = serializers.IntegerField()
    plan = serializers.IntegerField(source="plan_id")
    title = serializers.CharField()


class ExecutionAnswerInput(serializers.Serializer):
    answer = serializers.CharField(
        label=_("答复内容"),
        max_length=20000,
        error_messages={**_required(_("请填写答复内容。")), "max_length": _("内容过长。")},
    )


@extend_schema(
    tags=["budget"],
    summary="导入一本预算一个月的执行数（JSON）",
    request=ExecutionInput,
    responses={
        201: ExecutionOutput,
        400: OpenApiResponse(ExecutionErrorSerializer, description=_("有错误的行，全部未导入")),
        403: ERRORS[403],
        404: ERRORS[404],
    },
)
class ExecutionImportView(ActionView):
    """One month's execution of a book, all or nothing: each code in the year's list, amounts
    in yuan (decimal strings) not negative, each code once. Importing a month again replaces
    it; the year's warnings are scanned again."""

    input_class = ExecutionInput
    output_class = ExecutionOutput
    success_status = 201
    denied_message = services.NOT_STAFF
    denied_code = "not_staff"

    def find(self, request, **kwargs):
        return selectors.fiscal_year_get(kwargs["pk"])

    def allowed(self, request, obj):
        return permissions.can_manage_budget(request.user)

    def perform(self, request, obj, data) -> ExecutionMonth:
        return services.execution_import(fiscal_year=obj, actor=request.user, source="API", **data)


@extend_schema(
    tags=["budget"],
    parameters=[BudgetWarningsQuery],
    responses={200: BudgetWarningOutput(many=True), **ERRORS},
)
class WarningListView(generics.ListAPIView):
    """The warnings the scan found, newest month first: the rule and its version, the line,
    the message and the figures it saw, and what became of it."""

    serializer_class = BudgetWarningOutput
    filter_backends: list = []

    def get_queryset(self):
        query = BudgetWarningsQuery(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        return selectors_execution.warnings_visible_to(
            self.request.user, year=query.validated_data.get("year")
        )

    def get(self, request, *args, **kwargs):
        if not selectors_execution.reads_warnings(request.user):
            raise PermissionDenied(NOT_READER, code="not_allowed")
        return super().get(request, *args, **kwargs)


class _WarningAction(ActionView):
    success_status = 201
    denied_message = services.NOT_STAFF
    denied_code = "not_staff"

    def find(self, request, **kwargs):
        return selectors_execution.warning_get(request.user, kwargs["pk"])

    def allowed(self, request, obj):
        return permissions.is_staff(request.user)


@extend_schema(
    tags=["budget"],
    summary="预警转为向单位询问（工作人员）",
    request=WarningAskUnitInput,
    responses={201: ExecutionQuestionOutput, 409: ErrorSerializer, **ERRORS},
)
class WarningAskUnitView(_WarningAction):
    input_class = WarningAskUnitInput
    output_class = ExecutionQuestionOutput

    def perform(self, request, obj, data):
        return services.warning_ask_unit(actor=request.user, warning=obj, **data)


@extend_schema(
    tags=["budget"],
    summary="预警转为监督事项（工作人员）：列入本年度监督工作计划",
    request=None,
    responses={201: WarningPlanItemOutput, 409: ErrorSerializer, **ERRORS},
)
class WarningToSupervisionView(_WarningAction):
    output_class = WarningPlanItemOutput

    def perform(self, request, obj, data):
        return services.warning_to_supervision(actor=request.user, warning=obj)


@extend_schema(tags=["budget"], responses={200: ExecutionQuestionOutput(many=True), 403: ERRORS[403]})
class QuestionListView(generics.ListAPIView):
    """Questions to units: staff all, a unit officer their units' only, soonest deadline first."""

    serializer_class = ExecutionQuestionOutput
    filter_backends: list = []

    def get_queryset(self):
        return selectors_execution.questions_visible_to(self.request.user).order_by("deadline", "id")

    def get(self, request, *args, **kwargs):
        if not permissions.reads_findings(request.user):
            raise PermissionDenied(NOT_QUESTION_READER, code="not_allowed")
        return super().get(request, *args, **kwargs)


@extend_schema(
    tags=["budget"],
    summary="答复预算执行询问（被询问单位）",
    request=ExecutionAnswerInput,
    responses={200: ExecutionQuestionOutput, 409: ErrorSerializer, **ERRORS},
)
class QuestionAnswerView(ActionView):
    workflow = QUESTION
    action_code = "answer"
    input_class = ExecutionAnswerInput
    output_class = ExecutionQuestionOutput
    denied_message = services.NOT_UNIT
    denied_code = "not_unit_officer"

    def find(self, request, **kwargs):
        return selectors_execution.question_get(request.user, kwargs["pk"])

    def perform(self, request, obj, data):
        return services.question_answer(actor=request.user, question=obj, **data)
