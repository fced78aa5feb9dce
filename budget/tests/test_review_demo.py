"""The demo district's preliminary review, state assets and performance: questions answered,
due and overdue; the finance bureau's officer ``finance1`` sees the questions put to it; the
public pages of the deliberated reports and published evaluations; loading twice adds nothing."""

import pytest

from budget.models import AssetOpinion, PerformanceEvaluation, ReviewQuestion, ThematicReview
from congress.demo import load_demo
from congress.tests.demo_snapshot import load_demo_cached

pytestmark = pytest.mark.django_db


def test_demo_review_assets_and_performance(client, settings):
    settings.CONGRESS_ALLOW_DEMO_DATA = True
    load_demo_cached()
    counts = (
        ReviewQuestion.objects.count(),
        AssetOpinion.objects.count(),
        PerformanceEvaluation.objects.count(),
    )
    load_demo()  # idempotent
    assert (
        ReviewQuestion.objects.count(),
        AssetOpinion.objects.count(),
        PerformanceEvaluation.objects.count(),
    ) == counts
    assert set(ReviewQuestion.objects.values_list("state", flat=True)) == {"asked", "answered"}
    assert set(AssetOpinion.objects.values_list("state", flat=True)) == {
        "noted",
        "open",
        "answered",
        "accepted",
    }
    assert ThematicReview.objects.filter(published=True, hearing__isnull=False).exists()
    assert client.get("/budget/2025/assets/").status_code == 200
    assert client.get("/budget/2025/performance/").status_code == 200
    assert client.get("/budget/2026/thematic-reviews/").status_code == 200
    from congress.models import User

    client.force_login(User.objects.get(username="finance1"))
    page = client.get("/portal/budget/review/questions/").content.decode()
    assert "学前教育支出增幅" in page and "提交答复" in page
    assert client.get("/portal/budget/inbox/").status_code == 200
    client.force_login(User.objects.get(username="deputy1"))
    assert client.get("/portal/budget/review/").status_code == 200
