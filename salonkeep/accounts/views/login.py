from __future__ import annotations

from django.contrib.auth import login
from django.contrib.auth.views import LoginView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from salonkeep.accounts.forms import RateLimitedLoginForm, SetupForm
from salonkeep.accounts.models import Business
from salonkeep.accounts.provisioning import NewBusiness, create_business


class SalonLoginView(LoginView):
    form_class = RateLimitedLoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


def setup(request: HttpRequest) -> HttpResponse:
    """First visit to a fresh installation: create the salon and its owner. Once any
    business exists this page is gone (404-like redirect to login)."""
    if Business.objects.exists():
        return redirect("login")
    form = SetupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
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
        login(request, owner, backend="django.contrib.auth.backends.ModelBackend")
        return redirect("book:day")
    return render(request, "accounts/setup.html", {"form": form})


def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")
