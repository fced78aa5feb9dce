"""Official documents as PDF (审议意见书, a unit's report, later issue 15's documents).

``render_pdf`` renders a Django template to PDF with WeasyPrint; ``pdf_response`` sends it with a
``Content-Disposition`` naming the file (UTF-8, so a Chinese name survives). Templates extend
``congress/pdf/base.html``, which carries the page layout and the CJK font stack.

Nothing is fetched while rendering: the stylesheet is inline in the template, the glyphs come
from the fonts installed on this machine through fontconfig (Debian ``fonts-noto-cjk``: Noto
Serif/Sans CJK SC), and the URL fetcher refuses every URL — a document can never make the
server call out to another site (or to itself), whatever a user typed into a field.

Official documents (公文: a reply letter, a meeting notice, an attendance disclosure) are
``OfficialDocument`` values printed by ``official_pdf_response`` through
``templates/documents/`` in the GB/T 9704-2012 layout: 版头 (the issuing body in red, 发文字号,
the red separator line), 标题, 主送机关, 正文, 发文机关署名 and 成文日期 under the seal's place,
附注, 版记 and the page number "— 1 —". The domain app fills the fields; the layout is here once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.http import content_disposition_header

# The CJK font stack the base template names; Debian's fonts-noto-cjk provides the first two.
FONT_STACK = '"Noto Serif CJK SC", "Noto Sans CJK SC", "Source Han Serif SC", "SimSun", serif'


class PdfFetchRefused(ValueError):
    """A document asked for a URL while rendering; documents are self-contained."""


def _refuse_urls(url: str, *args, **kwargs):
    raise PdfFetchRefused(f"PDF documents load nothing: {url}")


def _fetcher():
    from weasyprint.urls import URLFetcher

    class RefusingFetcher(URLFetcher):
        """WeasyPrint's fetcher with every fetch refused (WeasyPrint logs a warning and goes on
        without the resource)."""

        def fetch(self, url, headers=None):
            return _refuse_urls(url)

    return RefusingFetcher()


def render_pdf(template_name: str, context: dict | None = None, *, request=None) -> bytes:
    """The template rendered to PDF bytes (A4, CJK fonts from the local system only)."""
    from weasyprint import HTML  # imported on use: loading pango/cairo costs ~0.3 s

    html = render_to_string(template_name, {"font_stack": FONT_STACK, **(context or {})}, request=request)
    return HTML(string=html, url_fetcher=_fetcher(), base_url=None).write_pdf()


def pdf_response(
    template_name: str, context: dict | None = None, *, filename: str, request=None, inline: bool = True
) -> HttpResponse:
    """An HTTP response with the rendered PDF. ``inline`` opens it in the browser's viewer (the
    reader prints from there); ``filename`` (``.pdf`` added when missing) is what saving names."""
    if not filename.lower().endswith(".pdf"):
        filename += ".pdf"
    response = HttpResponse(
        render_pdf(template_name, context, request=request), content_type="application/pdf"
    )
    response["Content-Disposition"] = content_disposition_header(not inline, filename)
    # A document about a person or a unit is not for shared caches.
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@dataclass
class OfficialDocument:
    """One 公文 as GB/T 9704-2012 lays it out; every field is text the domain app chose."""

    issuer: str  # 发文机关标志 (in red at the top) and, unless ``signer`` says otherwise, 署名
    title: str  # 标题
    date: dt.date | None = None  # 成文日期 (with the 署名 and the seal's place); none: no sign-off
    number: str = ""  # 发文字号, e.g. 徐人大常办〔2026〕3号
    addressee: str = ""  # 主送机关, without the colon
    paragraphs: Sequence[str] = ()  # 正文, one string a paragraph (unless ``body_template``)
    body_template: str = ""  # a template for a 正文 with structure (lists, tables); gets ``doc``
    signer: str = ""  # 发文机关署名 when it differs from the issuer
    marks: str = ""  # the top-left line (份号、密级、紧急程度 in the standard; a reply's class here)
    note: str = ""  # 附注, printed in brackets, e.g. 此件公开发布
    copy_to: str = ""  # 版记: 抄送机关
    printed_by: str = ""  # 版记: 印发机关 (with ``printed_on``)
    printed_on: dt.date | None = None
    letter: bool = False  # 信函格式: the number under a double red line at the right
    extra: dict = field(default_factory=dict)  # whatever ``body_template`` needs


def paragraphs(text: str) -> list[str]:
    """A stored text as the 正文's paragraphs: one a non-empty line."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def official_pdf_response(
    documents: Sequence[OfficialDocument], *, filename: str, request=None, inline: bool = True
) -> HttpResponse:
    """One or more official documents (each from a new page) as a PDF response."""
    return pdf_response(
        "documents/base.html",
        {"documents": list(documents), "pdf_title": documents[0].title if documents else ""},
        filename=filename,
        request=request,
        inline=inline,
    )
