from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.http import HttpRequest
from django.utils.text import slugify

from salonkeep.accounts import ratelimit
from salonkeep.accounts.models import CURRENCIES, Business, User, validate_time_zone
from salonkeep.accounts.staff import username_taken


def client_address(request: HttpRequest | None) -> str:
    if request is None:
        return ""
    return str(request.META.get("REMOTE_ADDR", ""))


class RateLimitedLoginForm(AuthenticationForm):
    """The usual login form, refusing further tries after too many failures."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "locked_out": "Too many failed logins. Wait 15 minutes and try again.",
    }

    def clean(self) -> dict[str, Any]:
        username = self.data.get("username", "")
        address = client_address(self.request)
        if ratelimit.is_locked_out(username, address):
            raise forms.ValidationError(self.error_messages["locked_out"], code="locked_out")
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            ratelimit.record_failure(username, address)
            raise
        ratelimit.clear_failures(username, address)
        return cleaned


class SetupForm(forms.Form):
    """Creates the first salon and its owner login on a fresh installation."""

    business_name = forms.CharField(max_length=120, label="Salon name")
    currency = forms.ChoiceField(choices=CURRENCIES, initial="GBP")
    time_zone = forms.CharField(
        max_length=64, initial="Europe/London", validators=[validate_time_zone]
    )
    location_name = forms.CharField(max_length=120, initial="Main salon", label="First location")
    owner_name = forms.CharField(max_length=150, label="Your name")
    username = forms.CharField(
        max_length=150,
        validators=[UnicodeUsernameValidator()],
        help_text="What you type to log in. Letters, digits and @ . + - _ only.",
    )
    # Never stripped: a space someone typed on purpose is part of their password.
    password = forms.CharField(widget=forms.PasswordInput, max_length=128, strip=False)
    password_again = forms.CharField(widget=forms.PasswordInput, max_length=128, strip=False)

    def clean_username(self) -> str:
        username: str = self.cleaned_data["username"].strip()
        if username_taken(username):
            raise forms.ValidationError("That username is taken.")
        return username

    def clean_business_name(self) -> str:
        name: str = self.cleaned_data["business_name"].strip()
        if not slugify(name):
            raise forms.ValidationError("The salon name needs at least one letter or digit.")
        return name

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        password = cleaned.get("password")
        if password and password != cleaned.get("password_again"):
            self.add_error("password_again", "The two passwords differ.")
        elif password:
            try:
                password_validation.validate_password(
                    password, User(username=cleaned.get("username", ""))
                )
            except forms.ValidationError as error:
                self.add_error("password", error)
        return cleaned


def unique_business_slug(name: str) -> str:
    base = slugify(name)[:50] or "salon"
    slug, counter = base, 2
    while Business.objects.filter(slug=slug).exists():
        slug = f"{base}-{counter}"
        counter += 1
    return slug
