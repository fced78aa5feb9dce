"""Roster import and export: all or nothing, row errors by Excel row and column, history."""

import io

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from congress.exceptions import PermissionDeniedError
from deputies.models import Deputy
from deputies.resources import IMPORT_CHANGE_REASON
from deputies.services import RosterImportError, roster_export, roster_import
from deputies.tests.conftest import roster_row, roster_xlsx
from deputies.tests.factories import DeputyFactory

pytestmark = pytest.mark.django_db


def good_rows():
    return [
        roster_row(),
        roster_row(
            人员编号="R002", 姓名="李红", 性别="女", 学历="硕士研究生", 代表组="湖南街道代表组", 选区="2"
        ),
        roster_row(
            人员编号="R003", 姓名="张强", 出生日期="1968.05", 代表结构="企业负责人", 联系电话=13912345678
        ),
        roster_row(
            人员编号="R004", 姓名="赵敏", 性别="女", 出生日期="1980年7月1日", 党派="民盟", 电子邮箱=""
        ),
    ]


def test_good_roster_imports_every_row_with_labels_mapped(roster_setup, staff):
    # when
    result = roster_import(file=roster_xlsx(good_rows()), actor=staff)

    # then
    assert (result.created, result.updated, result.unchanged) == (4, 0, 0)
    li = Deputy.objects.get(person_key="R002")
    assert li.gender == Deputy.Gender.FEMALE
    assert li.education == Deputy.Education.MASTER
    assert li.group == roster_setup["groups"]["湖南街道"]
    assert li.constituency == roster_setup["constituencies"][1]
    zhang = Deputy.objects.get(person_key="R003")
    assert str(zhang.birth_date) == "1968-05-01"
    assert zhang.sector == Deputy.Sector.ENTERPRISE
    assert zhang.phone == "13912345678"  # a number cell becomes text
    assert str(Deputy.objects.get(person_key="R004").birth_date) == "1980-07-01"
    # New deputies start with the default public fields.
    assert li.public_fields == Deputy.DEFAULT_PUBLIC_FIELDS


def test_import_writes_history_with_the_importing_user(roster_setup, staff):
    roster_import(file=roster_xlsx(good_rows()[:1]), actor=staff)

    record = Deputy.objects.get(person_key="R001").history.get()
    assert record.history_type == "+"
    assert record.history_user == staff
    assert record.history_change_reason == IMPORT_CHANGE_REASON


def test_reimport_updates_changed_rows_only_and_records_who(roster_setup, staff):
    roster_import(file=roster_xlsx(good_rows()), actor=staff)
    rows = good_rows()
    rows[1]["工作单位及职务"] = "湖南街道办事处副主任"

    result = roster_import(file=roster_xlsx(rows), actor=staff)

    assert (result.created, result.updated, result.unchanged) == (0, 1, 3)
    li = Deputy.objects.get(person_key="R002")
    assert li.occupation == "湖南街道办事处副主任"
    latest = li.history.first()
    assert latest.history_type == "~" and latest.history_user == staff


def test_bad_roster_is_rejected_whole_with_row_errors(roster_setup, staff):
    # given: Excel row 3 names an unknown group, row 5 has a bad date; rows 2 and 4 are fine
    rows = [
        roster_row(人员编号="R001"),
        roster_row(人员编号="R002", 代表组="不存在街道代表组"),
        roster_row(人员编号="R003"),
        roster_row(人员编号="R004", 出生日期="1975-13-40"),
    ]

    # when
    with pytest.raises(RosterImportError) as caught:
        roster_import(file=roster_xlsx(rows), actor=staff)

    # then
    errors = [(e.row, e.column) for e in caught.value.errors]
    assert errors == [(3, "代表组"), (5, "出生日期")]
    assert "不存在街道代表组" in caught.value.errors[0].message
    assert "1975-13-40" in caught.value.errors[1].message
    assert caught.value.code == "roster_invalid"
    assert "未导入任何数据" in str(caught.value.message)
    assert Deputy.objects.count() == 0
    assert Deputy.history.count() == 0


def test_bad_roster_leaves_existing_deputies_untouched(roster_setup, staff):
    roster_import(file=roster_xlsx(good_rows()), actor=staff)
    rows = good_rows()
    rows[0]["工作单位及职务"] = "已修改"
    rows[3]["性别"] = "未知"
    history_before = Deputy.history.count()

    with pytest.raises(RosterImportError) as caught:
        roster_import(file=roster_xlsx(rows), actor=staff)

    assert [(e.row, e.column) for e in caught.value.errors] == [(5, "性别")]
    assert "男、女" in caught.value.errors[0].message
    assert Deputy.objects.get(person_key="R001").occupation != "已修改"
    assert Deputy.history.count() == history_before


