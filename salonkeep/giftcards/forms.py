"""Forms for gift cards. Amounts are typed as text ("25.00") and kept in minor units."""

from __future__ import annotations

from typing import Any

from django import forms

from salonkeep.accounts.access import for_business
from salonkeep.accounts.models import Business
from salonkeep.catalog.models import Service
from salonkeep.giftcards.models import CODE_MAX_LENGTH, GiftCardRules
from salonkeep.sales.forms import AmountField

CODE_INPUT_LENGTH = 30  # room for spaces and dashes between the groups


def code_field(label: str = "Gift card number", **kwargs: Any) -> forms.CharField:
    field = forms.CharField(max_length=CODE_INPUT_LENGTH, label=label, **kwargs)
    field.widget.attrs.update({"autocomplete": "off", "inputmode": "text"})
    return field


class SellForm(forms.Form):
    recipient = forms.CharField(max_length=120, required=False, label="Who it is for")
    code = code_field(
        required=False,
        help_text=f"The number printed on a card (up to {CODE_MAX_LENGTH} letters and digits); "
        "leave empty for a new number.",
    )
    expires_on = forms.DateField(
        required=False,
        label="Expires on",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Enter a date such as 2027-11-24."},
    )

    def __init__(self, *args: Any, currency: str, expiry_allowed: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["amount"] = AmountField(currency, label="Value of the gift card")
        if not expiry_allowed:
            del self.fields["expires_on"]
        self.order_fields(["amount", "recipient", "code", "expires_on"])


class CertificateSellForm(forms.Form):
    WHAT = [("value", "For a value"), ("service", "For a service")]
    what = forms.ChoiceField(choices=WHAT, initial="value", label="Certificate")
    service = forms.ModelChoiceField(
        queryset=Service.objects.none(),
        required=False,
        label="Service (at its price)",
        empty_label="Choose…",
    )
    recipient = forms.CharField(max_length=120, required=False, label="Who it is for")
    code = code_field(required=False, help_text="Leave empty for a new number.")
    expires_on = forms.DateField(
        required=False,
        label="Expires on",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Enter a date such as 2027-11-24."},
    )

    def __init__(self, *args: Any, business: Business, expiry_allowed: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["amount"] = AmountField(
            business.currency, label="Value (for a value)", required=False
        )
        self.fields["service"].queryset = for_business(Service, business).filter(  # type: ignore[attr-defined]
            is_active=True
        )
        if not expiry_allowed:
            del self.fields["expires_on"]
        self.order_fields(["what", "amount", "service", "recipient", "code", "expires_on"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("what") == "service":
            data["amount"] = None
            if data.get("service") is None:
                self.add_error("service", "Choose the service the certificate is for.")
        else:
            data["service"] = None
            if data.get("amount") is None and "amount" not in self.errors:
                self.add_error("amount", "Enter the value of the certificate.")
        return data


class CertificateRedeemForm(forms.Form):
    code = code_field(label="Gift certificate number")


class RedeemForm(forms.Form):
    code = code_field()

    def __init__(self, *args: Any, currency: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["amount"] = AmountField(currency, label="Amount from the gift card")
        self.order_fields(["code", "amount"])


class BalanceForm(forms.Form):
    code = code_field(label="Gift card or certificate number")


class AdjustForm(forms.Form):
    direction = forms.ChoiceField(
        choices=[("add", "Add to the balance"), ("take", "Take off the balance")],
        label="Adjustment",
    )
    reason = forms.CharField(max_length=200)

    def __init__(self, *args: Any, currency: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.currency = currency
        self.fields["amount"] = AmountField(currency, label="Amount")
        self.order_fields(["direction", "amount", "reason"])

    def signed_amount(self) -> int:
        amount: int = self.cleaned_data["amount"]
        return -amount if self.cleaned_data["direction"] == "take" else amount


class RulesForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = GiftCardRules
        fields = ["expiry_allowed"]
