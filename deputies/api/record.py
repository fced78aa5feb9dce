"""The public performance record of a deputy (履职档案, seed 十四): anonymous, the counts of the
year asked per kind and the yearly score — gathered, never typed; no personal data at all."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from congress.api.public_cache import PublicCacheMixin
from congress.exceptions import ApplicationError
from deputies.selectors import deputy_get_public
from deputies.selectors_record import deputy_record


class RecordItemOutput(serializers.Serializer):
    code = serializers.CharField(
        help_text=_("履职项目代码，如 proposals_lead、activities_attended、training_hours")
    )
    label = serializers.CharField()
    count = serializers.DecimalField(max_digits=9, decimal_places=1, coerce_to_string=False)


class YearScoreOutput(serializers.Serializer):
    year = serializers.IntegerField()
    score = serializers.DecimalField(max_digits=7, decimal_places=1, coerce_to_string=False)


class PublicRecordOutput(serializers.Serializer):
    deputy = serializers.IntegerField(help_text=_("代表编号"))
    name = serializers.CharField()
    term = serializers.CharField()
    year = serializers.IntegerField()
    counts = serializers.DictField(
        child=serializers.DecimalField(max_digits=9, decimal_places=1, coerce_to_string=False),
        help_text=_("本年度各项履职记录的次数（培训学时为小时数）；只含代表选择公开的项目"),
    )
    items = RecordItemOutput(many=True)
    score = serializers.DecimalField(
        max_digits=7, decimal_places=1, coerce_to_string=False, help_text=_("按评分规则计算的年度履职评分")
    )
    years = YearScoreOutput(many=True, help_text=_("任期内各年度的评分"))


@extend_schema(
    tags=["public"],
    parameters=[OpenApiParameter("year", int, description="年度（本届任期内；默认今年）")],
    responses=PublicRecordOutput,
)
class PublicDeputyRecordView(PublicCacheMixin, APIView):
    """A serving deputy's performance record for one year, for anyone: the count of each kind
    (proposals led and co-signed, meetings, activities, trainings and hours, reports to voters,
    receptions and opinions where stations are kept) — only the items the deputy marked public
    — and the score by the rules (over every item). 400 for a year
    outside the deputy's term, 404 for an unknown deputy."""

    permission_classes = [AllowAny]
    throttle_classes = [AnonRateThrottle]

    def get(self, request, pk: int):
        deputy = deputy_get_public(pk=pk)
        raw = request.query_params.get("year")
        year = None
        if raw not in (None, ""):
            term = deputy.term
            if not raw.isdecimal() or not term.start_year <= int(raw) <= term.end_year:
                message = _("年度应为本届任期内的年份（%(a)d—%(b)d）。") % {
                    "a": term.start_year,
                    "b": term.end_year,
                }
                raise ApplicationError(message, code="invalid", extra={"year": [message]})
            year = int(raw)
        record = deputy_record(deputy, year, public=True)
        current = record["current"]
        data = {
            "deputy": deputy.pk,
            "name": deputy.name,
            "term": deputy.term.name,
            "year": current.year,
            "counts": {item.code: item.count for item in current.items},
            "items": [{"code": i.code, "label": i.label, "count": i.count} for i in current.items],
            "score": current.score,
            "years": [{"year": r.year, "score": r.score} for r in record["by_year"]],
        }
        return Response(PublicRecordOutput(data).data)
