from __future__ import annotations

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme

from salonkeep.accounts import ratelimit
from salonkeep.accounts.forms import client_address
from salonkeep.standby.login import matching_logins, start_session
from salonkeep.standby.registry import current

LOCKED_OUT = "Too many failed logins. Wait 15 minutes and try again."
WRONG = "That username and password do not match. Use your usual Salonkeep login."


class StandbyLoginForm(forms.Form):
    username = forms.CharField(max_length=150)
    # Never stripped: a space someone typed on purpose is part of their password.
    password = forms.CharField(widget=forms.PasswordInput, max_length=128, strip=False)


def _next_page(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return "/"


def login_view(request: HttpRequest) -> HttpResponse:
    registry = current()
    salons = registry.all() if registry else []
    if request.user.is_authenticated:
        return redirect("standby:day")
    form = StandbyLoginForm(request.POST if request.method == "POST" else None)
    choices: list[tuple[str, str]] = []
    if request.method == "POST" and form.is_valid():
        username = form.cleaned_data["username"]
        address = client_address(request)
        if ratelimit.is_locked_out(username, address):
            form.add_error(None, LOCKED_OUT)
        else:
            matches = matching_logins(salons, username, form.cleaned_data["password"])
            salon = request.POST.get("salon", "")
            chosen = [m for m in matches if m.served.slug == salon]
            if not matches:
                ratelimit.record_failure(username, address)
                form.add_error(None, WRONG)
            elif len(matches) == 1 or len(chosen) == 1:
                ratelimit.clear_failures(username, address)
                start_session(request, chosen[0] if chosen else matches[0])
                return redirect(_next_page(request))
            else:
                choices = [(m.served.slug, m.served.name) for m in matches]
    context = {
        "form": form,
        "choices": choices,
        "salons": salons,
        "next": _next_page(request) if "next" in request.GET or "next" in request.POST else "",
    }
    return render(request, "standby/login.html", context, status=200)


def logout_view(request: HttpRequest) -> HttpResponse:
    request.session.flush()
    return redirect("standby:login")
