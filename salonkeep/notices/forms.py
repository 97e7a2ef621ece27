"""The forms for posting and changing notices. Times are typed as wall-clock times in
the notice's named time zone and stored as UTC instants."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.core.exceptions import ValidationError

from salonkeep.accounts.models import validate_time_zone
from salonkeep.notices.models import TEXT_MAX, Kind, Notice, Progress, Service, Subscription

MOMENT_FORMATS = ("%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S")
MOMENT_HELP = "Date and time, e.g. 2026-09-18 09:45."
FIRST_YEAR, LAST_YEAR = 2000, 2100


class WallClockField(forms.Field):
    """A date and time with no zone (the form attaches the notice's named zone)."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    default_error_messages = {"invalid": "Enter a date and time such as 2026-09-18 09:45."}

    def to_python(self, value: Any) -> datetime | None:
        if value in self.empty_values:
            return None
        if isinstance(value, datetime):
            return value.replace(tzinfo=None)
        text = str(value).strip()[:40]
        for pattern in MOMENT_FORMATS:
            try:
                moment = datetime.strptime(text, pattern)
            except ValueError:
                continue
            if not FIRST_YEAR <= moment.year <= LAST_YEAR:
                # Also keeps zone arithmetic far from datetime's limits (years 1 and 9999).
                raise ValidationError(
                    f"Enter a date between {FIRST_YEAR} and {LAST_YEAR}.", code="out_of_range"
                )
            return moment
        raise ValidationError(self.error_messages["invalid"], code="invalid")


def as_instant(wall: datetime | None, tz: ZoneInfo) -> datetime | None:
    """The UTC instant of a wall-clock time in `tz` (in a repeated hour, the first)."""
    if wall is None:
        return None
    return wall.replace(tzinfo=tz).astimezone(UTC)


def as_wall(moment: datetime | None, tz: ZoneInfo) -> datetime | None:
    return moment.astimezone(tz).replace(tzinfo=None) if moment is not None else None


class NoticeForm(forms.ModelForm):  # type: ignore[type-arg]
    """The fields every kind has; subclasses add their times. `moments` maps a form
    field to the model field it fills, in the notice's zone."""

    kind: str = ""
    moments: dict[str, str] = {}
    services = forms.MultipleChoiceField(
        choices=Service.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="What this notice is about.",
    )
    everyone = forms.BooleanField(
        required=False,
        label="For every salon on this installation",
        help_text="Only the installation's operator can post for everyone.",
    )

    class Meta:
        model = Notice
        fields = ["title", "body", "services", "public", "time_zone"]
        labels = {"public": "Show on the public status page", "time_zone": "Time zone"}
        widgets = {"body": forms.Textarea(attrs={"rows": 4})}
        help_texts = {"time_zone": "The zone the times below are in, e.g. America/New_York."}

    def __init__(self, *args: Any, operator: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].widget.attrs["maxlength"] = TEXT_MAX
        self.fields["time_zone"].validators = [validate_time_zone]
        if not operator or self.instance.pk is not None:
            del self.fields["everyone"]
        tz = self.instance.tz
        for field, attribute in self.moments.items():
            self.initial.setdefault(field, as_wall(getattr(self.instance, attribute), tz))

    def zone(self) -> ZoneInfo | None:
        name = self.cleaned_data.get("time_zone")
        return ZoneInfo(name) if name else None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        tz = self.zone()
        if tz is not None:
            for field, attribute in self.moments.items():
                setattr(self.instance, attribute, as_instant(cleaned.get(field), tz))
        return cleaned

    def check_order(self, start: str, end: str, message: str) -> None:
        first, last = self.cleaned_data.get(start), self.cleaned_data.get(end)
        if first is not None and last is not None and last <= first:
            self.add_error(end, message)

    def save(self, commit: bool = True) -> Notice:
        self.instance.kind = self.kind
        notice: Notice = super().save(commit)
        return notice


class IncidentForm(NoticeForm):
    kind = Kind.INCIDENT
    moments = {"window_start": "impact_started_at", "window_end": "impact_ended_at"}
    window_start = WallClockField(
        required=False, label="Impact began", help_text="When people were first affected."
    )
    window_end = WallClockField(
        required=False, label="Impact ended", help_text="Needed once the incident is resolved."
    )

    class Meta(NoticeForm.Meta):
        fields = [
            "title",
            "body",
            "services",
            "impact",
            "support_url",
            "support_phone",
            "public",
            "time_zone",
        ]
        labels = {
            **NoticeForm.Meta.labels,
            "body": "What is happening",
            "support_phone": "Phone number for anyone still affected",
        }

    field_order = ["title", "progress", "impact", "body", "services"]
    support_url = forms.URLField(
        max_length=300,
        required=False,
        assume_scheme="https",
        label="Where to read more or get help (link)",
    )
    progress = forms.ChoiceField(
        choices=Progress.choices,
        label="Stage",
        help_text="Post an incident that is already over as resolved, with its window.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["impact"].required = True
        self.fields["body"].required = True
        if self.instance.pk is not None:
            del self.fields["progress"]  # later stages are posted as updates

    @property
    def resolving(self) -> bool:
        return (
            self.instance.resolved_at is not None
            or self.cleaned_data.get("progress") == Progress.RESOLVED
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        self.check_order("window_start", "window_end", "The impact must end after it began.")
        if self.resolving:
            for field in ("window_start", "window_end"):
                if cleaned.get(field) is None and field not in self.errors:
                    self.add_error(field, "A resolved incident needs its impact window.")
        if not cleaned.get("services"):
            self.add_error("services", "Choose at least one service the incident affects.")
        return cleaned


class MaintenanceForm(NoticeForm):
    kind = Kind.MAINTENANCE
    moments = {"window_start": "starts_at", "window_end": "ends_at"}
    window_start = WallClockField(label="Starts", help_text=MOMENT_HELP)
    window_end = WallClockField(label="Ends", help_text="When the services are back.")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        self.check_order("window_start", "window_end", "The maintenance must end after it starts.")
        if not cleaned.get("services"):
            self.add_error("services", "Choose the services the maintenance takes offline.")
        return cleaned


class ClosureForm(NoticeForm):
    kind = Kind.CLOSURE
    moments = {"window_start": "starts_at", "window_end": "ends_at"}
    window_start = WallClockField(label="Closed from", help_text=MOMENT_HELP)
    window_end = WallClockField(label="Normal hours resume", help_text=MOMENT_HELP)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        self.check_order("window_start", "window_end", "Normal hours must resume after closing.")
        return cleaned


class InformationForm(NoticeForm):
    kind = Kind.INFORMATION
    moments = {"window_start": "starts_at", "window_end": "ends_at"}
    window_start = WallClockField(
        required=False, label="Show from", help_text="Leave empty to show it now."
    )
    window_end = WallClockField(
        required=False, label="Show until", help_text="Leave empty to keep it until withdrawn."
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        self.check_order("window_start", "window_end", "“Show until” must be after “Show from”.")
        return cleaned


FORMS: dict[str, type[NoticeForm]] = {
    Kind.INCIDENT: IncidentForm,
    Kind.MAINTENANCE: MaintenanceForm,
    Kind.CLOSURE: ClosureForm,
    Kind.INFORMATION: InformationForm,
}


class UpdateForm(forms.Form):
    """A new stage of an incident. Resolving it needs the measured impact window."""

    progress = forms.ChoiceField(choices=Progress.choices, label="Stage")
    message = forms.CharField(max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 3}))
    window_start = WallClockField(required=False, label="Impact began")
    window_end = WallClockField(required=False, label="Impact ended")

    def __init__(self, *args: Any, notice: Notice, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.notice = notice
        self.fields["message"].widget.attrs["maxlength"] = TEXT_MAX
        stages = list(Progress.values)
        latest = notice.updates.order_by("-posted_at", "-id").first()
        if latest is not None and latest.progress in stages[:-1]:
            self.initial.setdefault("progress", stages[stages.index(latest.progress) + 1])
        tz = notice.tz
        self.initial.setdefault("window_start", as_wall(notice.impact_started_at, tz))
        self.initial.setdefault("window_end", as_wall(notice.impact_ended_at, tz))
        self.fields["window_start"].help_text = f"In {notice.time_zone}."
        self.fields["window_end"].help_text = f"In {notice.time_zone}; needed to resolve."

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("window_start"), cleaned.get("window_end")
        if cleaned.get("progress") == Progress.RESOLVED:
            if start is None and self.notice.impact_started_at is None:
                self.add_error("window_start", "Say when the impact began.")
            if end is None:
                self.add_error("window_end", "Say when the impact ended.")
        if start is not None and end is not None and end <= start:
            self.add_error("window_end", "The impact must end after it began.")
        return cleaned


class SubscriptionForm(forms.ModelForm):  # type: ignore[type-arg]
    services = forms.MultipleChoiceField(
        choices=Service.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Only notices about",
        help_text="Used when “Every notice” is not ticked.",
    )

    class Meta:
        model = Subscription
        fields = ["email", "all_services", "services"]
        labels = {"email": "E-mail address", "all_services": "Every notice"}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("all_services") and not cleaned.get("services"):
            self.add_error("services", "Tick “Every notice” or choose at least one service.")
        return cleaned
