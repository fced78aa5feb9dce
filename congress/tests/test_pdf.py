"""The shared PDF helper: Chinese text comes out as text (CJK fonts embedded), the response
names the file, and rendering fetches nothing — not even a URL a user typed into a field."""

import io

import pytest
from pypdf import PdfReader

from congress import pdf

TEMPLATE = (
    '{% extends "congress/pdf/base.html" %}{% block document %}<h1>{{ heading }}</h1>'
    '<p>{{ body }}</p><img src="{{ image }}">{% endblock %}'
)


@pytest.fixture
def doc_template(settings):
    settings.TEMPLATES = [
        {
            **settings.TEMPLATES[0],
            "APP_DIRS": False,
            "OPTIONS": {
                **settings.TEMPLATES[0]["OPTIONS"],
                "loaders": [
                    ("django.template.loaders.locmem.Loader", {"test/doc.html": TEMPLATE}),
                    "django.template.loaders.filesystem.Loader",
                ],
            },
        }
    ]
    return "test/doc.html"


def _text(data: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _fonts(data: bytes) -> set[str]:
    names = set()
    for page in PdfReader(io.BytesIO(data)).pages:
        for font in page["/Resources"]["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]))
    return names


def test_chinese_text_is_rendered_with_the_cjk_fonts(doc_template):
    data = pdf.render_pdf(
        doc_template, {"heading": "审议意见书", "body": "关于义务教育优质均衡发展的审议意见"}
    )

    assert data.startswith(b"%PDF")
    text = _text(data)
    assert "审议意见书" in text and "义务教育优质均衡发展" in text
    assert any("CJK" in name for name in _fonts(data)), _fonts(data)


def test_rendering_fetches_no_url(doc_template, monkeypatch):
    asked = []

    def refuse(url, *args, **kwargs):
        asked.append(url)
        raise pdf.PdfFetchRefused(url)

    monkeypatch.setattr(pdf, "_refuse_urls", refuse)

    data = pdf.render_pdf(
        doc_template, {"heading": "标题", "body": "正文", "image": "http://example.org/x.png"}
    )

    assert "正文" in _text(data)
    assert asked == ["http://example.org/x.png"]  # asked of the fetcher, which refused it


def test_the_refusing_fetcher_refuses_everything():
    for url in ("http://example.org/a.css", "file:///etc/passwd", "data:text/plain,x"):
        with pytest.raises(pdf.PdfFetchRefused):
            pdf._refuse_urls(url)


def test_the_response_names_the_file_in_utf8(doc_template):
    response = pdf.pdf_response(doc_template, {"heading": "标题"}, filename="审议意见书-报告")

    assert response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("inline")
    assert "filename*=utf-8''" in disposition.lower() and ".pdf" in disposition
    assert response["Cache-Control"] == "private, no-store"
