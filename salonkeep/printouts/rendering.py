"""Printouts as HTML pages and as PDFs made from the same templates by WeasyPrint.

A PDF never fetches anything over the network: the stylesheet is read from disk and
inlined, fonts come from the system (DejaVu), and the URL fetcher refuses every scheme
but file: and data:, so a stray link in a note cannot make the server call out.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.text import slugify

# WeasyPrint reports every layout step at INFO; a pack of PDFs would flood the log.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

APP_FOLDER = Path(__file__).resolve().parent
STYLESHEET = APP_FOLDER / "static" / "printouts" / "printouts.css"


def printout_css() -> str:
    return STYLESHEET.read_text(encoding="utf-8")


def printout_html(
    body_template: str, context: dict[str, Any], request: HttpRequest | None = None
) -> str:
    """A standalone page (no navigation, stylesheet inlined) holding `body_template`."""
    return render_to_string(
        "printouts/pdf.html",
        {**context, "body_template": body_template, "printout_css": printout_css()},
        request=request,
    )


def pdf_from_html(html: str) -> bytes:
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols={"file", "data"}, timeout=5)
    pdf: bytes = HTML(string=html, base_url=str(APP_FOLDER), url_fetcher=fetcher).write_pdf()
    return pdf


def pdf_file_name(*parts: str) -> str:
    """e.g. rose-thorn-appointments-2026-11-24.pdf"""
    return "-".join(slugify(part) for part in parts if part) + ".pdf"


def pdf_response(pdf: bytes, file_name: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{file_name}"'
    # Client names, phones and allergies: no shared cache may keep a copy.
    response["Cache-Control"] = "private, no-store"
    return response
