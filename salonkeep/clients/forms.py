"""Forms for the client record card. Every length limit of the models is enforced here,
so oversized input is a message on the form, never a database error."""

from __future__ import annotations

import re
from datetime import date
from typing import IO, Any, cast

from django import forms
from django.core.files.uploadedfile import UploadedFile

from salonkeep.clients.models import Client, ColourNote, PatchTest
from salonkeep.clients.photo_images import InvalidPhoto, check_photo
from salonkeep.lib.phone import phone_digits

# ISO first (what a browser's date picker sends), then the British way of writing dates.
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]
DATE_ERROR = "Enter a real date, such as 1990-04-30 (or 30/04/1990)."
_PHONE_CHARACTERS = re.compile(r"^[\d\s+().\-/]*$")
EARLIEST_BIRTHDAY = date(1900, 1, 1)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


def date_field(label: str, *, required_message: str = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=bool(required_message),
        input_formats=DATE_INPUT_FORMATS,
        widget=DateInput(),
        error_messages={"invalid": DATE_ERROR, "required": required_message},
    )


class ClientForm(forms.ModelForm):  # type: ignore[type-arg]
    birthday = date_field("Birthday")

    class Meta:
        model = Client
        fields = [
            "first_name",
            "last_name",
            "phone",
            "email",
            "birthday",
            "marketing_consent",
            "allergies",
            "notes",
        ]
        labels = {
            "email": "E-mail",
            "marketing_consent": "Agrees to marketing messages",
            "allergies": "Allergies and sensitivities",
        }
        error_messages = {"first_name": {"required": "Enter the client's first name."}}
        widgets = {
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
            "allergies": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today

    def clean_phone(self) -> str:
        phone = " ".join(str(self.cleaned_data["phone"]).split())
        if not phone:
            return ""
        if not _PHONE_CHARACTERS.match(phone):
            raise forms.ValidationError(
                "A phone number has digits, spaces and + - ( ) only, such as 07700 900123."
            )
        if len(phone_digits(phone)) < 6:
            raise forms.ValidationError("That phone number is too short.")
        return phone

    def clean_birthday(self) -> date | None:
        birthday: date | None = self.cleaned_data["birthday"]
        if birthday is None:
            return None
        if birthday > self.today:
            raise forms.ValidationError("A birthday cannot be in the future.")
        if birthday < EARLIEST_BIRTHDAY:
            raise forms.ValidationError("Enter a birthday after 1900.")
        return birthday


class CreateClientForm(ClientForm):
    """The client form plus the explicit override for possible duplicates."""

    create_anyway = forms.BooleanField(
        required=False,
        label="Create anyway: this is a different person",
    )
    # The ids of the possible duplicates the person was already shown, comma separated.
    seen_duplicates = forms.CharField(required=False, widget=forms.HiddenInput, max_length=2000)

    def seen_duplicate_ids(self) -> set[int]:
        text = self.cleaned_data.get("seen_duplicates") or ""
        return {int(part) for part in text.split(",") if part.strip().isdigit()}


class PatchTestForm(forms.ModelForm):  # type: ignore[type-arg]
    tested_on = date_field("Tested on", required_message="Enter the day the test was done.")

    class Meta:
        model = PatchTest
        fields = ["tested_on", "product", "result", "notes"]
        labels = {"product": "Product / colour line"}

    def __init__(self, *args: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today

    def clean_tested_on(self) -> date:
        tested_on: date = self.cleaned_data["tested_on"]
        if tested_on > self.today:
            raise forms.ValidationError("A patch test cannot be recorded for a future date.")
        return tested_on


class PatchTestResultForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = PatchTest
        fields = ["result"]
        error_messages = {
            "result": {"invalid_choice": "Choose pending, passed or failed."},
        }


class ColourNoteForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = ColourNote
        fields = ["formula"]
        labels = {"formula": "Colour note / formula"}
        widgets = {"formula": forms.Textarea(attrs={"rows": 3})}
        error_messages = {"formula": {"required": "Write the formula or note."}}
        help_texts = {"formula": "Can be corrected for 24 hours; after that it is kept as history."}


class PhotoForm(forms.Form):
    """A photo for the card. The image is fully decoded by Pillow before anything is
    stored, so a non-image or a damaged file is a message, never a broken photo."""

    photo = forms.FileField(
        label="Photo",
        error_messages={
            "required": "Choose a photo or take one with the camera.",
            "empty": "That file is empty.",
            "invalid": "Choose a photo to upload.",
        },
        # `capture` opens the camera directly on a phone; desktops show a file chooser.
        widget=forms.FileInput(attrs={"accept": "image/*", "capture": "environment"}),
    )
    caption = forms.CharField(
        label="Caption",
        max_length=200,
        required=False,
        help_text="Optional, such as “before”, “after” or the colour used.",
    )

    def clean_photo(self) -> UploadedFile[bytes]:
        photo: UploadedFile[bytes] = self.cleaned_data["photo"]
        try:
            self.content_type = check_photo(cast("IO[bytes]", photo), photo.size or 0)
        except InvalidPhoto as error:
            raise forms.ValidationError(str(error)) from error
        return photo
