"""Personal data in logs (issue 10, finding 7): the SMS backend logs numbers masked, and a read
of someone's private fields goes through one audit hook (``congress.audit``)."""

import logging

import pytest

from congress.audit import log_personal_data_read
from congress.privacy import mask_phone
from congress.sms import LoggingSmsBackend


@pytest.mark.parametrize(
    "raw, masked",
    [
        ("13812340000", "138****0000"),
        ("138 1234 0000", "138****0000"),
        ("+86 138-1234-0000", "+86138****0000"),
        ("021-64870000", "021****0000"),
        ("12345", "****"),
        ("", ""),
    ],
)
def test_mask_phone(raw, masked):
    assert mask_phone(raw) == masked


def test_sms_log_shows_the_number_masked(caplog):
    with caplog.at_level(logging.INFO, logger="congress.sms"):
        LoggingSmsBackend().send(phone="13812340000", text="您有一件新的交办件")
    assert "13812340000" not in caplog.text
    assert "138****0000" in caplog.text and "您有一件新的交办件" in caplog.text


@pytest.mark.django_db
def test_personal_data_read_is_logged_with_who_what_and_which_fields(caplog, staff, rf):
    request = rf.post("/portal/assignments/1/deputy-phone/", REMOTE_ADDR="10.0.0.7")
    request.user = staff
    with caplog.at_level(logging.INFO, logger="congress.audit"):
        log_personal_data_read(request=request, obj=staff, fields=["phone"], purpose="assignment 1")
    (record,) = [r for r in caplog.records if r.name == "congress.audit"]
    assert record.actor == staff.username
    assert record.object_type == "congress.user" and record.object_id == str(staff.pk)
    assert record.fields == ["phone"] and record.purpose == "assignment 1"
    assert staff.username in record.getMessage() and "phone" in record.getMessage()
