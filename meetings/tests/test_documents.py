"""Meeting documents (issue 10, finding 1): staff upload them in the admin (documents and zip,
checked by content), a public document of a public meeting is downloadable by anyone, the
others only by those who see the meeting in the portal — always as an attachment."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from congress.files import private_storage
from congress.tests import uploads as u
from meetings.models import MeetingDocument
from meetings.tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db


def _document(meeting, *, is_public, name="议程.pdf", data=u.PDF):
    document = MeetingDocument(meeting=meeting, title="会议议程", is_public=is_public, original_name=name)
    document.file.save(name, SimpleUploadedFile(name, data), save=False)
    document.save()
    return document


def test_public_document_for_anyone_internal_only_in_the_portal(client, deputy_user, staff):
    meeting = MeetingFactory()
    public = _document(meeting, is_public=True)
    internal = _document(meeting, is_public=False, name="内部材料.docx", data=u.DOCX)
    hidden_meeting = MeetingFactory(is_schedule_published=False)
    hidden = _document(hidden_meeting, is_public=True)

    page = client.get(reverse("public:meeting-detail", args=[meeting.pk])).content.decode()
    assert reverse("public:meeting-document", args=[public.pk]) in page
    assert reverse("public:meeting-document", args=[internal.pk]) not in page
    response = client.get(reverse("public:meeting-document", args=[public.pk]))
    assert response.status_code == 200
    assert (
        response["Content-Disposition"].startswith("attachment;")
        and "%E8%AE%AE%E7%A8%8B.pdf" in response["Content-Disposition"]
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert client.get(reverse("public:meeting-document", args=[internal.pk])).status_code == 404
    assert client.get(reverse("public:meeting-document", args=[hidden.pk])).status_code == 404

    client.force_login(deputy_user)  # sees the published meeting in the portal
    assert client.get(reverse("public:meeting-document", args=[internal.pk])).status_code == 200
    assert client.get(reverse("public:meeting-document", args=[hidden.pk])).status_code == 404
    client.force_login(staff)
    assert client.get(reverse("public:meeting-document", args=[hidden.pk])).status_code == 200


def test_admin_upload_checks_the_content_and_keeps_the_name(client, staff):
    meeting = MeetingFactory()
    client.force_login(staff)
    url = reverse("admin:meetings_meeting_change", args=[meeting.pk])
    page = client.get(url)
    assert page.status_code == 200

    def post(upload):
        data = {
            "documents-TOTAL_FORMS": "1",
            "documents-INITIAL_FORMS": "0",
            "documents-0-title": "会议材料",
            "documents-0-file": upload,
            "documents-0-is_public": "on",
        }
        form = page.context["adminform"].form
        for name, field in form.fields.items():
            value = form.initial.get(name, field.initial)
            if value is None:
                continue
            if isinstance(value, list | tuple):
                data[name] = [getattr(v, "pk", v) for v in value]
            elif hasattr(value, "isoformat") and hasattr(value, "hour"):
                data[f"{name}_0"], data[f"{name}_1"] = value.strftime("%Y-%m-%d"), value.strftime("%H:%M:%S")
            else:
                data[name] = getattr(value, "pk", value)
        for formset in page.context["inline_admin_formsets"]:
            prefix = formset.formset.prefix
            if prefix != "documents":
                data[f"{prefix}-TOTAL_FORMS"] = "0"
                data[f"{prefix}-INITIAL_FORMS"] = "0"
        return client.post(url, data)

    refused = post(SimpleUploadedFile("x.html", u.HTML))
    assert refused.status_code == 200 and "不支持的文件类型：x.html" in refused.content.decode()
    assert not MeetingDocument.objects.exists()
    accepted = post(SimpleUploadedFile("全部材料.zip", u.ZIP))
    assert accepted.status_code == 302, accepted.content.decode()[:2000]
    document = MeetingDocument.objects.get()
    assert document.original_name == "全部材料.zip" and document.file.name.endswith(".zip")
    assert private_storage.exists(document.file.name)
