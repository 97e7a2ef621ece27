"""Forms for the business's own details and its locations with their opening hours."""

from __future__ import annotations

from datetime import time
from typing import TYPE_CHECKING, Any

from django import forms
from django.db import transaction
from django.http import QueryDict

from salonkeep.accounts.models import WEEKDAYS, Business, Location, OpeningHours

# ModelForm is generic only to the type checker (django-stubs); at run time it cannot be
# subscripted.
if TYPE_CHECKING:
    BusinessModelForm = forms.ModelForm[Business]
    LocationModelForm = forms.ModelForm[Location]
else:
    BusinessModelForm = LocationModelForm = forms.ModelForm


class BusinessForm(BusinessModelForm):
    class Meta:
        model = Business
        fields = ["name", "currency", "time_zone"]
        labels = {"name": "Salon name"}
        help_texts = {
            "currency": "Prices are not converted: £45.00 becomes €45.00.",
            "time_zone": "A name such as Europe/London. Every time in Salonkeep is shown in "
            "this zone; appointments keep their moment in time if you change it.",
        }
        widgets = {"time_zone": forms.TextInput(attrs={"list": "time-zone-names"})}

    def clean_time_zone(self) -> str:
        return str(self.cleaned_data["time_zone"]).strip()


class LocationForm(LocationModelForm):
    class Meta:
        model = Location
        fields = ["name", "address", "phone"]
        widgets = {"address": forms.Textarea(attrs={"rows": 3})}


TIME_WIDGET = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class WeekdayHoursForm(forms.Form):
    """One weekday's opening hours; a day that is not open is closed."""

    is_open = forms.BooleanField(required=False, label="Open")
    opens = forms.TimeField(required=False, widget=TIME_WIDGET, label="Opens")
    closes = forms.TimeField(required=False, widget=TIME_WIDGET, label="Closes")

    def __init__(self, *args: Any, weekday: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.weekday = weekday
        self.weekday_name = dict(WEEKDAYS)[weekday]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("is_open"):
            # A closed day's time boxes are not used, so whatever is in them is no error.
            for name in ("opens", "closes"):
                self.errors.pop(name, None)
                cleaned[name] = None
            return cleaned
        opens, closes = cleaned.get("opens"), cleaned.get("closes")
        if opens is None and "opens" not in self.errors:
            self.add_error("opens", f"Say when you open on {self.weekday_name}, or untick Open.")
        if closes is None and "closes" not in self.errors:
            self.add_error("closes", f"Say when you close on {self.weekday_name}, or untick Open.")
        if opens is not None and closes is not None and opens >= closes:
            self.add_error("closes", f"On {self.weekday_name} closing must be after opening.")
        return cleaned

    @property
    def hours(self) -> tuple[time, time] | None:
        if not self.cleaned_data.get("is_open"):
            return None
        return self.cleaned_data["opens"], self.cleaned_data["closes"]


def weekly_hours_forms(
    location: Location | None, data: QueryDict | None = None
) -> list[WeekdayHoursForm]:
    """Seven forms, Monday first, filled from the location's hours (or 9 to 6, Monday to
    Saturday, for a new location)."""
    if location is not None and location.pk is not None:
        current = {
            hours.weekday: (hours.opens, hours.closes) for hours in location.opening_hours.all()
        }
    else:
        current = {weekday: (time(9), time(18)) for weekday in range(6)}
    forms_by_day = []
    for weekday, _name in WEEKDAYS:
        opens, closes = current.get(weekday, (None, None))
        forms_by_day.append(
            WeekdayHoursForm(
                data,
                prefix=f"day{weekday}",
                weekday=weekday,
                initial={"is_open": weekday in current, "opens": opens, "closes": closes},
            )
        )
    return forms_by_day


@transaction.atomic
def save_opening_hours(location: Location, days: list[WeekdayHoursForm]) -> None:
    """Bring the stored rows in line with the forms, one save or delete at a time so each
    change reaches the activity log (unchanged days write nothing)."""
    existing = {hours.weekday: hours for hours in location.opening_hours.all()}
    for day in days:
        row = existing.get(day.weekday)
        hours = day.hours
        if hours is None:
            if row is not None:
                row.delete()
        elif row is None:
            OpeningHours.objects.create(
                business_id=location.business_id,
                location=location,
                weekday=day.weekday,
                opens=hours[0],
                closes=hours[1],
            )
        else:
            row.opens, row.closes = hours
            row.save()
