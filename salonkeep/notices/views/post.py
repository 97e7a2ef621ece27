"""Posting a notice, changing it, posting an incident's next stage, withdrawing it."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from salonkeep.accounts.access import MANAGERS, BusinessRequest, staff_required
from salonkeep.notices.access import author_name, editable_notice
from salonkeep.notices.forms import FORMS, UpdateForm, as_instant
from salonkeep.notices.models import Kind
from salonkeep.notices.publishing import new_notice, post_update, publish, save_changes, withdraw


@require_http_methods(["GET", "POST"])
@staff_required(*MANAGERS)
def notice_create(request: BusinessRequest, kind: str) -> HttpResponse:
    if kind not in FORMS:
        raise Http404("No such kind of notice.")
    now = timezone.now()
    operator = request.user.is_superuser
    notice = new_notice(kind, request.business, author_name(request.user), now)
    form = FORMS[kind](request.POST or None, instance=notice, operator=operator)
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data.get("everyone"):
            if not operator:
                raise PermissionDenied("Only the installation's operator can post for everyone.")
            form.instance.business = None
        notice = form.save(commit=False)
        publish(notice, author_name(request.user), now, form.cleaned_data.get("progress", ""))
        messages.success(request, f"Posted “{notice.title}”.")
        return redirect("notices:detail", pk=notice.pk)
    return render(
        request, "notices/form.html", {"form": form, "notice": None, "kind": Kind(kind).label}
    )


@require_http_methods(["GET", "POST"])
@staff_required(*MANAGERS)
def notice_edit(request: BusinessRequest, pk: int) -> HttpResponse:
    notice = editable_notice(request.user, request.business, pk)
    form_class = FORMS[notice.kind]
    form = form_class(request.POST or None, instance=notice)
    if request.method == "POST" and form.is_valid():
        notice = save_changes(form.save(commit=False), timezone.now())
        messages.success(request, f"Saved “{notice.title}”.")
        return redirect("notices:detail", pk=notice.pk)
    return render(
        request,
        "notices/form.html",
        {"form": form, "notice": notice, "kind": Kind(notice.kind).label},
    )


@require_POST
@staff_required(*MANAGERS)
def incident_update(request: BusinessRequest, pk: int) -> HttpResponse:
    notice = editable_notice(request.user, request.business, pk)
    if notice.kind != Kind.INCIDENT or notice.withdrawn_at is not None:
        raise Http404("Only an open incident takes updates.")
    form = UpdateForm(request.POST, notice=notice)
    if not form.is_valid():
        return render(
            request,
            "notices/detail.html",
            {"notice": notice, "editable": True, "update_form": form},
            status=400,
        )
    tz = notice.tz
    update = post_update(
        notice,
        form.cleaned_data["progress"],
        form.cleaned_data["message"],
        author_name(request.user),
        timezone.now(),
        (
            as_instant(form.cleaned_data["window_start"], tz),
            as_instant(form.cleaned_data["window_end"], tz),
        ),
    )
    messages.success(request, f"Posted the update: {update.get_progress_display()}.")
    return redirect("notices:detail", pk=notice.pk)


@require_POST
@staff_required(*MANAGERS)
def notice_withdraw(request: BusinessRequest, pk: int) -> HttpResponse:
    notice = editable_notice(request.user, request.business, pk)
    if notice.withdrawn_at is None:
        withdraw(notice, timezone.now())
        messages.success(request, f"Withdrew “{notice.title}”.")
    return redirect("notices:detail", pk=notice.pk)
