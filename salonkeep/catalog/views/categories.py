"""Service categories: the headings of the menu, in the salon's own order."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from salonkeep.accounts.access import (
    MANAGERS,
    BusinessRequest,
    for_business,
    get_for_business,
    staff_required,
)
from salonkeep.accounts.form_pages import form_page
from salonkeep.catalog.forms import MAX_POSITION, ServiceCategoryForm
from salonkeep.catalog.models import Service, ServiceCategory


@require_GET
@staff_required(*MANAGERS)
def category_list(request: BusinessRequest) -> HttpResponse:
    categories = list(for_business(ServiceCategory, request.business))
    counts: dict[int | None, int] = {}
    for category_id in for_business(Service, request.business).values_list(
        "category_id", flat=True
    ):
        counts[category_id] = counts.get(category_id, 0) + 1
    rows = [(category, counts.get(category.pk, 0)) for category in categories]
    return render(request, "catalog/categories.html", {"rows": rows})


@require_http_methods(["GET", "POST"])
@staff_required(*MANAGERS)
def category_create(request: BusinessRequest) -> HttpResponse:
    last = for_business(ServiceCategory, request.business).order_by("-position").first()
    initial = {"position": min(last.position + 1, MAX_POSITION) if last else 0}
    return _category_page(request, None, "Added the category {}.", initial)


@require_http_methods(["GET", "POST"])
@staff_required(*MANAGERS)
def category_edit(request: BusinessRequest, pk: int) -> HttpResponse:
    category = get_for_business(ServiceCategory, request.business, pk=pk)
    return _category_page(request, category, "Saved the category {}.")


def _category_page(
    request: BusinessRequest,
    category: ServiceCategory | None,
    said: str,
    initial: dict[str, int] | None = None,
) -> HttpResponse:
    return form_page(
        request,
        ServiceCategoryForm,
        template="catalog/category_form.html",
        name="category",
        instance=category,
        done="catalog:categories",
        saved_message=lambda saved: said.format(saved.name),
        initial=initial,
    )


@require_POST
@staff_required(*MANAGERS)
def category_move(request: BusinessRequest, pk: int) -> HttpResponse:
    """Move a category one place up or down. Positions are renumbered 0, 1, 2… so that
    equal numbers left by hand-editing cannot make a move do nothing."""
    category = get_for_business(ServiceCategory, request.business, pk=pk)
    direction = request.POST.get("direction")
    if direction not in ("up", "down"):
        messages.error(request, "Choose whether to move the category up or down.")
        return redirect("catalog:categories")
    with transaction.atomic():
        ordered = list(for_business(ServiceCategory, request.business).select_for_update())
        index = next((i for i, other in enumerate(ordered) if other.pk == category.pk), None)
        if index is None:  # deleted by someone else meanwhile
            return redirect("catalog:categories")
        target = index - 1 if direction == "up" else index + 1
        if 0 <= target < len(ordered):
            ordered[index], ordered[target] = ordered[target], ordered[index]
        for position, each in enumerate(ordered):
            if each.position != position:
                each.position = position
                each.save(update_fields=["position"])
    return redirect("catalog:categories")


@require_POST
@staff_required(*MANAGERS)
def category_delete(request: BusinessRequest, pk: int) -> HttpResponse:
    category = get_for_business(ServiceCategory, request.business, pk=pk)
    name = category.name
    with transaction.atomic():
        # Saved one by one so the activity log records each service losing its heading.
        for service in for_business(Service, request.business).filter(category=category):
            service.category = None
            service.save(update_fields=["category"])
        category.delete()
    messages.success(
        request, f"Deleted the category {name}. Its services are now listed under Other services."
    )
    return redirect("catalog:categories")
