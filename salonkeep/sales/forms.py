"""Forms for checkout, products and tax rates. Money is typed as text ("45.00") and kept
as integer minor units; percentages are typed as "20" or "12.5" and kept in basis points."""

from __future__ import annotations

from typing import Any

from django import forms

from salonkeep.accounts.access import for_business
from salonkeep.accounts.models import Business
from salonkeep.catalog.forms import ChoiceOfRecords
from salonkeep.lib.money import minor_digits, minor_to_text, parse_money
from salonkeep.sales.models import (
    MAX_BASIS_POINTS,
    DiscountKind,
    PaymentMethod,
    Product,
    TaxRate,
)
from salonkeep.sales.payments import COLLECT_METHODS, REFUND_METHODS, TAKE_METHODS
from salonkeep.sales.tickets import MAX_QUANTITY, TIP_EVENLY, TIP_SERVICE_VALUE, TIP_SHARES
from salonkeep.team.models import TeamMember

MAX_AMOUNT = 99_999_999  # far above any sale, safely inside a 32-bit column
MAX_STOCK = 99_999


def parse_amount(text: str, currency: str) -> int:
    """Money text to minor units >= 0, or ValueError with a readable message."""
    text = text.strip()
    if len(text) > 20:
        raise ValueError("That is not an amount such as 45.00.")
    minor = parse_money(text, currency)
    if minor < 0:
        raise ValueError("An amount cannot be negative.")
    if minor > MAX_AMOUNT:
        raise ValueError("That amount is too large.")
    return minor


def parse_percent(text: str) -> int:
    """ "12.5" -> 1250 basis points, between 0 and 100 %."""
    text = text.strip().rstrip("%").strip()
    if len(text) > 8:
        raise ValueError("That is not a percentage such as 10 or 12.5.")
    try:
        points = parse_money(text, "GBP")  # two decimals: hundredths of a percent
    except ValueError:
        raise ValueError(f"“{text}” is not a percentage such as 10 or 12.5.") from None
    if not 0 <= points <= MAX_BASIS_POINTS:
        raise ValueError("A percentage is between 0 and 100.")
    return points


def percent_text(points: int) -> str:
    whole, part = divmod(points, 100)
    return f"{whole}.{part:02d}".rstrip("0").rstrip(".")


class AmountField(forms.CharField):
    """An amount of money typed as text, cleaned to integer minor units (>= 0)."""

    def __init__(self, currency: str, **kwargs: Any) -> None:
        self.currency = currency
        super().__init__(**kwargs)
        # The length is checked when parsing: a max_length validator would see the integer.
        self.widget.attrs.update({"inputmode": "decimal", "autocomplete": "off", "maxlength": 20})
        self.widget.attrs.setdefault("placeholder", "45.00" if minor_digits(currency) else "4500")

    def to_python(self, value: Any) -> int | None:  # type: ignore[override]
        text = str(super().to_python(value) or "")
        if not text:
            return None
        try:
            return parse_amount(text, self.currency)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None

    def prepare_value(self, value: Any) -> Any:
        return minor_to_text(value, self.currency) if isinstance(value, int) else value


class PercentField(forms.CharField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "decimal", "autocomplete": "off", "maxlength": 8})

    def to_python(self, value: Any) -> int | None:  # type: ignore[override]
        text = str(super().to_python(value) or "")
        if not text:
            return None
        try:
            return parse_percent(text)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None

    def prepare_value(self, value: Any) -> Any:
        return percent_text(value) if isinstance(value, int) else value


