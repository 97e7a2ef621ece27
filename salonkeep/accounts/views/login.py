from __future__ import annotations

from typing import Any

from django.contrib.auth import login
from django.contrib.auth.views import LoginView
from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from salonkeep.accounts.forms import RateLimitedLoginForm, SetupForm
from salonkeep.accounts.models import Business, User
from salonkeep.accounts.provisioning import NewBusiness, create_business


class SalonLoginView(LoginView):
    form_class = RateLimitedLoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


@require_http_methods(["GET", "POST"])
def setup(request: HttpRequest) -> HttpResponse:
    """First visit to a fresh installation: create the salon and its owner. Once any
    business exists this page is gone (a redirect to the login page)."""
    if Business.objects.exists():
        return redirect("login")
    form = SetupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with transaction.atomic():
            # Checked again inside the transaction, with other writers of businesses
            # held back: two people submitting at once must not both become the owner of
            # a salon. (SQLite takes its write lock at BEGIN; PostgreSQL needs a lock.)
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    table = connection.ops.quote_name(Business._meta.db_table)
                    cursor.execute(f"LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE")
            if Business.objects.exists():
                return redirect("login")
            owner = _create_first_business(data)
        login(request, owner, backend="django.contrib.auth.backends.ModelBackend")
        return redirect("book:day")
    return render(request, "accounts/setup.html", {"form": form})


def _create_first_business(data: dict[str, Any]) -> User:
    _, owner = create_business(
        NewBusiness(
            name=data["business_name"],
            currency=data["currency"],
            time_zone=data["time_zone"],
            location_name=data["location_name"],
            owner_username=data["username"],
            owner_password=data["password"],
            owner_name=data["owner_name"],
        )
    )
    return owner


def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")
