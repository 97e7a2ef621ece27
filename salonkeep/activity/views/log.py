"""The activity log page: who changed what, and when, newest first."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from salonkeep.accounts.access import MANAGERS, BusinessRequest, for_business, staff_required
from salonkeep.accounts.models import Business
from salonkeep.activity.display import describe_entries, record_type_name
from salonkeep.activity.models import ActivityEntry

ENTRIES_PER_PAGE = 50


class LogFilterForm(forms.Form):
    """Filters offered are only the record types and people that occur in this
    business's log, so another business's names never appear here either."""

    model = forms.ChoiceField(required=False, label="Record type")
    who = forms.ChoiceField(required=False, label="Who")

    def __init__(self, *args: Any, business: Business, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        entries = for_business(ActivityEntry, business).order_by()
        models = entries.values_list("model", flat=True).distinct()
        types = sorted((record_type_name(label), label) for label in models)
        cast(forms.ChoiceField, self.fields["model"]).choices = [("", "All records")] + [
            (label, name) for name, label in types
        ]
        people = sorted(entries.values_list("actor_name", flat=True).distinct(), key=str.lower)
        cast(forms.ChoiceField, self.fields["who"]).choices = [("", "Everyone")] + [
            (name, name) for name in people
        ]


@staff_required(*MANAGERS)
@require_http_methods(["GET"])
def activity_log(request: BusinessRequest) -> HttpResponse:
    business = request.business
    form = LogFilterForm(request.GET, business=business)
    entries = for_business(ActivityEntry, business).select_related("actor")
    form.is_valid()
    # Each valid filter applies; a value that is not (a stale link, a typo) is reported
    # next to its field and ignored.
    cleaned = getattr(form, "cleaned_data", {})
    if cleaned.get("model"):
        entries = entries.filter(model=cleaned["model"])
    if cleaned.get("who"):
        entries = entries.filter(actor_name=cleaned["who"])
    page = Paginator(entries.order_by("-at", "-id"), ENTRIES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    rows = describe_entries(business, list(page.object_list))
    return render(request, "activity/log.html", {"form": form, "page": page, "rows": rows})
