"""业务规则 in the admin: a real input per rule type (no JSON), Chinese errors, the default
beside the value, 恢复默认值, and a history row for every change."""

import pytest
from django.urls import reverse

from congress import roles
from congress.models import Rule
from congress.rules import RULES, Duration, rule_get, rules_ensure_rows
from congress.services import ensure_role_groups
from congress.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, staff):
    ensure_role_groups()
    rules_ensure_rows()
    client.force_login(staff)
    return client


def url_of(key):
    return reverse("admin:congress_rule_change", args=[Rule.objects.get(key=key).pk])


def post(client, key, data):
    return client.post(url_of(key), {"note": "", **data})


def errors_of(response):
    return " ".join(str(e) for e in response.context["adminform"].form.errors.get("value", []))


# --- duration ------------------------------------------------------------------------------------


def test_duration_is_a_count_and_a_unit_with_the_default_beside(staff_client, staff):
    page = staff_client.get(url_of("proposals.reply_deadline")).content.decode()
    assert 'name="value_0"' in page and 'name="value_1"' in page
    assert "个工作日" in page and "默认值：3个月" in page
    assert '{"count"' not in page  # no JSON for staff to type

    response = post(
        staff_client,
        "proposals.reply_deadline",
        {"value_0": "60", "value_1": "workdays", "note": "2027年1号文"},
    )

    assert response.status_code == 302
    assert rule_get("proposals.reply_deadline") == Duration(60, "workdays")
    latest = Rule.history.filter(key="proposals.reply_deadline").latest("history_date")
    assert latest.history_user == staff and latest.history_change_reason == "2027年1号文"
    listing = staff_client.get(reverse("admin:congress_rule_changelist")).content.decode()
    assert "60个工作日" in listing and "3个月" in listing
    rule = Rule.objects.get(key="proposals.reply_deadline")
    history = staff_client.get(reverse("admin:congress_rule_history", args=[rule.pk])).content.decode()
    assert "3个月" in history and "60个工作日" in history and "2027年1号文" in history


@pytest.mark.parametrize(
    ("count", "unit", "message"),
    [
        ("abc", "months", "请填写整数"),
        ("0", "months", "期限至少为 1"),
        ("3", "weeks", "请选择个月、个工作日或天"),
        ("", "months", "请填写"),
    ],
)
def test_duration_errors_are_chinese(staff_client, count, unit, message):
    response = post(staff_client, "proposals.reply_deadline", {"value_0": count, "value_1": unit})
    assert response.status_code == 200
    assert message in errors_of(response)
    assert rule_get("proposals.reply_deadline") == Duration(3, "months")


# --- int, int_list, ratio -----------------------------------------------------------------------------


def test_int_and_int_list(staff_client):
    assert post(staff_client, "town.sessions_per_year_min", {"value": "3"}).status_code == 302
    assert rule_get("town.sessions_per_year_min") == 3
    assert "不能为负数" in errors_of(post(staff_client, "town.sessions_per_year_min", {"value": "-1"}))
    assert "请填写整数" in errors_of(post(staff_client, "town.sessions_per_year_min", {"value": "两"}))

    page = staff_client.get(url_of("proposals.reminder_milestones")).content.decode()
    assert 'value="15, 5, 1"' in page and "默认值：15、5、1" in page
    assert post(staff_client, "proposals.reminder_milestones", {"value": "20，10, 3"}).status_code == 302
    assert rule_get("proposals.reminder_milestones") == [20, 10, 3]
    assert "请填写整数" in errors_of(post(staff_client, "proposals.reminder_milestones", {"value": "10, 五"}))


def test_ratio_as_fraction_or_percentage(staff_client):
    page = staff_client.get(url_of("composition.reappointed_min_ratio")).content.decode()
    assert "1/3（33.3%）" in page and "默认值：1/3（33.3%）" in page and "rule_form.js" in page
    assert post(staff_client, "composition.resident_target_ratio", {"value": "65%"}).status_code == 302
    assert str(rule_get("composition.resident_target_ratio")) == "13/20"
    response = post(staff_client, "composition.resident_target_ratio", {"value": "150%"})
    assert "比例应在 0 与 1 之间" in errors_of(response)
    listing = staff_client.get(reverse("admin:congress_rule_changelist")).content.decode()
    assert "13/20（65%）" in listing


# --- mapping -----------------------------------------------------------------------------------------


LEAVE = "meetings.leave_approvers"


def _leave_data(**changes):
    values = {**RULES[LEAVE].default, **changes}
    return {f"value__{key}": value for key, value in values.items()}


def test_leave_approvers_is_a_table_of_unit_kinds_and_offices(staff_client):
    page = staff_client.get(url_of(LEAVE)).content.decode()
    for text in ("区人民政府", "区人民法院", "街道", "区政府办公室", "区委办公室", 'name="value__street"'):
        assert text in page, text
    assert "列席单位类别" in page and "审批请假的机关" in page and "各项的默认值见表格右列" in page

    response = post(staff_client, LEAVE, _leave_data(street="party_office"))

    assert response.status_code == 302
    assert rule_get(LEAVE)["street"] == "party_office"
    assert rule_get(LEAVE)["government"] == "party_office"
    # the history names the item that changed, in words
    rule = Rule.objects.get(key=LEAVE)
    history = staff_client.get(reverse("admin:congress_rule_history", args=[rule.pk])).content.decode()
    assert "街道 → 区政府办公室" in history and "街道 → 区委办公室" in history
    assert "区人民法院 →" not in history


