"""The page that adds or changes one record of the business with a form: shown on GET,
saved on a valid POST (then back to the list with a message), shown again with the
form's messages otherwise. Forms take the business, so choices and unique checks stay
inside it."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Protocol

from django import forms
from django.contrib import messages
from django.db import models
from django.http import HttpResponse
from django.shortcuts import redirect, render

from salonkeep.accounts.access import BusinessRequest


class BusinessModelForm(Protocol):
    def __call__(
        self,
        data: Any = None,
        *,
        instance: Any = None,
        business: Any,
        initial: Mapping[str, Any] | None = None,
    ) -> forms.ModelForm: ...  # type: ignore[type-arg]


def form_page(
    request: BusinessRequest,
    form_class: BusinessModelForm,
    *,
    template: str,
    name: str,
    instance: models.Model | None = None,
    done: str,
    saved_message: Callable[[Any], str],
    initial: Mapping[str, Any] | None = None,
) -> HttpResponse:
    """`name` is what the template calls the record (None when adding one); `done` the
    URL name to go back to; `saved_message` says what was saved, given the record."""
    form = form_class(
        request.POST or None, instance=instance, business=request.business, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        messages.success(request, saved_message(saved))
        return redirect(done)
    return render(request, template, {"form": form, name: instance})
