"""Text of a PDF as poppler's ``pdftotext`` reads it (the Chinese really there as text, not
tofu or outlines): shared by the official documents' tests."""

from __future__ import annotations

import subprocess


def pdf_text(data: bytes, *, layout: bool = False) -> str:
    args = ["pdftotext", "-enc", "UTF-8", *(["-layout"] if layout else []), "-", "-"]
    return subprocess.run(args, input=data, capture_output=True, check=True).stdout.decode()


def pdf_pages(data: bytes) -> list[str]:
    """The text page by page (pdftotext separates pages with a form feed)."""
    return pdf_text(data).rstrip("\f").split("\f")
