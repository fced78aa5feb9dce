import dataclasses
from fractions import Fraction

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError

from congress.models import Rule
from congress.rules import RULES, Duration, register_rules, rule_get, rules_ensure_rows

pytestmark = pytest.mark.django_db


def test_defaults_come_from_the_seed_and_issues():
    assert rule_get("proposals.reply_deadline") == Duration(3, "months")
    assert rule_get("proposals.reply_deadline_hard") == Duration(6, "months")
    assert rule_get("composition.reappointed_min_ratio") == Fraction(1, 3)
    assert rule_get("composition.resident_min_ratio") == Fraction(1, 2)
    assert rule_get("town.sessions_per_year_min") == 2


def test_each_app_registers_its_own_rules():
    assert RULES["calendar.warn_years_ahead"].app == "congress"
    assert RULES["proposals.reply_deadline"].app == "proposals"
    assert RULES["meetings.leave_approvers"].app == "meetings"
    assert RULES["supervision.rectification_deadline"].app == "supervision"
    appointments = [s for k, s in RULES.items() if k.startswith(("appointments.", "composition.", "town."))]
    assert len(appointments) == 8 and {s.app for s in appointments} == {"appointments"}
    assert {spec.app for spec in RULES.values()} <= {config.label for config in apps.get_app_configs()}


def test_a_key_belongs_to_one_spec():
    spec = RULES["calendar.warn_years_ahead"]

    register_rules([spec])  # registering again (a second ready()) is harmless
    with pytest.raises(ValueError, match="calendar.warn_years_ahead"):
        register_rules([dataclasses.replace(spec, default=5)])

    assert RULES[spec.key] is spec


def test_a_row_overrides_the_default():
    Rule.objects.create(key="proposals.reply_deadline", value={"count": 60, "unit": "workdays"})
    assert rule_get("proposals.reply_deadline") == Duration(60, "workdays")


def test_ensure_rows_creates_every_rule_once_and_keeps_edits():
    Rule.objects.create(key="town.sessions_per_year_min", value=3)
    created = rules_ensure_rows()
    assert created == len(RULES) - 1
    assert rules_ensure_rows() == 0
    assert rule_get("town.sessions_per_year_min") == 3
    assert Rule.history.filter(key="proposals.reply_deadline").count() == 1


@pytest.mark.parametrize(
    ("key", "value", "stored"),
    [
        ("composition.resident_target_ratio", "60%", "3/5"),
        ("composition.resident_target_ratio", "0.5", "1/2"),
        ("proposals.reminder_milestones", "1，15, 5", [15, 5, 1]),
        ("proposals.reply_deadline", {"count": "2", "unit": "months"}, {"count": 2, "unit": "months"}),
    ],
)
def test_clean_parses_what_staff_type(key, value, stored):
    rule = Rule(key=key, value=value)
    rule.full_clean()
    assert rule.value == stored


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("composition.resident_target_ratio", "150%"),
        ("composition.resident_target_ratio", "abc"),
        ("proposals.reply_deadline", {"count": 3, "unit": "weeks"}),
        ("town.sessions_per_year_min", -1),
        ("proposals.reply_classes", [{"code": "A"}]),
        ("no.such.rule", 1),
    ],
)
def test_clean_rejects_bad_values_with_a_chinese_message(key, value):
    with pytest.raises(ValidationError) as excinfo:
        Rule(key=key, value=value).full_clean()
    message = " ".join(str(m) for msgs in excinfo.value.message_dict.values() for m in msgs)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in message)


def test_staff_edit_a_rule_in_the_admin_with_history(admin_client, admin_user):
    rules_ensure_rows()
    rule = Rule.objects.get(key="proposals.rehandling_deadline")
    response = admin_client.post(
        f"/admin/congress/rule/{rule.pk}/change/",
        {"value_0": "2", "value_1": "months", "note": "区人大常委会2027年第1号文件"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert rule_get("proposals.rehandling_deadline") == Duration(2, "months")
    latest = Rule.history.filter(key="proposals.rehandling_deadline").latest("history_date")
    assert latest.history_user == admin_user
