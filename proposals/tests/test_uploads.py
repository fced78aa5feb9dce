"""Proposal and reply attachments (issue 10, finding 1): checked by content with Chinese
errors, stored privately under random names, downloaded only through the view that asks the
proposal's walls — a confirmed reply's letter of a public proposal for anyone."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from congress.exceptions import ApplicationError
from congress.files import private_storage
from congress.tests import uploads as u
from proposals import services
from proposals.models import Attachment
from proposals.tests.factories import ProposalFactory, reviewer_actor, walk_to

pytestmark = pytest.mark.django_db


def _draft_form(**extra):
    return {"kind": "suggestion", "title": "关于加装电梯的建议", "content": "老小区。", "save": "1", **extra}


def test_deputy_form_refuses_html_svg_and_exe_in_chinese(client, deputy_user):
    client.force_login(deputy_user)
    for name, data in (("page.html", u.HTML), ("logo.svg", u.SVG), ("setup.exe", u.EXE), ("x.pdf", u.HTML)):
        response = client.post(
            reverse("portal:proposal-create"), _draft_form(attachments=[SimpleUploadedFile(name, data)])
        )
        assert response.status_code in (200, 400)
        assert f"不支持的文件类型：{name}" in response.content.decode()
    assert not Attachment.objects.exists()


def test_deputy_form_refuses_a_file_over_the_limit(client, deputy_user, settings):
    settings.UPLOAD_MAX_BYTES = 1024 * 1024
    client.force_login(deputy_user)
    big = SimpleUploadedFile("大.pdf", u.PDF + b"0" * (1024 * 1024))
    response = client.post(reverse("portal:proposal-create"), _draft_form(attachments=[big]))
    assert "文件超过 1MB：大.pdf" in response.content.decode()


def test_accepted_file_is_stored_privately_under_a_random_name(client, deputy_user, settings):
    client.force_login(deputy_user)
    upload = SimpleUploadedFile("调研报告.docx", u.DOCX)
    client.post(reverse("portal:proposal-create"), _draft_form(attachments=[upload]))
    attachment = Attachment.objects.get()
    assert attachment.name == "调研报告.docx"
    assert attachment.file.name.startswith("proposals/") and attachment.file.name.endswith(".docx")
    assert "调研报告" not in attachment.file.name
    assert Path(private_storage.path(attachment.file.name)).is_file()
    assert str(settings.PRIVATE_MEDIA_ROOT) in private_storage.path(attachment.file.name)
    assert not Path(settings.MEDIA_ROOT, attachment.file.name).exists()


def test_the_service_refuses_off_list_files_whoever_calls(deputy_user):
    proposal = ProposalFactory(lead_deputy=deputy_user.deputy, term=deputy_user.deputy.term)
    with pytest.raises(ApplicationError) as error:
        services.attachment_add(
            actor=deputy_user, proposal=proposal, files=[SimpleUploadedFile("a.html", u.HTML)]
        )
    assert error.value.extra == {"attachments": ["不支持的文件类型：a.html"]}


def test_draft_attachment_is_for_its_deputy_only(client, deputy_user, officer, term):
    proposal = ProposalFactory(lead_deputy=deputy_user.deputy, term=deputy_user.deputy.term)
    services.attachment_add(
        actor=deputy_user, proposal=proposal, files=[SimpleUploadedFile("草稿.pdf", u.PDF)]
    )
    attachment = Attachment.objects.get()
    url = reverse("public:proposal-attachment", args=[attachment.pk])
    client.force_login(deputy_user)
    page = client.get(reverse("portal:proposal-detail", args=[proposal.pk])).content.decode()
    assert url in page
    response = client.get(url)
    assert response.status_code == 200
    assert (
        response["Content-Disposition"].startswith("attachment;")
        and "filename*=UTF-8''" in response["Content-Disposition"]
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == u.PDF
    client.force_login(officer)
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 404
    assert client.get(reverse("public:proposal-attachment", args=[999999])).status_code == 404


def test_reply_letter_is_public_once_the_proposal_is(client, unit, staff, officer, deputy_user):
    proposal = walk_to("assigned", unit=unit, staff=staff, received=True)
    assignment = proposal.assignments.get()
    reply = services.reply_submit(
        actor=officer,
        assignment=assignment,
        reply_class="A",
        content="已办理。",
        attachments=[SimpleUploadedFile("答复函.pdf", u.PDF)],
    )
    letter = reply.attachments.get()
    url = reverse("public:proposal-attachment", args=[letter.pk])
    client.force_login(officer)
    assert client.get(url).status_code == 200  # the unit's own reply under review
    client.logout()
    assert client.get(url).status_code == 404  # not confirmed, not public
    services.reply_confirm(actor=reviewer_actor(), reply=reply)
    services.proposal_rate(actor=proposal.lead_deputy.user, proposal=proposal, satisfaction="satisfied")
    page = client.get(reverse("public:proposal-detail", args=[proposal.pk])).content.decode()
    assert url in page
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment;")


def test_reply_form_refuses_html(client, unit, staff, officer):
    proposal = walk_to("assigned", unit=unit, staff=staff, received=True)
    assignment = proposal.assignments.get()
    client.force_login(officer)
    response = client.post(
        reverse("portal:assignment-reply", args=[assignment.pk]),
        {"reply_class": "A", "content": "答复", "attachments": [SimpleUploadedFile("x.svg", u.SVG)]},
    )
    assert response.status_code == 400 and "不支持的文件类型：x.svg" in response.content.decode()
    assert not assignment.replies.exists()


def test_the_data_migration_moves_old_uploads_out_of_media(settings, deputy_user):
    """Files uploaded before (under MEDIA_ROOT, the uploader's name) move into the private
    storage under random names; a file off the allow-list stays behind, unreachable."""
    from django.apps import apps

    from congress.files import move_to_private_storage

    proposal = ProposalFactory(lead_deputy=deputy_user.deputy, term=deputy_user.deputy.term)
    old = Path(settings.MEDIA_ROOT, "proposals/2025")
    old.mkdir(parents=True)
    (old / "旧报告.pdf").write_bytes(u.PDF)
    (old / "evil.html").write_bytes(u.HTML)
    good = Attachment.objects.create(proposal=proposal, file="proposals/2025/旧报告.pdf", name="旧报告.pdf")
    bad = Attachment.objects.create(proposal=proposal, file="proposals/2025/evil.html", name="evil.html")

    move_to_private_storage(apps, None, model="proposals.Attachment", field="file")

    good.refresh_from_db()
    bad.refresh_from_db()
    assert good.file.name.endswith(".pdf") and "旧报告" not in good.file.name
    assert private_storage.open(good.file.name).read() == u.PDF
    assert not (old / "旧报告.pdf").exists()
    assert bad.file.name == "proposals/2025/evil.html" and not private_storage.exists(bad.file.name)
