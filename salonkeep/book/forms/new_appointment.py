"""The new-appointment form: a client (found, or created inline), one or more service
lines, notes."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from django import forms

from salonkeep.accounts.models import Business, Location
from salonkeep.book.booking import MAX_LINES
from salonkeep.book.forms.fields import BookDateField, clean_price_text, time_field
from salonkeep.catalog.models import Service, ServicePerformer, terms_for
from salonkeep.clients.models import Client
from salonkeep.clients.search import find_duplicates
from salonkeep.lib.dates import local_instant
from salonkeep.lib.money import format_money
from salonkeep.team.models import TeamMember

NEW_CLIENT = "new"
_PHONE_CHARACTERS = re.compile(r"^[\d\s+().\-/]*$")


def describe_minutes(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if hours and rest:
        return f"{hours} h {rest} min"
    return f"{hours} h" if hours else f"{rest} min"


if TYPE_CHECKING:
    _ServiceChoice = forms.ModelChoiceField[Service]
else:
    _ServiceChoice = forms.ModelChoiceField


class ServiceChoiceField(_ServiceChoice):
    currency = "GBP"

    def label_from_instance(self, obj: Service) -> str:
        return (
            f"{obj.name} · {describe_minutes(obj.client_minutes)} · "
            f"{format_money(obj.price, self.currency)}"
        )


class LineForm(forms.Form):
    """One service: what, by whom, from when, and optionally at a different price."""

    service = ServiceChoiceField(
        queryset=Service.objects.none(),
        empty_label="Choose a service",
        error_messages={
            "required": "Choose a service.",
            "invalid_choice": "Choose a service from the list.",
        },
    )
    team_member = forms.ModelChoiceField(
        queryset=TeamMember.objects.none(),
        label="With",
        empty_label="Choose a team member",
        error_messages={
            "required": "Choose who does it.",
            "invalid_choice": "Choose a team member from the list.",
        },
    )
    start = time_field("Starts", required=False)
    price = forms.CharField(
        label="Price",
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "placeholder": "usual"}),
    )

    def __init__(self, *args: Any, business: Business, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.currency = business.currency
        service_field = self.fields["service"]
        assert isinstance(service_field, ServiceChoiceField)
        service_field.queryset = Service.objects.filter(business=business, is_active=True)
        service_field.currency = business.currency
        member_field = self.fields["team_member"]
        assert isinstance(member_field, forms.ModelChoiceField)
        member_field.queryset = TeamMember.objects.filter(business=business, is_active=True)

    def clean_price(self) -> int | None:
        return clean_price_text(str(self.cleaned_data["price"]), self.currency)


LineFormSet = forms.formset_factory(
    LineForm, extra=0, max_num=MAX_LINES, absolute_max=MAX_LINES, validate_max=True
)


class AppointmentForm(forms.Form):
    location = forms.ModelChoiceField(
        queryset=Location.objects.none(),
        empty_label=None,
        error_messages={"invalid_choice": "Choose one of the salon's locations."},
    )
    date = BookDateField(label="Date")
    # "" (nothing chosen yet), "new", or the id of a client picked from the search results.
    client = forms.CharField(required=False, max_length=20, widget=forms.HiddenInput)
    client_query = forms.CharField(
        label="Find a client",
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "autocomplete": "off",
                "placeholder": "Name, phone or e-mail",
            }
        ),
    )
    new_first_name = forms.CharField(label="First name", required=False, max_length=80)
    new_last_name = forms.CharField(label="Last name", required=False, max_length=80)
    new_phone = forms.CharField(
        label="Phone",
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )
    confirm_new_client = forms.BooleanField(
        label="Create a new client anyway (not one of the similar clients shown)",
        required=False,
    )
    notes = forms.CharField(
        label="Notes",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, business: Business, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.business = business
        location_field = self.fields["location"]
        assert isinstance(location_field, forms.ModelChoiceField)
        location_field.queryset = Location.objects.filter(business=business)
        self.chosen_client: Client | None = None

    def clean_client(self) -> str:
        value = str(self.cleaned_data["client"]).strip()
        if value in ("", NEW_CLIENT):
            return value
        if value.isdigit():
            self.chosen_client = Client.objects.filter(business=self.business, pk=value).first()
        if self.chosen_client is None:
            raise forms.ValidationError("Choose a client from the search results.")
        return value

    def clean_new_first_name(self) -> str:
        return str(self.cleaned_data["new_first_name"]).strip()

    def clean_new_last_name(self) -> str:
        return str(self.cleaned_data["new_last_name"]).strip()

    def clean_new_phone(self) -> str:
        phone = " ".join(str(self.cleaned_data["new_phone"]).split())
        if not _PHONE_CHARACTERS.match(phone):
            raise forms.ValidationError("A phone number has digits, spaces and + ( ) - only.")
        return phone

    @property
    def wants_new_client(self) -> bool:
        data = self.cleaned_data
        return data.get("client") == NEW_CLIENT or (
            not data.get("client") and bool(data.get("new_first_name"))
        )

    def check_client(self) -> list[Client]:
        """After is_valid(): require a client, and return the similar clients that must be
        looked at before a new one is created (an error is added when there are any)."""
        if self.chosen_client is not None or "client" in self.errors:
            return []
        data = self.cleaned_data
        if not self.wants_new_client:
            self.add_error("client", "Find the client, or enter a new client's name.")
            return []
        if not data.get("new_first_name"):
            if "new_first_name" not in self.errors:
                self.add_error("new_first_name", "Enter the new client's first name.")
            return []
        similar = list(
            find_duplicates(
                self.business,
                data["new_first_name"],
                data.get("new_last_name", ""),
                data.get("new_phone", ""),
            )[:5]
        )
        if similar and not data.get("confirm_new_client"):
            self.add_error(
                "client",
                "Similar clients are already on file: choose one of them, or tick "
                "“Create a new client anyway”.",
            )
        return similar

    def new_client(self) -> Client:
        """The inline client, not yet saved."""
        data = self.cleaned_data
        return Client(
            business=self.business,
            first_name=data["new_first_name"],
            last_name=data.get("new_last_name", ""),
            phone=data.get("new_phone", ""),
        )


class ServiceMinutes:
    """How long each service keeps the client, per team member (their own timing where
    they have one). Used to start each line where the previous one ends."""

    def __init__(self, business: Business) -> None:
        self.services = {s.pk: s for s in Service.objects.filter(business=business, is_active=True)}
        self.performers = {
            (p.service_id, p.team_member_id): p
            for p in ServicePerformer.objects.filter(business=business)
        }

    def client_minutes(self, service: Service, member_id: int) -> int:
        terms = terms_for(service, self.performers.get((service.pk, member_id)))
        return terms.initial_minutes + terms.processing_minutes + terms.finish_minutes

    def as_json(self) -> dict[str, Any]:
        """For the page script: service id -> usual minutes and team member overrides."""
        result: dict[str, Any] = {
            str(pk): {"minutes": service.client_minutes, "members": {}}
            for pk, service in self.services.items()
        }
        for service_id, member_id in self.performers:
            if service_id in self.services:
                minutes = self.client_minutes(self.services[service_id], member_id)
                result[str(service_id)]["members"][str(member_id)] = minutes
        return result


def line_starts(
    lines: list[dict[str, Any]], day: date, business: Business, minutes: ServiceMinutes
) -> list[datetime] | str:
    """The start instant of each line, a blank start following the previous line's end.
    Returns a message instead when the first line has no start."""
    starts: list[datetime] = []
    previous_end: datetime | None = None
    for line in lines:
        start: time | None = line.get("start")
        if start is not None:
            at = local_instant(day, start, business.tz)
        elif previous_end is not None:
            at = previous_end
        else:
            return "Give the first service a start time."
        starts.append(at)
        previous_end = at + timedelta(
            minutes=minutes.client_minutes(line["service"], line["team_member"].pk)
        )
    return starts


def filled_lines(formset: forms.BaseFormSet[LineForm]) -> list[dict[str, Any]]:
    """The cleaned data of the lines that were filled in (blank extra lines are ignored)."""
    return [form.cleaned_data for form in formset.forms if form.cleaned_data]