@pytest.mark.parametrize(
    ("override", "column", "fragment"),
    [
        ({"届次": "第九十九届"}, "届次", "不存在"),
        ({"人员编号": ""}, "人员编号", "不能为空"),
        ({"姓名": ""}, "姓名", ""),
        ({"学历": "小学"}, "学历", "大学本科"),
        ({"代表结构": "学生"}, "代表结构", "工人"),
        ({"选区": "第九选区"}, "选区", "第九选区"),
        ({"电子邮箱": "not-an-email"}, "电子邮箱", "邮件"),
    ],
)
def test_each_kind_of_bad_cell_names_its_column(roster_setup, staff, override, column, fragment):
    with pytest.raises(RosterImportError) as caught:
        roster_import(file=roster_xlsx([roster_row(**override)]), actor=staff)

    [error] = caught.value.errors
    assert (error.row, error.column) == (2, column)
    assert fragment in error.message
    assert Deputy.objects.count() == 0


def test_person_listed_twice_is_an_error(roster_setup, staff):
    rows = [roster_row(), roster_row(姓名="另一人")]

    with pytest.raises(RosterImportError) as caught:
        roster_import(file=roster_xlsx(rows), actor=staff)

    assert [(e.row, e.column) for e in caught.value.errors] == [(3, "人员编号")]
    assert Deputy.objects.count() == 0


def test_blank_rows_are_skipped_and_row_numbers_stay_excel_numbers(roster_setup, staff):
    rows = [roster_row(), {}, roster_row(人员编号="R009", 性别="?")]

    with pytest.raises(RosterImportError) as caught:
        roster_import(file=roster_xlsx(rows), actor=staff)

    assert [(e.row, e.column) for e in caught.value.errors] == [(4, "性别")]


def test_missing_and_unknown_columns_reject_the_file(roster_setup, staff):
    headers = ["届次", "人员编号", "姓名", "工作单位"]
    with pytest.raises(RosterImportError) as caught:
        roster_import(file=roster_xlsx([roster_row(工作单位="x")], headers=headers), actor=staff)

    [error] = caught.value.errors
    assert error.row is None
    assert "性别" in error.message and "工作单位" in error.message


def test_a_file_that_is_not_excel_is_rejected(roster_setup, staff):
    with pytest.raises(RosterImportError) as caught:
        roster_import(file=b"name,gender\n", actor=staff)
    assert ".xlsx" in caught.value.errors[0].message


def test_dry_run_checks_and_writes_nothing(roster_setup, staff):
    result = roster_import(file=roster_xlsx(good_rows()), actor=staff, dry_run=True)

    assert result.created == 4 and result.dry_run
    assert Deputy.objects.count() == 0


def test_only_committee_staff_may_import(roster_setup, deputy_user):
    with pytest.raises(PermissionDeniedError):
        roster_import(file=roster_xlsx(good_rows()), actor=deputy_user)


def test_export_round_trip(roster_setup, staff):
    # given: deputies made by hand, not by import
    term = roster_setup["term"]
    group = roster_setup["groups"]["天平街道"]
    made = [
        DeputyFactory(
            term=term,
            group=group,
            constituency=roster_setup["constituencies"][0],
            gender=Deputy.Gender.FEMALE,
            education=Deputy.Education.DOCTORATE,
            sector=Deputy.Sector.PROFESSIONAL,
            birth_date="1979-02-28",
            email=f"d{i}@example.invalid",
        )
        for i in range(3)
    ]

    # when: exported …
    data = roster_export(deputies=Deputy.objects.all())

    # then: Chinese headers and labels …
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    header = [c.value for c in sheet[1]]
    assert header == ["届次", "人员编号", "姓名", "性别", "出生日期", "民族", "党派", "学历", "工作单位及职务",
                      "代表结构", "专业特长", "选区", "代表组", "联系电话", "电子邮箱"]  # fmt: skip
    first = dict(zip(header, [c.value for c in sheet[2]], strict=True))
    assert first["性别"] == "女" and first["学历"] == "博士研究生" and first["代表组"] == group.name
    # … and imported back unchanged, and imported as new rows once deleted.
    result = roster_import(file=data, actor=staff)
    assert (result.created, result.updated, result.unchanged) == (0, 0, 3)
    snapshot = list(Deputy.objects.order_by("person_key").values(*_ROSTER_FIELDS))
    Deputy.objects.all().delete()
    assert roster_import(file=data, actor=staff).created == 3
    assert list(Deputy.objects.order_by("person_key").values(*_ROSTER_FIELDS)) == snapshot
    assert len(made) == 3


_ROSTER_FIELDS = ["term", "person_key", "name", "gender", "birth_date", "ethnicity", "party", "education",
                  "occupation", "sector", "specialty", "constituency", "group", "phone", "email"]  # fmt: skip


def test_management_command_imports_and_reports(roster_setup, staff, tmp_path, capsys):
    path = tmp_path / "roster.xlsx"
    path.write_bytes(roster_xlsx(good_rows()))

    call_command("import_roster", str(path), "--user", staff.username)

    assert "新增 4 人" in capsys.readouterr().out
    assert Deputy.objects.get(person_key="R001").history.get().history_user == staff


def test_management_command_fails_on_a_bad_roster(roster_setup, staff, tmp_path, capsys):
    path = tmp_path / "roster.xlsx"
    path.write_bytes(roster_xlsx([roster_row(), roster_row(人员编号="R2", 代表组="无此组")]))

    with pytest.raises(CommandError):
        call_command("import_roster", str(path), "--user", staff.username)

    assert "第3行「代表组」" in capsys.readouterr().err
    assert Deputy.objects.count() == 0
