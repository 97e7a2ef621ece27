"""The coupon form for owners and managers, and the coupon box on a ticket."""

from __future__ import annotations

from typing import Any

from django import forms

from salonkeep.accounts.access import for_business
from salonkeep.accounts.models import Business
from salonkeep.catalog.models import Service, ServiceCategory
from salonkeep.coupons.models import Coupon, CouponScope
from salonkeep.coupons.rules import CouponError, normalise_code
from salonkeep.lib.money import minor_to_text
from salonkeep.sales.forms import parse_amount, parse_percent, percent_text
from salonkeep.sales.models import Product

MAX_LIMIT = 100_000
CODE_INPUT_LENGTH = 40


class CouponForm(forms.ModelForm):  # type: ignore[type-arg]
    code = forms.CharField(max_length=CODE_INPUT_LENGTH, help_text="Such as SPRING-10.")
    value_text = forms.CharField(
        max_length=20, label="Amount or percent off", help_text="For example 5.00 or 10."
    )
    limit_total = forms.IntegerField(
        required=False, min_value=1, max_value=MAX_LIMIT, label="Uses in all"
    )
    limit_per_client = forms.IntegerField(
        required=False, min_value=1, max_value=MAX_LIMIT, label="Uses per client"
    )

    class Meta:
        model = Coupon
        fields = [
            "description",
            "kind",
            "scope",
            "category",
            "service",
            "product",
            "valid_from",
            "valid_until",
            "is_active",
        ]
        labels = {
            "kind": "Discount",
            "scope": "Applies to",
            "valid_from": "Valid from",
            "valid_until": "Valid until (included)",
            "is_active": "Active",
        }
        widgets = {
            "valid_from": forms.DateInput(attrs={"type": "date"}),
            "valid_until": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args: Any, business: Business, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.business = business
        fields = self.fields
        fields["category"].queryset = for_business(ServiceCategory, business)  # type: ignore[attr-defined]
        fields["service"].queryset = for_business(Service, business)  # type: ignore[attr-defined]
        fields["product"].queryset = for_business(Product, business)  # type: ignore[attr-defined]
        for name in ("valid_from", "valid_until"):
            fields[name].error_messages["invalid"] = "Enter a date such as 2026-12-31."
        self.order_fields(
            [
                "code",
                "description",
                "kind",
                "value_text",
                "scope",
                "category",
                "service",
                "product",
                "valid_from",
                "valid_until",
                "limit_total",
                "limit_per_client",
                "is_active",
            ]
        )
        for name in ("category", "service", "product"):
            self.fields[name].empty_label = "Choose…"  # type: ignore[attr-defined]
        if self.instance.pk:
            coupon = self.instance
            self.initial["code"] = coupon.code
            self.initial["limit_total"] = coupon.limit_total
            self.initial["limit_per_client"] = coupon.limit_per_client
            self.initial["value_text"] = (
                percent_text(coupon.value)
                if coupon.kind == "percent"
                else minor_to_text(coupon.value, business.currency)
            )

    def clean_code(self) -> str:
        try:
            code = normalise_code(self.cleaned_data["code"])
        except CouponError as error:
            raise forms.ValidationError(str(error)) from None
        others = for_business(Coupon, self.business).filter(code=code)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError("There is already a coupon with that code.")
        return code

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind, text = data.get("kind"), data.get("value_text")
        if kind and text:
            try:
                value = (
                    parse_percent(text)
                    if kind == "percent"
                    else parse_amount(text, self.business.currency)
                )
            except ValueError as error:
                self.add_error("value_text", str(error))
            else:
                if value <= 0:
                    self.add_error("value_text", "The discount must be more than zero.")
                data["value"] = value
        targets = {
            CouponScope.CATEGORY: "category",
            CouponScope.SERVICE: "service",
            CouponScope.PRODUCT: "product",
        }
        wanted = targets.get(data.get("scope", ""))
        for name in targets.values():
            if name != wanted:
                data[name] = None
            elif data.get(name) is None and name not in self.errors:
                self.add_error(name, f"Choose the {name} the coupon applies to.")
        start, end = data.get("valid_from"), data.get("valid_until")
        if start and end and end < start:
            self.add_error("valid_until", "The last day cannot be before the first.")
        return data

    def save(self, commit: bool = True) -> Coupon:
        coupon: Coupon = super().save(commit=False)
        coupon.business = self.business
        coupon.code = self.cleaned_data["code"]
        coupon.value = self.cleaned_data["value"]
        coupon.limit_total = self.cleaned_data["limit_total"]
        coupon.limit_per_client = self.cleaned_data["limit_per_client"]
        for name in ("category", "service", "product"):
            setattr(coupon, name, self.cleaned_data[name])
        coupon.save()
        return coupon


class ApplyCouponForm(forms.Form):
    code = forms.CharField(max_length=CODE_INPUT_LENGTH, label="Coupon code")
