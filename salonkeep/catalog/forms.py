"""Forms for the service menu. Prices are typed as money text ("45.00") and kept as
integer minor units; every duration part is whole minutes between 0 and 600."""

from __future__ import annotations

from typing import Any

from django import forms

from salonkeep.accounts.access import for_business
from salonkeep.accounts.models import Business
from salonkeep.catalog.models import Service, ServiceCategory, ServicePerformer
from salonkeep.lib.money import minor_digits, minor_to_text, parse_money
from salonkeep.team.models import TeamMember

MAX_PART_MINUTES = 600
# Far above any real service price, and safely inside a 32-bit integer column.
MAX_PRICE_MINOR = 99_999_999
PART_FIELDS = ("initial_minutes", "processing_minutes", "finish_minutes", "blocked_minutes")
PART_LABELS = {
    "initial_minutes": "Initial minutes",
    "processing_minutes": "Processing minutes",
    "finish_minutes": "Finish minutes",
    "blocked_minutes": "Clean-up minutes",
}
PART_HELP = {
    "initial_minutes": "The team member is busy (e.g. applying colour).",
    "processing_minutes": "Colour develops: the client stays, the team member is free.",
    "finish_minutes": "The team member is busy again (e.g. rinse and blow-dry).",
    "blocked_minutes": "Clean-up after the client leaves; hidden from clients.",
}
MAX_POSITION = 32767  # the largest value a small-integer column holds on every database
NO_BUSY_TIME = "A service needs some initial or finish time: the team member must do something."


class MoneyField(forms.CharField):
    """An amount typed as text such as 45.00, cleaned to integer minor units."""

    longest_text = 20

    def __init__(self, currency: str, **kwargs: Any) -> None:
        self.currency = currency
        super().__init__(**kwargs)
        self.widget.attrs.update(
            {"inputmode": "decimal", "autocomplete": "off", "maxlength": self.longest_text}
        )
        self.widget.attrs.setdefault("placeholder", "45.00" if minor_digits(currency) else "4500")

    def to_python(self, value: Any) -> int | None:  # type: ignore[override]
        text = str(super().to_python(value) or "")
        if not text:
            return None
        if len(text) > self.longest_text:
            raise forms.ValidationError("That is not an amount such as 45.00.")
        try:
            minor = parse_money(text, self.currency)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None
        if minor < 0:
            raise forms.ValidationError("A price cannot be negative.")
        if minor > MAX_PRICE_MINOR:
            raise forms.ValidationError("That price is too large.")
        return minor

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, int):
            return minor_to_text(value, self.currency)
        return value


class ChoiceOfRecords(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    """A multiple choice of records that refuses ids no database column can hold.

    Django checks the chosen ids with an ``IN`` query, which SQLite cannot even run
    for an integer wider than 64 bits: a tampered form would end in a server error.
    """

    def clean(self, value: Any) -> Any:
        for chosen in value if isinstance(value, list | tuple) else ():
            text = str(chosen).strip()
            if text.isdigit() and int(text) >= 2**63:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": text},
                )
        return super().clean(value)


def position_field(help_text: str) -> forms.IntegerField:
    return forms.IntegerField(
        min_value=0, max_value=MAX_POSITION, initial=0, label="Position", help_text=help_text
    )


def part_field(required: bool, **kwargs: Any) -> forms.IntegerField:
    return forms.IntegerField(
        min_value=0,
        max_value=MAX_PART_MINUTES,
        required=required,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": "1"}),
        error_messages={
            "min_value": "Minutes cannot be negative.",
            "max_value": f"At most {MAX_PART_MINUTES} minutes.",
            "invalid": "Enter whole minutes, such as 30.",
        },
        **kwargs,
    )


