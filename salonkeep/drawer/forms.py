"""Forms for the drawer: counts are whole numbers of notes or coins, money is typed as
text ("45.00") and kept as integer minor units."""

from __future__ import annotations

from typing import Any

from django import forms

from salonkeep.accounts.models import Business, Location
from salonkeep.drawer.denominations import MAX_PIECES, Denomination, denominations
from salonkeep.drawer.models import EntryKind
from salonkeep.lib.money import format_money
from salonkeep.sales.forms import AmountField
from salonkeep.sales.models import Payment, PaymentMethod, Tip

COUNT_PREFIX = "count_"


def _count_field(denomination: Denomination) -> forms.IntegerField:
    return forms.IntegerField(
        label=denomination.label,
        required=False,
        min_value=0,
        max_value=MAX_PIECES,
        error_messages={
            "invalid": "Enter how many, as a whole number.",
            "min_value": "A count cannot be negative.",
            "max_value": "That is more than a till holds.",
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0, "class": "count"}),
    )


class CountsMixin(forms.Form):
    def add_count_fields(self, currency: str) -> None:
        self.denominations = denominations(currency)
        for denomination in self.denominations:
            self.fields[COUNT_PREFIX + denomination.key] = _count_field(denomination)

    def counts(self) -> dict[str, int]:
        return {d.key: self.cleaned_data.get(COUNT_PREFIX + d.key) or 0 for d in self.denominations}

    def count_fields(self) -> list[forms.BoundField]:
        return [self[COUNT_PREFIX + d.key] for d in self.denominations]


class OpenDrawerForm(CountsMixin):
    location = forms.ModelChoiceField(queryset=Location.objects.none(), empty_label=None)

    def __init__(self, *args: Any, business: Business, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        location = self.fields["location"]
        assert isinstance(location, forms.ModelChoiceField)
        location.queryset = Location.objects.filter(business=business)
        self.fields["float_total"] = AmountField(
            business.currency,
            label="Float total",
            required=False,
            help_text="Or count it note by note below.",
        )
        self.add_count_fields(business.currency)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        nothing = not any(self.counts().values()) and data.get("float_total") is None
        if nothing and not self.errors:
            raise forms.ValidationError("Count the float note by note, or enter its total.")
        return data


class EntryForm(forms.Form):
    kind = forms.ChoiceField(choices=EntryKind.choices, label="Cash")
    reason = forms.CharField(max_length=200, required=False)
    tip = forms.ModelChoiceField(
        queryset=Tip.objects.none(),
        required=False,
        label="Card tip paid out in cash",
        empty_label="Not a tip",
    )

    def __init__(self, *args: Any, business: Business, tips: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["amount"] = AmountField(business.currency)
        tip = self.fields["tip"]
        assert isinstance(tip, forms.ModelChoiceField)
        tip.queryset = tips
        currency = business.currency

        def label(t: Tip) -> str:
            amount = format_money(t.amount, currency)
            return f"{t.team_member}: {amount} tip, ticket {t.ticket.number}"

        tip.label_from_instance = label  # type: ignore[method-assign,assignment]
        self.order_fields(["kind", "amount", "reason", "tip"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("amount") == 0:
            self.add_error("amount", "The amount must be more than zero.")
        if data.get("tip") is None and not (data.get("reason") or "").strip():
            self.add_error("reason", "Say why the cash goes in or out.")
        if data.get("tip") is not None and data.get("kind") != EntryKind.PAY_OUT:
            self.add_error("kind", "A tip handed over in cash is a pay-out.")
        return data


class CloseOutForm(CountsMixin):
    cash_reason = forms.CharField(
        label="Reason for a cash difference", max_length=200, required=False
    )

    def __init__(
        self,
        *args: Any,
        business: Business,
        expected: dict[str, int],
        owed: list[Payment],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.add_count_fields(business.currency)
        self.fields["closing_float"] = AmountField(
            business.currency,
            label="Float left in the drawer for tomorrow",
            help_text="The rest of the cash counted is banked.",
        )
        self.other_methods = [m for m in expected if m != PaymentMethod.CASH]
        for method in self.other_methods:
            name = str(PaymentMethod(method).label)
            self.fields[f"counted_{method}"] = AmountField(
                business.currency, label=f"{name} counted", help_text="e.g. the terminal's total."
            )
            self.fields[f"reason_{method}"] = forms.CharField(
                label=f"Reason for a {name.lower()} difference", max_length=200, required=False
            )
        self.owed = owed
        for payment in owed:
            self.fields[f"carry_{payment.pk}"] = forms.BooleanField(
                required=False, label="Carry over to tomorrow"
            )

    def method_fields(self) -> list[tuple[str, forms.BoundField, forms.BoundField]]:
        return [(m, self[f"counted_{m}"], self[f"reason_{m}"]) for m in self.other_methods]

    def owed_rows(self) -> list[tuple[Payment, forms.BoundField]]:
        return [(p, self[f"carry_{p.pk}"]) for p in self.owed]

    def carried_over(self) -> set[int]:
        return {p.pk for p in self.owed if self.cleaned_data.get(f"carry_{p.pk}")}
