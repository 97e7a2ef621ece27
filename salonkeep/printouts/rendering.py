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


class PdfUnavailable(Exception):
    """PDFs cannot be made on this computer; the message says what to install."""


PANGO_MISSING = (
    "PDFs cannot be made on this computer: WeasyPrint needs the pango library "
    "(Debian packages libpango-1.0-0 and libpangoft2-1.0-0, which scripts/setup installs "
    "when run as root). The printable page works without it: use the browser's Print."
)


def pdf_from_html(html: str) -> bytes:
    try:
        from weasyprint import HTML
        from weasyprint.urls import URLFetcher
    except (ImportError, OSError) as error:  # OSError: the pango library is not installed
        raise PdfUnavailable(PANGO_MISSING) from error

    fetcher = URLFetcher(allowed_protocols={"file", "data"}, timeout=5)
    pdf: bytes = HTML(string=html, base_url=str(APP_FOLDER), url_fetcher=fetcher).write_pdf()
    return pdf


def pdf_file_name(*parts: str) -> str:
    """e.g. rose-thorn-appointments-2026-11-24.pdf"""
    return "-".join(slugify(part) for part in parts if part) + ".pdf"


def pdf_download(html: str, file_name: str) -> HttpResponse:
    """The PDF of `html` as a download, or a plain page saying why there is none."""
    try:
        pdf = pdf_from_html(html)
    except PdfUnavailable as error:
        return HttpResponse(str(error), status=503, content_type="text/plain; charset=utf-8")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{file_name}"'
    # Client names, phones and allergies: no shared cache may keep a copy.
    response["Cache-Control"] = "private, no-store"
    return response
