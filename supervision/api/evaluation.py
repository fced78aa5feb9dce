"""The public API of post-supervision evaluation (监督后评估): the questionnaire (with the
results once closed) and an anonymous answer. One answer per device — the device token the
site keeps in a signed cookie (set by the GET, or by the first answer) — and the rule's daily
limit per network address; both are the service's."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field, inline_serializer
from rest_framework import generics, serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from congress.api.serializers import ErrorSerializer, OutputSerializer
from supervision import selectors_evaluation, services
from supervision.api.views import ERRORS
from supervision.models_evaluation import Evaluation, EvaluationQuestion
from supervision.views.evaluation import device_token, remember_device, target_url


class QuestionOutput(OutputSerializer):
    class Meta:
        model = EvaluationQuestion
        fields = ["id", "order", "kind", "text", "choices", "required"]


class ChoiceResultOutput(serializers.Serializer):
    label = serializers.CharField()
    count = serializers.IntegerField()
    share = serializers.FloatField(help_text="百分比")


class QuestionResultOutput(serializers.Serializer):
    question = serializers.IntegerField(source="question.pk")
    answered = serializers.IntegerField()
    choices = serializers.SerializerMethodField()
    mean = serializers.FloatField(allow_null=True, help_text="评分题的平均分")
    ratings = serializers.SerializerMethodField()

    @extend_schema_field(ChoiceResultOutput(many=True))
    def get_choices(self, obj):
        return [{"label": label, "count": count, "share": share} for label, count, share in obj.choices]

    def get_ratings(self, obj) -> dict[str, int]:
        return {str(score): count for score, count in obj.ratings}


class ResultsOutput(serializers.Serializer):
    responses = serializers.IntegerField()
    deputies = serializers.IntegerField()
    public = serializers.IntegerField()
    questions = QuestionResultOutput(many=True)


class PublicEvaluationOutput(OutputSerializer):
    questions = QuestionOutput(many=True, read_only=True)
    item_url = serializers.SerializerMethodField(help_text="被评估的监督事项的公开页面")
    results = serializers.SerializerMethodField(help_text="评估结束后公布的结果（进行中为 null）")

    class Meta:
        model = Evaluation
        fields = [
            "id",
            "title",
            "intro",
            "state",
            "opened_at",
            "closed_at",
            "item_url",
            "questions",
            "results",
        ]

    def get_item_url(self, obj) -> str:
        return target_url(obj)

    @extend_schema_field(ResultsOutput(allow_null=True))
    def get_results(self, obj):
        if obj.state != Evaluation.State.CLOSED:
            return None
        return ResultsOutput(selectors_evaluation.evaluation_results(obj)).data


class AnswerInput(serializers.Serializer):
    answers = serializers.DictField(
        child=serializers.JSONField(),
        label=_("回答"),
        help_text="问题编号 → 回答：单选题为选项序号（从 0 起），评分题为 1-5，文字题为文字",
        error_messages={"required": _("请填写回答。"), "not_a_dict": _("回答应为“问题编号: 回答”的对象。")},
    )


class PublicEvaluationSummaryOutput(OutputSerializer):
    item_url = serializers.SerializerMethodField(help_text="被评估的监督事项的公开页面")

    class Meta:
        model = Evaluation
        fields = ["id", "title", "state", "opened_at", "closed_at", "item_url"]

    def get_item_url(self, obj) -> str:
        return target_url(obj)


@extend_schema(tags=["public"], responses=PublicEvaluationSummaryOutput(many=True))
class PublicEvaluationListView(generics.ListAPIView):
    """The post-supervision evaluations open now and closed (results on each one's detail),
    for anyone; open ones first. Two queries a page."""

    serializer_class = PublicEvaluationSummaryOutput
    permission_classes = [AllowAny]
    throttle_classes = [AnonRateThrottle]
    filter_backends: list = []

    def get_queryset(self):
        return selectors_evaluation.evaluations_public().select_related("target_type")


@extend_schema(tags=["public"], responses={200: PublicEvaluationOutput, 404: ERRORS[404]})
class PublicEvaluationDetailView(generics.RetrieveAPIView):
    """A post-supervision evaluation's questionnaire (open or closed; the results once closed).
    Sets the device cookie the answer is counted by."""

    serializer_class = PublicEvaluationOutput
    permission_classes = [AllowAny]
    throttle_classes = [AnonRateThrottle]

    def get_object(self):
        return selectors_evaluation.evaluation_get_public(self.kwargs["pk"])

    def retrieve(self, request, *args, **kwargs):
        response = super().retrieve(request, *args, **kwargs)
        token, new = device_token(request)
        return remember_device(response, token) if new else response


@extend_schema(
    tags=["public"],
    summary="提交监督后评估答卷（无需登录）",
    request=AnswerInput,
    responses={
        201: inline_serializer("EvaluationAnswered", {"id": serializers.IntegerField()}),
        400: ERRORS[400],
        404: ERRORS[404],
        409: OpenApiResponse(ErrorSerializer, description=_("评估未在进行中，或本设备已提交过")),
        429: OpenApiResponse(ErrorSerializer, description=_("同一网络地址当天答卷已达上限")),
    },
)
class PublicEvaluationAnswerView(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list = []  # anonymous by design: no session, so no CSRF token needed
    throttle_classes = [AnonRateThrottle]

    def post(self, request, pk: int):
        evaluation = selectors_evaluation.evaluation_get_public(pk)
        serializer = AnswerInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        token, new = device_token(request)
        answered = services.evaluation_answer_as_public(
            evaluation=evaluation,
            answers=serializer.validated_data["answers"],
            device_token=token,
            address=request.META.get("REMOTE_ADDR", ""),
        )
        response = Response({"id": answered.pk}, status=status.HTTP_201_CREATED)
        return remember_device(response, token) if new else response
