"""The automatic backup settings form (the seed's "Automatic Backup" screen) and the
restore confirmation."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django import forms

from salonkeep.continuity.backup import default_location
from salonkeep.continuity.bucket import (
    BucketError,
    BucketLocation,
    Location,
    check_bucket,
    is_bucket_address,
    make_client,
    parse_bucket_address,
)
from salonkeep.continuity.models import BackupSettings

WEEKDAYS = [
    ("0", "Mon"),
    ("1", "Tue"),
    ("2", "Wed"),
    ("3", "Thu"),
    ("4", "Fri"),
    ("5", "Sat"),
    ("6", "Sun"),
]
SCHEDULE_FIELDS = ("enabled", "every_hours", "all_day", "from_time", "to_time", "weekdays")


@dataclass
class LocationStatus:
    path: Location
    exists: bool
    writable: bool
    bucket_problem: str = ""  # why a bucket cannot be used

    @property
    def is_bucket(self) -> bool:
        return isinstance(self.path, BucketLocation)

    @property
    def problem(self) -> str:
        """Why backups cannot be written there, or "" when they can."""
        if isinstance(self.path, BucketLocation):
            return self.bucket_problem
        if not self.path.is_absolute():
            return "Type a full path, starting at the top of the disk (such as /mnt/usb/backups)."
        if not self.exists:
            return f"There is no folder {self.path}. Create it (or plug the drive in) first."
        if not self.path.is_dir():
            return f"{self.path} is a file, not a folder."
        if not self.writable:
            return f"Salonkeep is not allowed to write in {self.path}."
        return ""


def location_status(path: Location) -> LocationStatus:
    if isinstance(path, BucketLocation):
        try:
            check_bucket(make_client(), path)
        except BucketError as error:
            return LocationStatus(path, exists=False, writable=False, bucket_problem=str(error))
        return LocationStatus(path, exists=True, writable=True)
    exists = path.exists()
    writable = exists and path.is_dir() and os.access(path, os.W_OK | os.X_OK)
    return LocationStatus(path=path, exists=exists, writable=writable)


class BackupSettingsForm(forms.ModelForm):  # type: ignore[type-arg]
    all_day = forms.TypedChoiceField(
        label="Hours of the day",
        choices=[("1", "24 hours a day"), ("0", "Only between the times below")],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
    weekdays = forms.MultipleChoiceField(
        label="On these days",
        choices=WEEKDAYS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    use_default_location = forms.BooleanField(
        label="Use the default location",
        required=False,
        help_text=f"The backups folder in Salonkeep's data folder: {default_location()}",
    )

    class Meta:
        model = BackupSettings
        fields = [
            "enabled",
            "keep",
            "every_hours",
            "all_day",
            "from_time",
            "to_time",
            "weekdays",
            "backup_on_exit",
            "location",
            "remind",
            "remind_after_days",
        ]
        labels = {
            "enabled": "Enable automatic backup",
            "keep": "How many automatic backups to keep",
            "every_hours": "Make a backup every (hours)",
            "from_time": "From",
            "to_time": "To",
            "backup_on_exit": (
                "Make a backup when Salonkeep stops if the last backup was more than an hour ago"
            ),
            "location": "Where the backups are saved",
            "remind": "Remind me once a day if it has been too long since my last backup",
            "remind_after_days": "Remind me after this many days without a backup",
        }
        help_texts = {
            "keep": "1 to 999. Once this many exist, the oldest is replaced by the newest.",
            "every_hours": "1 to 24.",
            "location": (
                "A folder on this computer, a USB drive or a network share, or an "
                "S3-compatible bucket such as s3://salon-backups/rose-thorn."
            ),
            "remind_after_days": "1 to 365. We recommend 1 day.",
        }
        widgets = {
            "from_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "to_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "keep": forms.NumberInput(attrs={"min": 1, "max": 999}),
            "every_hours": forms.NumberInput(attrs={"min": 1, "max": 24}),
            "remind_after_days": forms.NumberInput(attrs={"min": 1, "max": 365}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Set bound or not: changed_data compares the posted values with these.
        self.initial["all_day"] = "1" if self.instance.all_day else "0"
        self.initial["weekdays"] = list(self.instance.weekdays)
        self.initial["use_default_location"] = not self.instance.location

    def clean_weekdays(self) -> str:
        chosen = self.cleaned_data["weekdays"]
        return "".join(sorted(set(chosen)))

    def clean_location(self) -> str:
        text = str(self.cleaned_data.get("location") or "").strip()
        # That box is cleaned after this field, so read it as its widget does.
        if self["use_default_location"].value() or not text:
            return ""
        if is_bucket_address(text):
            try:
                where = parse_bucket_address(text)
            except ValueError as error:
                raise forms.ValidationError(f"That is not a bucket address: {error}.") from None
            problem = location_status(where).problem
            if problem:
                raise forms.ValidationError(problem)
            return str(where)
        path = Path(text).expanduser()
        problem = location_status(path).problem
        if problem:
            raise forms.ValidationError(problem)
        return str(path)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("enabled") and not cleaned.get("weekdays"):
            self.add_error("weekdays", "Tick at least one day, or turn automatic backup off.")
        starts, ends = cleaned.get("from_time"), cleaned.get("to_time")
        if cleaned.get("all_day") is False and starts and ends and ends <= starts:
            self.add_error("to_time", "The end time must be after the start time.")
        return cleaned

    def schedule_changed(self) -> bool:
        return any(name in self.changed_data for name in SCHEDULE_FIELDS)


class RestoreConfirmForm(forms.Form):
    confirm_name = forms.CharField(label="Type the salon's name to confirm", max_length=120)

    def __init__(self, *args: Any, salon_name: str, encrypted: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.salon_name = salon_name
        if encrypted:
            # Never rendered back into the page (render_value=False), never stored: it is
            # used for this one request and forgotten.
            self.fields["passphrase"] = forms.CharField(
                label="The backup's passphrase",
                max_length=1024,
                strip=False,
                widget=forms.PasswordInput(
                    render_value=False, attrs={"autocomplete": "off", "spellcheck": "false"}
                ),
                error_messages={"required": "Enter the passphrase this backup was encrypted with."},
            )
            self.order_fields(["passphrase", "confirm_name"])

    def clean_confirm_name(self) -> str:
        typed = str(self.cleaned_data["confirm_name"]).strip()
        if typed.casefold() != self.salon_name.strip().casefold():
            raise forms.ValidationError(
                f"That is not the salon's name. Type {self.salon_name} exactly to restore."
            )
        return typed
