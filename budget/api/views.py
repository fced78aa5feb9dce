"""The budget API (issue 13's contract): fiscal years, a book stage's lines imported as JSON, a
level of a book read, and the public disclosure of approved budgets and final accounts."""

from __future__ import annotations

import json
from collections.abc import Iterator

from django.http import Http404, StreamingHttpResponse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import generics, serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from budget import permissions, selectors, services
from budget.models import PUBLIC_STAGES, Book, FiscalYear, Stage
from congress.api.actions import ActionView, CreateMixin
from congress.api.serializers import ErrorSerializer, OutputSerializer

NOT_STAFF = _("仅限人大常委会预算工作机构的工作人员导入和维护预算数据。")
ERRORS = {
    400: OpenApiResponse(ErrorSerializer, description=_("输入有误（字段错误）")),
    403: OpenApiResponse(ErrorSerializer, description=_("无权执行此操作")),
    404: OpenApiResponse(ErrorSerializer, description=_("不存在或无权查看")),
}
_BOOK_ERRORS = {
    "invalid_choice": _("预算类别应为 general、fund、capital 或 social_insurance。"),
    "required": _("请选择预算类别。"),
}
_STAGE_ERRORS = {
    "invalid_choice": _("阶段应为 draft、approved、adjusted 或 final。"),
    "required": _("请选择阶段。"),
}


# --- serializers ---------------------------------------------------------------------------------


class FiscalYearInput(serializers.Serializer):
    year = serializers.IntegerField(
        label=_("年度"),
        min_value=2000,
        max_value=2100,
        error_messages={
            "required": _("请填写年度。"),
            "invalid": _("年度应为四位数字。"),
            "min_value": _("年度应在 2000 至 2100 之间。"),
            "max_value": _("年度应在 2000 至 2100 之间。"),
        },
    )


class FiscalYearOutput(OutputSerializer):
    class Meta:
        model = FiscalYear
        fields = ["id", "year"]


class LineInput(serializers.Serializer):
    code = serializers.CharField(label=_("科目编码"), help_text=_("3 位（类）、5 位（款）或 7 位（项）"))
    name = serializers.CharField(label=_("科目名称"), required=False, allow_blank=True)
    economic_code = serializers.CharField(
        label=_("经济分类科目编码"),
        required=False,
        allow_blank=True,
        help_text=_(
            "可选：支出经济分类的类（3 位）或款（5 位），如 30201、50201；须在平台内置的经济分类科目表中"
        ),
    )
    amount = serializers.DecimalField(
        label=_("金额（元）"),
        max_digits=18,
        decimal_places=2,
        coerce_to_string=True,
        help_text=_("元，十进制字符串"),
    )


