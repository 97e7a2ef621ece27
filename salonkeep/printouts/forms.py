"""The outage pack settings form."""

from __future__ import annotations

from django import forms

from salonkeep.printouts.models import OutagePackSettings


class OutagePackSettingsForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = OutagePackSettings
        fields = ["enabled", "at"]
        labels = {
            "enabled": "Write the outage pack every evening",
            "at": "At (the salon's time)",
        }
        widgets = {"at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M")}
        help_texts = {
            "at": "After the last booking of the day is usually made, e.g. 19:00.",
        }
