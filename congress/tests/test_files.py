"""The upload machinery (issue 10, finding 1): types by content, sizes from the settings, random
names in a private folder with no URL, downloads as attachments with nosniff, X-Accel-Redirect
when the proxy serves the bytes, and nothing under /media/ any more."""

import os

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from congress import files
from congress.files import file_response, private_storage, validate_upload
from congress.tests import uploads as u


@pytest.mark.parametrize(
    "data, kind",
    [
        (u.PDF, files.PDF),
        (u.PNG, files.PNG),
        (u.JPEG, files.JPEG),
        (u.GIF, files.GIF),
        (u.WEBP, files.WEBP),
        (u.OLE, files.OLE),
        (u.DOCX, files.DOCX),
        (u.XLSX, files.XLSX),
        (u.OFD, files.OFD),
        (u.ZIP, files.ZIP),
        (u.HTML, None),
        (u.SVG, None),
        (u.EXE, None),
        (b"", None),
    ],
)
def test_kind_is_read_from_the_content(data, kind):
    assert files.detect_kind(ContentFile(data)) is kind


@pytest.mark.parametrize(
    "name, data",
    [
        ("page.html", u.HTML),
        ("logo.svg", u.SVG),
        ("setup.exe", u.EXE),
        ("report.pdf", u.HTML),
        ("a.zip", u.ZIP),
    ],
)
def test_off_the_list_is_refused_in_chinese_whatever_the_name(name, data):
    with pytest.raises(ValidationError) as error:
        validate_upload(u.upload(name, data, "application/pdf"))
    assert error.value.messages == [f"不支持的文件类型：{name}"]


def test_zip_only_where_the_field_allows_it():
    assert validate_upload(u.upload("材料.zip", u.ZIP), kinds=files.DOCUMENTS_AND_ZIP) is files.ZIP


def test_size_limits_are_settings(settings):
    settings.UPLOAD_MAX_BYTES = 20 * 1024 * 1024
    big = u.upload("大文件.pdf", u.PDF + b"0" * (20 * 1024 * 1024))
    with pytest.raises(ValidationError) as error:
        validate_upload(big)
    assert error.value.messages == ["文件超过 20MB：大文件.pdf"]
    settings.UPLOAD_IMAGE_MAX_BYTES = 10
    with pytest.raises(ValidationError, match="文件超过"):
        validate_upload(u.upload("照片.png", u.PNG), kinds=files.IMAGES)


def test_private_storage_is_outside_the_web_root_and_has_no_url(settings):
    assert str(private_storage.location) == str(settings.PRIVATE_MEDIA_ROOT)
    assert not str(settings.PRIVATE_MEDIA_ROOT).startswith(str(settings.STATIC_ROOT))
    name = private_storage.save("x/a.pdf", ContentFile(u.PDF))
    assert private_storage.url(name) == ""
    assert oct(os.stat(private_storage.path(name)).st_mode & 0o777) == "0o600"


def test_random_name_never_uses_the_uploaders_name():
    name = files.RandomName("proposals")(None, "upload.pdf")
    assert name.startswith("proposals/") and name.endswith(".pdf") and "upload" not in name
    assert files.RandomName("x")(None, "upload.html").endswith(".bin")


class _Stored:
    def __init__(self, name):
        self.name = name
        self.storage = private_storage

    def __bool__(self):
        return True


def test_download_is_an_attachment_with_nosniff_under_the_original_name():
    name = private_storage.save("proposals/2026/abc.pdf", ContentFile(u.PDF))
    response = file_response(_Stored(name), filename="答复函.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=UTF-8''%E7%AD%94%E5%A4%8D%E5%87%BD.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content) == u.PDF


def test_an_image_may_be_inline_a_document_never():
    image = private_storage.save("deputies/2026/p.png", ContentFile(u.PNG))
    assert file_response(_Stored(image), inline_image=True)["Content-Disposition"].startswith("inline;")
    pdf = private_storage.save("x/2026/d.pdf", ContentFile(u.PDF))
    assert file_response(_Stored(pdf), inline_image=True)["Content-Disposition"].startswith("attachment;")


def test_the_proxy_sends_the_bytes_with_x_accel_redirect(settings):
    settings.PRIVATE_MEDIA_ACCEL_REDIRECT = "/_private/"
    name = private_storage.save("meetings/2026/doc.pdf", ContentFile(u.PDF))
    response = file_response(_Stored(name), filename="议程.pdf")
    assert response["X-Accel-Redirect"] == f"/_private/{name}"
    assert response.content == b""
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_nothing_is_served_under_media_any_more(client, settings):
    (settings.MEDIA_ROOT / "proposals").mkdir(parents=True)
    (settings.MEDIA_ROOT / "proposals" / "evil.html").write_bytes(u.HTML)
    assert client.get("/media/proposals/evil.html").status_code == 404
