"""Demo post-supervision evaluation (监督后评估): the closed report on education has an
evaluation closed with its results (answers of deputy2 and of the public), the closed report on
public health one open now — deputy1 answers it in the portal, anyone on the website. Through
the services; idempotent (one evaluation per item)."""

from __future__ import annotations

import random

from django.db import transaction

from congress.models import User
from supervision import services
from supervision.models import WorkReport
from supervision.models_evaluation import Evaluation, EvaluationQuestion

Q = EvaluationQuestion.Kind
QUESTIONS = [
    (Q.CHOICE, "您认为审议意见的落实情况如何？", ["全部落实", "大部分落实", "部分落实", "未落实"], True),
    (Q.RATING, "您对整改工作成效的总体评价（1-5分）", [], True),
    (Q.CHOICE, "您是否感受到相关工作的改善？", ["明显改善", "有所改善", "没有变化"], True),
    (Q.TEXT, "您对今后监督工作的意见建议", [], False),
]
EVALUATIONS = [
    # (report title, evaluation title, close it with demo answers)
    ("关于本区教育高质量发展情况的报告", "教育高质量发展专项监督后评估", True),
    ("关于本区公共卫生体系建设情况的报告", "公共卫生体系建设专项监督后评估", False),
]
PUBLIC_TEXTS = ["希望继续关注课后服务质量。", "建议公开整改进度。", "学校周边环境改善明显。"]


def _answers(questions, rng) -> dict:
    answers = {}
    for q in questions:
        if q.kind == Q.CHOICE:
            answers[q.pk] = rng.choices(range(len(q.choices)), weights=[5, 3, 1, 1][: len(q.choices)])[0]
        elif q.kind == Q.RATING:
            answers[q.pk] = rng.choices([5, 4, 3, 2, 1], weights=[4, 4, 2, 1, 1])[0]
        elif rng.random() < 0.3:
            answers[q.pk] = rng.choice(PUBLIC_TEXTS)
    return answers


@transaction.atomic
def load_evaluation_demo() -> None:
    staff = User.objects.filter(username="staff").first()
    if staff is None:
        return
    rng = random.Random(2026)
    for report_title, title, close in EVALUATIONS:
        report = WorkReport.objects.filter(title=report_title, state=WorkReport.State.CLOSED).first()
        if (
            report is None
            or Evaluation.objects.filter(target_id=report.pk, target_type__model="workreport").exists()
        ):
            continue
        evaluation = services.evaluation_create(
            actor=staff,
            target=report,
            title=title,
            intro="为了解审议意见落实和整改成效，请人大代表和社会公众参与评估。评估结果将向社会公开。",
        )
        for kind, text, choices, required in QUESTIONS:
            services.evaluation_question_add(
                actor=staff, evaluation=evaluation, kind=kind, text=text, choices=choices, required=required
            )
        evaluation = services.evaluation_open(actor=staff, evaluation=evaluation)
        if not close:
            continue
        questions = list(evaluation.questions.order_by("order"))
        deputy2 = User.objects.filter(username="deputy2").first()
        if deputy2 is not None:
            services.evaluation_answer_as_deputy(
                actor=deputy2, evaluation=evaluation, answers=_answers(questions, rng)
            )
        for i in range(36):
            services.evaluation_answer_as_public(
                evaluation=evaluation,
                answers=_answers(questions, rng),
                device_token=f"demo-device-{i}",
                address=f"192.0.2.{i % 12 + 1}",
            )
        services.evaluation_close(actor=staff, evaluation=evaluation)
