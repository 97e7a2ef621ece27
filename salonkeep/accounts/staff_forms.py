"""Forms for staff logins: create, edit, reset password."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.validators import UnicodeUsernameValidator

from salonkeep.accounts.models import Business, Role, User
from salonkeep.accounts.provisioning import split_name
from salonkeep.accounts.staff import grantable_roles, leaves_no_owner, username_taken

NAME_MAX_LENGTH = 150


def role_choices(actor: User | None) -> list[tuple[str, str]]:
    return [(role.value, role.label) for role in grantable_roles(actor)]


class NewPasswordFields(forms.Form):
    """A password typed twice and checked by the installation's password validators."""

    password = forms.CharField(
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        max_length=128,
        strip=False,
    )
    password_again = forms.CharField(
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        max_length=128,
        strip=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Plain text: help texts are escaped when shown, so the HTML list would show tags.
        self.fields["password"].help_text = " ".join(
            password_validation.password_validators_help_texts()
        )

    def check_new_password(self, cleaned: dict[str, Any], user: User) -> None:
        password = cleaned.get("password")
        if not password:
            return
        if password != cleaned.get("password_again"):
            self.add_error("password_again", "The two passwords differ.")
            return
        try:
            password_validation.validate_password(password, user)
        except forms.ValidationError as error:
            self.add_error("password", error)


class StaffLoginCreateForm(NewPasswordFields):
    """A new login for someone who works at this business."""

    field_order = ["username", "name", "role", "email", "password", "password_again"]

    username = forms.CharField(
        max_length=150,
        validators=[UnicodeUsernameValidator()],
        help_text="What they type to log in. Letters, digits and @ . + - _ only.",
    )
    name = forms.CharField(max_length=NAME_MAX_LENGTH, label="Full name")
    # The least powerful role unless someone chooses otherwise.
    role = forms.ChoiceField(choices=[], initial=Role.STYLIST)
    email = forms.EmailField(max_length=254, required=False, label="E-mail")

    def __init__(self, *args: Any, actor: User | None, business: Business, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.business = business
        cast(forms.ChoiceField, self.fields["role"]).choices = role_choices(actor)

    def clean_username(self) -> str:
        username: str = self.cleaned_data["username"].strip()
        if username_taken(username):
            raise forms.ValidationError(f"The username “{username}” is taken.")
        return username

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        first, last = split_name(cleaned.get("name", ""))
        candidate = User(
            username=cleaned.get("username", ""),
            first_name=first,
            last_name=last,
            email=cleaned.get("email", ""),
        )
        self.check_new_password(cleaned, candidate)
        return cleaned

    def save(self) -> User:
        data = self.cleaned_data
        first, last = split_name(data["name"])
        return User.objects.create_user(
            username=data["username"],
            password=data["password"],
            email=data["email"],
            first_name=first,
            last_name=last,
            business=self.business,
            role=data["role"],
        )


class StaffLoginEditForm(forms.Form):
    """Change who a login belongs to, what they may do, and whether it still works."""

    name = forms.CharField(max_length=NAME_MAX_LENGTH, label="Full name")
    role = forms.ChoiceField(choices=[])
    email = forms.EmailField(max_length=254, required=False, label="E-mail")
    is_active = forms.BooleanField(
        required=False,
        label="Active",
        help_text="Untick to stop this login working. Its history stays in the activity log.",
    )

    def __init__(self, *args: Any, actor: User, login: User, **kwargs: Any):
        kwargs.setdefault(
            "initial",
            {
                "name": login.get_full_name(),
                "role": login.role,
                "email": login.email,
                "is_active": login.is_active,
            },
        )
        super().__init__(*args, **kwargs)
        self.login = login
        cast(forms.ChoiceField, self.fields["role"]).choices = role_choices(actor)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        role = cleaned.get("role")
        if role is not None and leaves_no_owner(
            self.login, role=role, is_active=cleaned.get("is_active", False)
        ):
            raise forms.ValidationError(
                "This is the only active owner login. Make another login an owner first, "
                "so someone can still manage the salon."
            )
        return cleaned

    def save(self) -> User:
        data = self.cleaned_data
        login = self.login
        login.first_name, login.last_name = split_name(data["name"])
        login.role = Role(data["role"])
        login.email = data["email"]
        login.is_active = data["is_active"]
        login.save()
        return login


class PasswordResetForm(NewPasswordFields):
    """Set a new password for a login (the old one is not needed: a manager does this
    for a stylist who forgot theirs)."""

    def __init__(self, *args: Any, login: User, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.login = login
        self.fields["password"].label = "New password"
        self.fields["password_again"].label = "New password again"

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self.check_new_password(cleaned, self.login)
        return cleaned

    def save(self) -> User:
        self.login.set_password(self.cleaned_data["password"])
        self.login.save()
        return self.login
