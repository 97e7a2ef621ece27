"""Forms for the team: who they are, their weekly hours, time off and one-off changes.

Times of day are wall-clock times in the business's time zone; time off is entered as a
local date and time and stored as UTC instants.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from itertools import pairwise
from typing import Any

from django import forms

from salonkeep.accounts.access import for_business
from salonkeep.accounts.models import WEEKDAYS, Business, Location, User
from salonkeep.catalog.forms import ChoiceOfRecords, position_field
from salonkeep.catalog.models import Service, ServicePerformer
from salonkeep.lib.dates import local_instant
from salonkeep.team.models import ScheduleChange, TeamMember, TimeOff, WorkingHours

COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
# Dates far outside a salon's planning horizon are typing mistakes, and years near the
# ends of the calendar cannot be converted between time zones at all.
EARLIEST_YEAR, LATEST_YEAR = 2000, 2100
LONGEST_TIME_OFF = timedelta(days=366)
END_BEFORE_START = "The end must be after the start; hours cannot run past midnight."


def _span(starts: time | None, ends: time | None) -> str:
    return f"{starts:%H:%M}–{ends:%H:%M}" if starts and ends else "not working"


class DayTimeField(forms.TimeField):
    """A wall-clock time between 00:00 and 23:59, typed as HH:MM."""

    input_formats = ["%H:%M", "%H:%M:%S"]
    widget = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    default_error_messages = {
        "invalid": "Enter a time of day between 00:00 and 23:59, such as 09:00 or 17:30.",
    }


class PlanDateField(forms.DateField):
    """A date typed as YYYY-MM-DD only: "04/07/2026" means different days to different
    people, so it is refused rather than guessed."""

    input_formats = ["%Y-%m-%d"]
    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    default_error_messages = {"invalid": "Enter a date such as 2026-03-29."}

    def to_python(self, value: Any) -> date | None:
        day = super().to_python(value)
        if day is not None and not EARLIEST_YEAR <= day.year <= LATEST_YEAR:
            raise forms.ValidationError(f"Enter a date between {EARLIEST_YEAR} and {LATEST_YEAR}.")
        return day


class TeamMemberForm(forms.ModelForm):  # type: ignore[type-arg]
    position = position_field("Columns on the book and rota follow this number, lowest first.")

    class Meta:
        model = TeamMember
        fields = ["name", "title", "colour", "is_active", "position", "user"]
        labels = {"is_active": "Active (can be booked)", "user": "Login", "colour": "Colour"}
        help_texts = {
            "colour": "Shown on the appointment book, as #rrggbb.",
            "user": "The staff login of this person, if they have one.",
            "is_active": "Inactive team members cannot be booked and leave the rota.",
        }
        widgets = {"colour": forms.TextInput(attrs={"type": "color"})}

    def __init__(self, *args: Any, business: Business, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.business = business
        user = self.fields["user"]
        assert isinstance(user, forms.ModelChoiceField)
        user.queryset = for_business(User, business).order_by("username")
        user.empty_label = "(no login)"
        user.error_messages["invalid_choice"] = "Choose one of this salon's logins."
        if self.instance.pk is None:
            self.fields["services"] = ChoiceOfRecords(
                queryset=for_business(Service, business).filter(is_active=True),
                required=False,
                widget=forms.CheckboxSelectMultiple,
                label="Performs these services",
                help_text="At the standard price and timings; change them on each service.",
            )

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError("Enter a name.")
        return name

    def clean_colour(self) -> str:
        colour: str = self.cleaned_data["colour"].strip()
        if not COLOUR.match(colour):
            raise forms.ValidationError("Enter a colour as # and six hex digits, such as #7c9cbf.")
        return colour.lower()

    def clean_user(self) -> User | None:
        user: User | None = self.cleaned_data.get("user")
        if user is None:
            return None
        linked = for_business(TeamMember, self.business).filter(user=user)
        if self.instance.pk:
            linked = linked.exclude(pk=self.instance.pk)
        holder = linked.first()
        if holder is not None:
            raise forms.ValidationError(
                f"The login {user.username} is already linked to {holder.name}."
            )
        return user

    def save(self, commit: bool = True) -> TeamMember:
        self.instance.business = self.business
        member: TeamMember = super().save(commit)
        if commit and "services" in self.cleaned_data:
            for service in self.cleaned_data["services"]:
                ServicePerformer.objects.create(
                    business=self.business, service=service, team_member=member
                )
        return member


class WorkingHoursForm(forms.ModelForm):  # type: ignore[type-arg]
    starts = DayTimeField(label="From")
    ends = DayTimeField(label="Until")

    class Meta:
        model = WorkingHours
        fields = ["weekday", "location", "starts", "ends"]

    def __init__(
        self, *args: Any, business: Business, one_location: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        weekday = self.fields["weekday"]
        assert isinstance(weekday, forms.TypedChoiceField)
        weekday.choices = [("", "Choose a day"), *WEEKDAYS]
        weekday.error_messages["invalid_choice"] = "Choose a day of the week."
        location = self.fields["location"]
        assert isinstance(location, forms.ModelChoiceField)
        location.queryset = for_business(Location, business)
        location.empty_label = None
        location.error_messages["invalid_choice"] = "Choose one of this salon's locations."
        if one_location:
            location.widget = forms.HiddenInput()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        starts, ends = cleaned.get("starts"), cleaned.get("ends")
        if starts and ends and starts >= ends:
            # On the field, so the model's own start-before-end check is not run too.
            self.add_error("ends", END_BEFORE_START)
        return cleaned


class BaseWorkingHoursFormSet(forms.BaseModelFormSet):  # type: ignore[type-arg]
    def add_fields(self, form: forms.ModelForm[Any], index: int | None) -> None:
        super().add_fields(form, index)
        # Django accepts any row's id here; a row of someone else is refused outright.
        row = form.fields.get("id")
        if isinstance(row, forms.ModelChoiceField):
            row.queryset = self.get_queryset()
            row.error_messages["invalid_choice"] = "That shift no longer exists; reload the page."

    def clean(self) -> None:
        """Refuse overlapping rows on one weekday: nobody works two shifts at once."""
        super().clean()
        if any(self.errors):
            return
        by_weekday: dict[int, list[tuple[time, time]]] = {}
        for form in self.forms:
            data = form.cleaned_data
            if not data or data.get("DELETE"):
                continue
            by_weekday.setdefault(data["weekday"], []).append((data["starts"], data["ends"]))
        names = dict(WorkingHours._meta.get_field("weekday").choices or [])
        problems = []
        for weekday, spans in sorted(by_weekday.items()):
            spans.sort()
            for (s1, e1), (s2, e2) in pairwise(spans):
                if s2 < e1:
                    problems.append(f"{names[weekday]}: {_span(s1, e1)} overlaps {_span(s2, e2)}.")
        if problems:
            raise forms.ValidationError(problems)


WorkingHoursFormSet = forms.modelformset_factory(
    WorkingHours,
    form=WorkingHoursForm,
    formset=BaseWorkingHoursFormSet,
    extra=3,
    can_delete=True,
    max_num=70,
    validate_max=True,
)


class TimeOffForm(forms.Form):
    """A holiday or absence, from a local date and time to a local date and time. Empty
    times mean whole days: from the start of the first day to the end of the last."""

    start_date = PlanDateField(label="From date")
    start_time = DayTimeField(label="From time", required=False, help_text="Empty: start of day")
    end_date = PlanDateField(label="Until date")
    end_time = DayTimeField(label="Until time", required=False, help_text="Empty: end of day")
    reason = forms.CharField(max_length=200, required=False, help_text="e.g. Holiday, training")

    def __init__(self, *args: Any, member: TeamMember, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.member = member
        self.business = member.business

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.errors:
            return cleaned
        tz = self.business.tz
        starts_at = local_instant(cleaned["start_date"], cleaned["start_time"] or time(0), tz)
        if cleaned["end_time"] is None:
            ends_at = local_instant(cleaned["end_date"] + timedelta(days=1), time(0), tz)
        else:
            ends_at = local_instant(cleaned["end_date"], cleaned["end_time"], tz)
        if ends_at <= starts_at:
            raise forms.ValidationError("The time off must end after it starts.")
        if ends_at - starts_at > LONGEST_TIME_OFF:
            raise forms.ValidationError(
                "Time off can be at most a year; add longer absences in parts."
            )
        cleaned["starts_at"], cleaned["ends_at"] = starts_at, ends_at
        return cleaned

    def save(self) -> TimeOff:
        return TimeOff.objects.create(
            business=self.business,
            team_member=self.member,
            starts_at=self.cleaned_data["starts_at"],
            ends_at=self.cleaned_data["ends_at"],
            reason=self.cleaned_data["reason"].strip(),
        )


class ScheduleChangeForm(forms.Form):
    """Different hours, or no work, on one date. Any change for a date replaces that
    date's weekly hours at every location."""

    date = PlanDateField()
    not_working = forms.BooleanField(required=False, label="Not working that day")
    location = forms.ModelChoiceField(queryset=Location.objects.none(), empty_label=None)
    starts = DayTimeField(label="From", required=False)
    ends = DayTimeField(label="Until", required=False)
    note = forms.CharField(max_length=200, required=False, help_text="e.g. Covering late night")

    def __init__(self, *args: Any, member: TeamMember, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.member = member
        self.business = member.business
        location = self.fields["location"]
        assert isinstance(location, forms.ModelChoiceField)
        locations = list(for_business(Location, self.business))
        location.queryset = for_business(Location, self.business)
        location.error_messages["invalid_choice"] = "Choose one of this salon's locations."
        if locations:
            self.initial.setdefault("location", locations[0].pk)
        if len(locations) == 1:
            location.widget = forms.HiddenInput()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.errors:
            return cleaned
        starts, ends = cleaned["starts"], cleaned["ends"]
        if cleaned["not_working"]:
            if starts or ends:
                raise forms.ValidationError(
                    "Leave the times empty when the team member is not working that day."
                )
        elif not (starts and ends):
            raise forms.ValidationError(
                "Enter the hours worked that day, or tick “Not working that day”."
            )
        elif starts >= ends:
            raise forms.ValidationError(END_BEFORE_START)
        existing = list(
            ScheduleChange.objects.filter(
                business=self.business, team_member=self.member, date=cleaned["date"]
            )
        )
        day = f"{cleaned['date']:%a %d %b %Y}"
        if cleaned["not_working"] and existing:
            raise forms.ValidationError(
                f"{day} already has a change; delete it first to mark the day as not working."
            )
        for change in existing:
            if change.starts is None or change.ends is None:
                raise forms.ValidationError(
                    f"{self.member.name} is marked not working on {day}; delete that first."
                )
            if starts < change.ends and change.starts < ends:
                raise forms.ValidationError(
                    f"On {day} these hours overlap {_span(change.starts, change.ends)}."
                )
        return cleaned

    def save(self) -> ScheduleChange:
        data = self.cleaned_data
        return ScheduleChange.objects.create(
            business=self.business,
            team_member=self.member,
            location=data["location"],
            date=data["date"],
            starts=None if data["not_working"] else data["starts"],
            ends=None if data["not_working"] else data["ends"],
            note=data["note"].strip(),
        )


def rota_day(text: str | None, today: date) -> date | None:
    """The date asked for in the rota's query string; None when it is malformed."""
    if not text:
        return today
    try:
        day = datetime.strptime(text, "%Y-%m-%d").date()
    except ValueError:
        return None
    return day if EARLIEST_YEAR <= day.year <= LATEST_YEAR else None