@extend_schema_field(LineInput(many=True))
class LinesField(serializers.Field):
    """The lines pass through as given: the service checks each one and names every bad line
    in one answer (a nested serializer would stop at the first shape error and cost seconds on
    a 20,000-line book)."""

    default_error_messages = {
        "not_a_list": _("lines 应为科目行的列表。"),
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


class BookStageInput(serializers.Serializer):
    book = serializers.ChoiceField(label=_("预算类别"), choices=Book.choices, error_messages=_BOOK_ERRORS)
    stage = serializers.ChoiceField(label=_("阶段"), choices=Stage.choices, error_messages=_STAGE_ERRORS)
    lines = LinesField(label=_("科目行"), error_messages={"required": _("请提供科目行。")})


class BookStageOutput(serializers.Serializer):
    id = serializers.IntegerField()
    year = serializers.IntegerField(source="fiscal_year.year")
    book = serializers.ChoiceField(choices=Book.choices)
    stage = serializers.ChoiceField(choices=Stage.choices)
    count = serializers.IntegerField(source="line_count", help_text=_("导入的科目行数"))


class LineErrorSerializer(serializers.Serializer):
    line = serializers.IntegerField(help_text=_("第几行（JSON 列表中从 1 起的序号）"))
    code = serializers.CharField()
    message = serializers.CharField()


class ImportErrorSerializer(ErrorSerializer):
    lines = LineErrorSerializer(many=True, help_text=_("每一处错误：哪一行、哪个科目、什么问题"))


class LinesQuery(serializers.Serializer):
    year = serializers.IntegerField(
        label=_("年度"), error_messages={"required": _("请填写年度。"), "invalid": _("年度应为四位数字。")}
    )
    book = serializers.ChoiceField(label=_("预算类别"), choices=Book.choices, error_messages=_BOOK_ERRORS)
    stage = serializers.ChoiceField(label=_("阶段"), choices=Stage.choices, error_messages=_STAGE_ERRORS)
    parent = serializers.RegexField(
        r"^\d{3}(\d{2})?$",
        label=_("上级科目编码"),
        required=False,
        allow_blank=True,
        default="",
        error_messages={"invalid": _("上级科目编码应为 3 位或 5 位数字。")},
    )


class LineOutput(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    amount = serializers.DecimalField(max_digits=18, decimal_places=2, help_text=_("元"))
    has_children = serializers.BooleanField()
    economic_code = serializers.CharField(help_text=_("支出经济分类科目编码；没有则为空"))
    economic_name = serializers.CharField(help_text=_("支出经济分类科目名称；没有则为空"))


class PublicLineOutput(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    amount = serializers.DecimalField(max_digits=18, decimal_places=2, help_text=_("元"))
    level = serializers.IntegerField(help_text=_("1 类，2 款，3 项"))
    parent_code = serializers.CharField()
    economic_code = serializers.CharField(help_text=_("支出经济分类科目编码；没有则为空"))


class PublicStageOutput(serializers.Serializer):
    stage = serializers.ChoiceField(choices=Stage.choices, help_text=_("批准预算、调整预算或决算"))
    stage_label = serializers.CharField()
    revenue_total = serializers.DecimalField(max_digits=18, decimal_places=2, allow_null=True)
    expenditure_total = serializers.DecimalField(max_digits=18, decimal_places=2, allow_null=True)
    lines = PublicLineOutput(many=True)


class PublicBookOutput(serializers.Serializer):
    year = serializers.IntegerField()
    book = serializers.ChoiceField(choices=Book.choices)
    book_label = serializers.CharField()
    stages = PublicStageOutput(many=True)


class PublicBookQuery(serializers.Serializer):
    book = serializers.ChoiceField(
        label=_("预算类别"),
        choices=Book.choices,
        required=False,
        default=Book.GENERAL,
        error_messages=_BOOK_ERRORS,
    )


# --- views ---------------------------------------------------------------------------------------


@extend_schema(tags=["budget"])
class FiscalYearListCreateView(CreateMixin, generics.ListAPIView):
    """Fiscal years (anyone signed in reads the list); staff create one, which starts with the
    latest code list."""

    serializer_class = FiscalYearOutput
    input_class = FiscalYearInput
    output_class = FiscalYearOutput
    denied_message = NOT_STAFF
    denied_code = "not_staff"
    filter_backends: list = []
    pagination_class = None
    queryset = FiscalYear.objects.order_by("-year")

    def allowed(self, request, obj):
        return permissions.can_manage_budget(request.user)

    def perform(self, request, obj, data):
        return services.fiscal_year_create(actor=request.user, **data)

    @extend_schema(responses=FiscalYearOutput(many=True))
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(request=FiscalYearInput, responses={201: FiscalYearOutput, **ERRORS})
    def post(self, request, **kwargs):
        return super().post(request, **kwargs)


@extend_schema(
    tags=["budget"],
    summary="导入一本预算的一个阶段（JSON）",
    request=BookStageInput,
    responses={
        201: BookStageOutput,
        400: OpenApiResponse(ImportErrorSerializer, description=_("有错误的科目行，全部未导入")),
        403: ERRORS[403],
        404: ERRORS[404],
    },
)
class BookStageImportView(ActionView):
    """A book's stage as JSON, all or nothing: each code in the year's list, amounts in yuan
    (decimal strings) not negative, each parent the sum of its children. Importing a stage
    again replaces its lines."""

    input_class = BookStageInput
    output_class = BookStageOutput
    success_status = 201
    denied_message = NOT_STAFF
    denied_code = "not_staff"

    def find(self, request, **kwargs):
        return selectors.fiscal_year_get(kwargs["pk"])

    def allowed(self, request, obj):
        return permissions.can_manage_budget(request.user)

    def perform(self, request, obj, data):
        return services.book_stage_import(fiscal_year=obj, actor=request.user, source="API", **data)


@extend_schema(tags=["budget"], parameters=[LinesQuery], responses={200: LineOutput(many=True), **ERRORS})
class LineListView(APIView):
    """The children of a line (``parent``), or the top level without it: code, name, amount,
    whether it has children. Drafts for staff, members and deputies; approved, adjusted and
    final stages for anyone signed in."""

    def get(self, request):
        query = LinesQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        q = query.validated_data
        book_stage = selectors.book_stage_get(
            year=q["year"], book=q["book"], stage=q["stage"], stages=selectors.visible_stages(request.user)
        )
        lines = selectors.level_lines(book_stage.pk, q["parent"])
        return Response(LineOutput(lines, many=True).data)


class EconomicRowOutput(serializers.Serializer):
    code = serializers.CharField(help_text=_("经济分类的类（3 位）；空为未列经济分类"))
    name = serializers.CharField()
    amount = serializers.DecimalField(max_digits=18, decimal_places=2, help_text=_("元"))


@extend_schema(
    tags=["budget"], parameters=[LinesQuery], responses={200: EconomicRowOutput(many=True), **ERRORS}
)
class EconomicBreakdownView(APIView):
    """The expenditure under a functional line (``parent``; all expenditure without it) by
    economic classification 类, summed by the database over the lines with no children. The
    same walls as the lines."""

    def get(self, request):
        query = LinesQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        q = query.validated_data
        book_stage = selectors.book_stage_get(
            year=q["year"], book=q["book"], stage=q["stage"], stages=selectors.visible_stages(request.user)
        )
        rows = selectors.economic_breakdown(
            year=q["year"], book=q["book"], parent=q["parent"], stages=[book_stage.stage]
        )
        data = [
            {"code": r["code"], "name": r["name"], "amount": r["amounts"][book_stage.stage]} for r in rows
        ]
        return Response(EconomicRowOutput(data, many=True).data)


_JSON = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(",", ":"))
_AMOUNT = serializers.DecimalField(max_digits=18, decimal_places=2)
_LINES_PER_CHUNK = 1000


def _json(value) -> str:
    """What DRF's JSONRenderer writes for ``value`` (compact, UTF-8, U+2028/9 escaped)."""
    return _JSON.encode(value).replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def _json_open(value: dict) -> str:
    """``value`` (whose last key is an empty list) without its closing ``]}``: the list's
    items follow."""
    return _json(value)[:-2]


def _amount(value):
    return None if value is None else _AMOUNT.to_representation(value)


def _public_book_json(year: int, book: str, stages: list, totals: dict) -> Iterator[bytes]:
    """The public book in ``PublicBookOutput``'s shape, byte for byte what DRF rendered when
    the whole book was serialized at once, written as the lines come from the database (one
    query read in chunks), so a 40,000-line book never sits in memory whole."""
    yield _json_open(
        {"year": int(year), "book": book, "book_label": str(Book(book).label), "stages": []}
    ).encode()
    rows = selectors.public_line_rows([s.pk for s in stages], chunk_size=2 * _LINES_PER_CHUNK)
    row = next(rows, None)
    for i, stage in enumerate(stages):
        stage_totals = totals.get(stage.pk, {})
        head = {
            "stage": stage.stage,
            "stage_label": str(stage.get_stage_display()),
            "revenue_total": _amount(stage_totals.get("revenue")),
            "expenditure_total": _amount(stage_totals.get("expenditure")),
            "lines": [],
        }
        yield (("," if i else "") + _json_open(head)).encode()
        chunk: list[dict] = []
        separator = ""  # before the stage's next chunk
        while row is not None and row[0] == stage.pk:
            _, code, name, amount, level, parent_code, economic_code = row
            chunk.append(
                {
                    "code": code,
                    "name": name,
                    "amount": _AMOUNT.to_representation(amount),
                    "level": level,
                    "parent_code": parent_code,
                    "economic_code": economic_code,
                }
            )
            row = next(rows, None)
            if len(chunk) == _LINES_PER_CHUNK or row is None or row[0] != stage.pk:
                yield (separator + _json(chunk)[1:-1]).encode()
                separator = ","
                chunk = []
        yield b"]}"
    yield b"]}"


@extend_schema(tags=["public"], parameters=[PublicBookQuery], responses={200: PublicBookOutput, **ERRORS})
class PublicBookView(APIView):
    """A book's approved budget (and its adjusted budget and final accounts once they exist),
    every line, for anyone; 404 until the approved budget is there. The answer is streamed:
    written as the lines are read."""

    permission_classes = [AllowAny]
    throttle_classes = [AnonRateThrottle]

    def get(self, request, year: int):
        query = PublicBookQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        book = query.validated_data["book"]
        stages = [s for s in selectors.year_stages(year, PUBLIC_STAGES) if s.book == book]
        if not stages:
            raise Http404
        order = {s: i for i, s in enumerate(Stage.values)}
        stages.sort(key=lambda s: order[s.stage])
        totals = selectors.stage_totals(s.pk for s in stages)
        return StreamingHttpResponse(
            _public_book_json(year, book, stages, totals), content_type="application/json"
        )
