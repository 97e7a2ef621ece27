from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def render_book(request: HttpRequest, page_template: str, context: dict[str, Any]) -> HttpResponse:
    """The whole page, or only the grid when the drag-and-drop script asks for it after a
    move, to swap it in place."""
    if request.headers.get("HX-Request") == "true":
        return render(request, "book/_grid.html", context)
    return render(request, page_template, context)