def test_mapping_refuses_other_values_and_empty_items(staff_client):
    response = post(staff_client, LEAVE, _leave_data(street="mayor"))
    assert "不在可选范围内" in errors_of(response)
    response = post(staff_client, LEAVE, _leave_data(court=""))
    assert "“区人民法院”不能为空" in errors_of(response)
    assert rule_get(LEAVE) == RULES[LEAVE].default


def test_the_required_expertise_is_an_open_list(staff_client):
    # a district adds 教育, renames 法律 and drops 财政经济 (unlike 请假审批机关, whose items are fixed)
    key = "composition.expertise_required"
    page = staff_client.get(url_of(key)).content.decode()
    assert "专业背景" in page and 'value="law"' in page and "默认值：法律、财政经济、社会治理" in page
    rows = [("law", "法律（含律师）", False), ("governance", "社会治理", False), ("education", "教育", False)]

    assert post(staff_client, key, _classes_data(rows)).status_code == 302

    assert rule_get(key) == {"law": "法律（含律师）", "governance": "社会治理", "education": "教育"}
    response = post(staff_client, key, _classes_data([("law", "法律", False), ("law", "律师", False)]))
    assert "代码“law”重复" in errors_of(response)


def test_fixed_items_cannot_be_added_even_outside_the_form():
    from django.core.exceptions import ValidationError

    value = {**RULES[LEAVE].default, "committee_office": "gov_office"}
    with pytest.raises(ValidationError) as excinfo:
        Rule(key=LEAVE, value=value).full_clean()
    assert "不能增加或删除项目" in str(excinfo.value)


# --- choices ------------------------------------------------------------------------------------------


CLASSES = "proposals.reply_classes"


def _classes_data(rows, total=None):
    data = {"value__rows": str(total or len(rows))}
    for i, row in enumerate(rows):
        data[f"value__{i}__code"] = row[0]
        data[f"value__{i}__label"] = row[1]
        if row[2]:
            data[f"value__{i}__follow_up"] = "on"
    return data


def test_reply_classes_are_rows_with_follow_up(staff_client):
    page = staff_client.get(url_of(CLASSES)).content.decode()
    assert "须跟踪办理" in page and 'name="value__3__code"' in page  # two empty rows to add one
    assert page.count("checked") >= 2  # B and C are followed up by default

    rows = [
        ("A", "A类（已解决）", False),
        ("B", "B类（正在解决）", True),
        ("C", "C类（暂难解决）", True),
        ("D", "D类（留作参考）", False),
        ("", "", False),
    ]
    assert post(staff_client, CLASSES, _classes_data(rows)).status_code == 302

    assert rule_get(CLASSES) == [
        {"code": "A", "label": "A类（已解决）", "follow_up": False},
        {"code": "B", "label": "B类（正在解决）", "follow_up": True},
        {"code": "C", "label": "C类（暂难解决）", "follow_up": True},
        {"code": "D", "label": "D类（留作参考）", "follow_up": False},
    ]


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([("A", "A类", False), ("D", "", False)], "第 2 行：请同时填写代码和名称"),
        ([("A", "A类", False), ("A", "又一个A类", False)], "代码“A”重复"),
        ([("", "", False)], "请至少填写一个选项"),
    ],
)
def test_choices_errors_are_chinese(staff_client, rows, message):
    response = post(staff_client, CLASSES, _classes_data(rows))
    assert response.status_code == 200 and message in errors_of(response)


# --- restore the default, history, who ----------------------------------------------------------------


def test_restore_the_default_keeps_history(staff_client):
    post(staff_client, "proposals.reply_deadline", {"value_0": "2", "value_1": "months"})
    assert rule_get("proposals.reply_deadline") == Duration(2, "months")

    # whatever is in the inputs, even something wrong
    response = post(
        staff_client, "proposals.reply_deadline", {"value_0": "x", "value_1": "", "reset_to_default": "on"}
    )

    assert response.status_code == 302
    assert rule_get("proposals.reply_deadline") == Duration(3, "months")
    history = Rule.history.filter(key="proposals.reply_deadline").order_by("history_date")
    assert [h.value["count"] for h in history] == [3, 2, 3]
    assert history.last().history_change_reason == "恢复默认值"
    page = staff_client.get(url_of("proposals.reply_deadline")).content.decode()
    assert "恢复默认值" in page


def test_members_read_the_rules_without_inputs(client):
    ensure_role_groups()
    rules_ensure_rows()
    client.force_login(UserFactory(roles=[roles.MEMBER]))
    page = client.get(url_of("proposals.reply_deadline"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "3个月" in html and 'name="value_0"' not in html
    assert post(client, "proposals.reply_deadline", {"value_0": "1", "value_1": "days"}).status_code == 403
