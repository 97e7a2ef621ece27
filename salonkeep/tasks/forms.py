from __future__ import annotations

from typing import Any

from django import forms

from salonkeep.accounts.models import Business
from salonkeep.sales.models import Ticket
from salonkeep.team.models import TeamMember


class TaskForm(forms.Form):
    title = forms.CharField(max_length=200)
    due = forms.DateField(
        label="Due date",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Enter a date such as 2026-11-25."},
    )
    assignee = forms.ModelChoiceField(
        queryset=TeamMember.objects.none(), required=False, empty_label="Anyone"
    )
    ticket_number = forms.IntegerField(
        label="Ticket number",
        required=False,
        min_value=1,
        max_value=2_000_000_000,
        help_text="Optional: the sale this task is about.",
    )

    def __init__(self, *args: Any, business: Business, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.business = business
        assignee = self.fields["assignee"]
        assert isinstance(assignee, forms.ModelChoiceField)
        assignee.queryset = TeamMember.objects.filter(business=business, is_active=True)

    def clean_ticket_number(self) -> Ticket | None:
        number = self.cleaned_data.get("ticket_number")
        if number is None:
            return None
        ticket = Ticket.objects.filter(business=self.business, number=number).first()
        if ticket is None:
            raise forms.ValidationError(f"There is no ticket number {number}.")
        return ticket