class TaxRateForm(forms.ModelForm):  # type: ignore[type-arg]
    percent = PercentField(label="Rate (%)", help_text="For example 20 or 12.5.")

    class Meta:
        model = TaxRate
        fields = ["name", "inclusive", "for_services", "is_active"]
        labels = {"inclusive": "Included in prices", "is_active": "Active"}

    def __init__(self, *args: Any, business: Business, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.business = business
        self.order_fields(["name", "percent"])
        if self.instance.pk:
            self.initial["percent"] = self.instance.basis_points

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"].strip()
        others = for_business(TaxRate, self.business).filter(name__iexact=name)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError("There is already a tax rate with that name.")
        return name

    def save(self, commit: bool = True) -> TaxRate:
        rate: TaxRate = super().save(commit=False)
        rate.business = self.business
        rate.basis_points = self.cleaned_data["percent"]
        rate.save()
        if rate.for_services:
            # One rate for services: choosing this one releases any other.
            for other in for_business(TaxRate, self.business).filter(for_services=True):
                if other.pk != rate.pk:
                    other.for_services = False
                    other.save(update_fields=["for_services"])
        return rate


class ProductForm(forms.ModelForm):  # type: ignore[type-arg]
    stock = forms.IntegerField(
        label="Stock on hand",
        min_value=0,
        max_value=MAX_STOCK,
        initial=0,
        error_messages={"min_value": "Stock cannot be negative.", "invalid": "Enter a number."},
    )

    class Meta:
        model = Product
        fields = ["name", "sku", "tax_rate", "stock", "is_active"]
        labels = {"is_active": "Active (can be sold)"}

    def __init__(self, *args: Any, business: Business, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.business = business
        self.fields["price"] = AmountField(business.currency, label="Price")
        self.fields["tax_rate"].queryset = for_business(TaxRate, business)  # type: ignore[attr-defined]
        self.fields["tax_rate"].empty_label = "No tax"  # type: ignore[attr-defined]
        self.order_fields(["name", "sku", "price", "tax_rate", "stock", "is_active"])
        if self.instance.pk:
            self.initial["price"] = self.instance.price

    def save(self, commit: bool = True) -> Product:
        product: Product = super().save(commit=False)
        product.business = self.business
        product.price = self.cleaned_data["price"]
        product.name = product.name.strip()
        product.save()
        return product


class AddProductForm(forms.Form):
    product = forms.ModelChoiceField(queryset=Product.objects.none(), empty_label="Choose…")
    quantity = forms.IntegerField(min_value=1, max_value=MAX_QUANTITY, initial=1)
    team_member = forms.ModelChoiceField(
        queryset=TeamMember.objects.none(), required=False, label="Sold by"
    )

    def __init__(self, *args: Any, business: Business, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["product"].queryset = for_business(Product, business).filter(  # type: ignore[attr-defined]
            is_active=True
        )
        self.fields["team_member"].queryset = for_business(TeamMember, business).filter(  # type: ignore[attr-defined]
            is_active=True
        )
        self.fields["team_member"].empty_label = "Nobody in particular"  # type: ignore[attr-defined]


class DiscountForm(forms.Form):
    kind = forms.ChoiceField(choices=DiscountKind.choices, required=False, label="Discount")
    value = forms.CharField(max_length=20, required=False, label="Amount or percent")

    def __init__(self, *args: Any, currency: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.currency = currency

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind, text = data.get("kind", ""), (data.get("value") or "").strip()
        if not kind:
            data["value"] = 0
            return data
        if not text:
            raise forms.ValidationError("Enter the discount.")
        try:
            data["value"] = (
                parse_percent(text) if kind == "percent" else parse_amount(text, self.currency)
            )
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None
        return data


class TipForm(forms.Form):
    HOW = [
        (TIP_EVENLY, "Evenly"),
        (TIP_SHARES, "By the shares given"),
        (TIP_SERVICE_VALUE, "By the value of their services"),
    ]
    how = forms.ChoiceField(choices=HOW, initial=TIP_EVENLY, label="Split")
    members = ChoiceOfRecords(queryset=TeamMember.objects.none(), required=False, label="For")

    def __init__(self, *args: Any, business: Business, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["amount"] = AmountField(business.currency, label="Tip", required=False)
        self.fields["amount"].widget.attrs["placeholder"] = "0.00"
        self.fields["members"].queryset = for_business(TeamMember, business).filter(  # type: ignore[attr-defined]
            is_active=True
        )
        self.order_fields(["amount", "how", "members"])

    def shares(self) -> list[int]:
        """The share typed for each chosen member, in the order of ``members``."""
        found = []
        for member in self.cleaned_data.get("members") or []:
            text = str(self.data.get(f"share-{member.pk}", "")).strip()
            if not text.isdigit() or len(text) > 4:
                raise forms.ValidationError(
                    f"Give {member.name} a share as a whole number, such as 1 or 2."
                )
            found.append(int(text))
        return found


class PaymentForm(forms.Form):
    method = forms.ChoiceField(
        choices=[(m.value, m.label) for m in TAKE_METHODS], widget=forms.RadioSelect
    )
    card_last4 = forms.CharField(max_length=4, required=False, label="Card: last 4 digits")
    reference = forms.CharField(max_length=80, required=False, label="Terminal reference")

    def __init__(self, *args: Any, currency: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["amount"] = AmountField(
            currency, label="Amount (cash: what the client hands over)"
        )
        self.order_fields(["method", "amount", "card_last4", "reference"])


class CollectForm(forms.Form):
    method = forms.ChoiceField(
        choices=[(m.value, m.label) for m in COLLECT_METHODS], widget=forms.RadioSelect
    )
    card_last4 = forms.CharField(max_length=4, required=False, label="Card: last 4 digits")
    reference = forms.CharField(max_length=80, required=False, label="Terminal reference")

    def __init__(self, *args: Any, currency: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["tendered"] = AmountField(
            currency, label="Cash handed over (cash only)", required=False
        )
        self.order_fields(["method", "tendered", "card_last4", "reference"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("method") == PaymentMethod.CASH and data.get("tendered") is None:
            self.add_error("tendered", "Enter the cash handed over.")
        return data


class RefundForm(forms.Form):
    method = forms.ChoiceField(
        choices=[(m.value, m.label) for m in REFUND_METHODS], label="Refund by"
    )
    reason = forms.CharField(max_length=200)

    def __init__(self, *args: Any, currency: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["amount"] = AmountField(currency, label="Amount to give back")
        self.order_fields(["amount", "method", "reason"])


class VoidForm(forms.Form):
    reason = forms.CharField(max_length=200, label="Why is it voided?")


class ReceiptEmailForm(forms.Form):
    email = forms.EmailField(max_length=254, label="E-mail address")
