"""Forms that change an existing appointment: move it, edit its notes."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import forms

from salonkeep.book.forms.fields import BookDateField, time_field
from salonkeep.book.models import Appointment
from salonkeep.lib.dates import local_instant
from salonkeep.team.models import TeamMember


class MoveForm(forms.Form):
    """A new start for the whole appointment, and optionally one team member's services
    handed to another (what dragging a block into another column does)."""

    date = BookDateField(label="New date")
    time = time_field("New start time", required=True)
    from_member = forms.ModelChoiceField(
        queryset=TeamMember.objects.none(),
        required=False,
        label="Services done by",
        empty_label="(keep the same people)",
        error_messages={"invalid_choice": "That team member has no service in this appointment."},
    )
    to_member = forms.ModelChoiceField(
        queryset=TeamMember.objects.none(),
        required=False,
        label="Move to",
        empty_label="(nobody else)",
        error_messages={"invalid_choice": "Choose a team member from the list."},
    )

    def __init__(self, *args: Any, appointment: Appointment, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.appointment = appointment
        business = appointment.business
        self.line_member_ids = sorted({line.team_member_id for line in appointment.lines.all()})
        from_field = self.fields["from_member"]
        to_field = self.fields["to_member"]
        assert isinstance(from_field, forms.ModelChoiceField)
        assert isinstance(to_field, forms.ModelChoiceField)
        from_field.queryset = TeamMember.objects.filter(
            business=business, pk__in=self.line_member_ids
        )
        to_field.queryset = TeamMember.objects.filter(business=business, is_active=True)

    def clean(self) -> dict[str, Any] | None:
        data = super().clean() or {}
        from_member, to_member = data.get("from_member"), data.get("to_member")
        if to_member is not None and from_member is None:
            if len(self.line_member_ids) == 1:
                data["from_member"] = TeamMember.objects.get(pk=self.line_member_ids[0])
            elif "from_member" not in self.errors:
                self.add_error("from_member", f"Choose whose services move to {to_member.name}.")
        return data

    def new_start(self) -> datetime:
        data = self.cleaned_data
        return local_instant(data["date"], data["time"], self.appointment.business.tz)

    def reassign(self) -> dict[int, TeamMember]:
        from_member, to_member = (
            self.cleaned_data.get("from_member"),
            self.cleaned_data.get("to_member"),
        )
        if from_member is None or to_member is None or from_member == to_member:
            return {}
        return {from_member.pk: to_member}


class NotesForm(forms.Form):
    notes = forms.CharField(
        label="Notes",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