class ServiceCategoryForm(forms.ModelForm):  # type: ignore[type-arg]
    position = position_field("Categories are listed by this number, lowest first.")

    class Meta:
        model = ServiceCategory
        fields = ["name", "position"]

    def __init__(self, *args: Any, business: Business, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.business = business

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"].strip()
        others = for_business(ServiceCategory, self.business).filter(name__iexact=name)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError("There is already a category with that name.")
        return name

    def save(self, commit: bool = True) -> ServiceCategory:
        self.instance.business = self.business
        category: ServiceCategory = super().save(commit)
        return category


class ServiceForm(forms.ModelForm):  # type: ignore[type-arg]
    """Create or edit a service. On creation it also says who performs it."""

    position = position_field("Order within its category, lowest first.")

    class Meta:
        model = Service
        fields = ["name", "category", "description", "position", "is_active"]
        labels = {"is_active": "Active (can be booked)"}
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "is_active": "Inactive services are hidden from booking; past appointments keep them.",
        }

    def __init__(self, *args: Any, business: Business, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.business = business
        category = self.fields["category"]
        assert isinstance(category, forms.ModelChoiceField)
        category.queryset = for_business(ServiceCategory, business)
        category.empty_label = "(no category)"
        self.fields["price"] = MoneyField(
            business.currency,
            label=f"Price ({business.currency})",
            initial=self.instance.price if self.instance.pk else None,
        )
        for name in PART_FIELDS:
            self.fields[name] = part_field(
                required=True,
                label=PART_LABELS[name],
                help_text=PART_HELP[name],
                initial=getattr(self.instance, name),
            )
        if self.instance.pk is None:
            active_members = for_business(TeamMember, business).filter(is_active=True)
            self.fields["performers"] = ChoiceOfRecords(
                queryset=active_members,
                required=False,
                widget=forms.CheckboxSelectMultiple,
                label="Performed by",
                help_text="You can set each team member's own price and timings afterwards.",
            )
            self.initial.setdefault("performers", list(active_members))
        self.order_fields(["name", "category", "description", "price", *PART_FIELDS])

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"].strip()
        others = for_business(Service, self.business).filter(name__iexact=name)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError("There is already a service with that name.")
        return name

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        parts = [cleaned.get(name) for name in PART_FIELDS]
        if None not in parts and not (cleaned["initial_minutes"] or cleaned["finish_minutes"]):
            raise forms.ValidationError(NO_BUSY_TIME)
        return cleaned

    def save(self, commit: bool = True) -> Service:
        self.instance.business = self.business
        self.instance.price = self.cleaned_data["price"]
        for name in PART_FIELDS:
            setattr(self.instance, name, self.cleaned_data[name])
        service: Service = super().save(commit)
        if commit and "performers" in self.cleaned_data:
            for member in self.cleaned_data["performers"]:
                ServicePerformer.objects.create(
                    business=self.business, service=service, team_member=member
                )
        return service


class PerformerTermsForm(forms.Form):
    """Who performs a service, with their own price or timings where they differ.
    An empty box means "the service's own value"."""

    def __init__(
        self,
        *args: Any,
        service: Service,
        performer: ServicePerformer | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.service = service
        self.performer = performer
        currency = service.business.currency
        if performer is None:
            taken = ServicePerformer.objects.filter(service=service).values("team_member_id")
            self.fields["team_member"] = forms.ModelChoiceField(
                queryset=for_business(TeamMember, service.business)
                .filter(is_active=True)
                .exclude(pk__in=taken),
                label="Team member",
                error_messages={"invalid_choice": "Choose one of the listed team members."},
            )
        self.fields["price"] = MoneyField(
            currency,
            required=False,
            label=f"Price ({currency})",
            help_text=f"Empty: {minor_to_text(service.price, currency)}",
        )
        for name in PART_FIELDS:
            self.fields[name] = part_field(
                required=False,
                label=PART_LABELS[name],
                help_text=f"Empty: {getattr(service, name)}",
            )
        if performer is not None:
            self.initial.update(
                {name: getattr(performer, name) for name in ("price", *PART_FIELDS)}
            )

    @property
    def has_candidates(self) -> bool:
        """Whether any team member is left who could be added."""
        field = self.fields.get("team_member")
        if not isinstance(field, forms.ModelChoiceField) or field.queryset is None:
            return False
        return field.queryset.exists()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.errors:
            return cleaned

        def effective(name: str) -> int:
            value = cleaned.get(name)
            return int(value if value is not None else getattr(self.service, name))

        if not (effective("initial_minutes") or effective("finish_minutes")):
            raise forms.ValidationError(NO_BUSY_TIME)
        return cleaned

    def save(self) -> ServicePerformer:
        performer = self.performer or ServicePerformer(
            business=self.service.business,
            service=self.service,
            team_member=self.cleaned_data["team_member"],
        )
        for name in ("price", *PART_FIELDS):
            setattr(performer, name, self.cleaned_data[name])
        performer.save()
        return performer
