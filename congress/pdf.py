"""Official documents as PDF (审议意见书, a unit's report, later issue 15's documents).

``render_pdf`` renders a Django template to PDF with WeasyPrint; ``pdf_response`` sends it with a
``Content-Disposition`` naming the file (UTF-8, so a Chinese name survives). Templates extend
``congress/pdf/base.html``, which carries the page layout and the CJK font stack.

Nothing is fetched while rendering: the stylesheet is inline in the template, the glyphs come
from the fonts installed on this machine through fontconfig (Debian ``fonts-noto-cjk``: Noto
Serif/Sans CJK SC), and the URL fetcher refuses every URL — a document can never make the
server call out to another site (or to itself), whatever a user typed into a field.
"""

from __future__ import annotations

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
