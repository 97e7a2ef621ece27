"""Staff logins: who can log in to this business, and with which role.

Logins are never deleted, only deactivated: the activity log and the appointment
history keep pointing at the person who did the work.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from salonkeep.accounts.access import (
    MANAGERS,
    BusinessRequest,
    for_business,
    get_for_business,
    staff_required,
)
from salonkeep.accounts.models import User
from salonkeep.accounts.staff import leaves_no_owner, may_edit_login
from salonkeep.accounts.staff_forms import (
    PasswordResetForm,
    StaffLoginCreateForm,
    StaffLoginEditForm,
)


def _editable_login(request: BusinessRequest, pk: int) -> User:
    login = get_for_business(User, request.business, pk=pk)
    if not may_edit_login(request.user, login):
        raise PermissionDenied("Only an owner can change owner and manager logins.")
    return login


@staff_required(*MANAGERS)
@require_http_methods(["GET"])
def login_list(request: BusinessRequest) -> HttpResponse:
    logins = for_business(User, request.business).order_by("-is_active", "username")
    rows = [(login, may_edit_login(request.user, login)) for login in logins]
    return render(request, "accounts/settings/logins.html", {"rows": rows})


@staff_required(*MANAGERS)
@require_http_methods(["GET", "POST"])
def login_new(request: BusinessRequest) -> HttpResponse:
    form = StaffLoginCreateForm(request.POST or None, actor=request.user, business=request.business)
    if request.method == "POST" and form.is_valid():
        login = form.save()
        messages.success(
            request, f"Added the login “{login.username}” ({login.get_role_display()})."
        )
        return redirect("accounts:logins")
    return render(request, "accounts/settings/login_new.html", {"form": form})


@staff_required(*MANAGERS)
@require_http_methods(["GET", "POST"])
def login_edit(request: BusinessRequest, pk: int) -> HttpResponse:
    login = _editable_login(request, pk)
    form = StaffLoginEditForm(request.POST or None, actor=request.user, login=login)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"Saved the login “{login.username}”.")
        if login.pk == request.user.pk and not login.is_active:
            return redirect("login")
        if login.pk == request.user.pk and not login.can_manage:
            return redirect("book:day")
        return redirect("accounts:logins")
    return render(request, "accounts/settings/login_edit.html", {"form": form, "login": login})


@staff_required(*MANAGERS)
@require_http_methods(["GET", "POST"])
def login_password(request: BusinessRequest, pk: int) -> HttpResponse:
    login = _editable_login(request, pk)
    form = PasswordResetForm(request.POST or None, login=login)
    if request.method == "POST" and form.is_valid():
        form.save()
        if login.pk == request.user.pk:
            # Changing a password ends that login's other sessions, but not this one.
            update_session_auth_hash(request, login)
        messages.success(request, f"Set a new password for “{login.username}”.")
        return redirect("accounts:logins")
    return render(request, "accounts/settings/login_password.html", {"form": form, "login": login})


@staff_required(*MANAGERS)
@require_POST
def login_deactivate(request: BusinessRequest, pk: int) -> HttpResponse:
    login = _editable_login(request, pk)
    if leaves_no_owner(login, role=login.role, is_active=False):
        messages.error(
            request,
            f"“{login.username}” is the only active owner login. Make another login an "
            "owner first, so someone can still manage the salon.",
        )
        return redirect("accounts:login_edit", pk=login.pk)
    if login.is_active:
        login.is_active = False
        login.save()
        messages.success(request, f"Deactivated “{login.username}”: it can no longer log in.")
    if login.pk == request.user.pk:
        return redirect("login")
    return redirect("accounts:logins")
