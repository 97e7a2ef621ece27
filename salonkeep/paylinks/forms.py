from __future__ import annotations

from django import forms

from salonkeep.paylinks.models import LinkSettings


class SendLinkForm(forms.Form):
    email = forms.EmailField(
        label="Client's e-mail (empty: only show the link, to copy into a text message)",
        max_length=254,
        required=False,
    )


class MarkPaidForm(forms.Form):
    reference = forms.CharField(
        label="Reference (e.g. the bank transfer's reference)", max_length=80, required=False
    )


class PromiseForm(forms.Form):
    name = forms.CharField(label="Your name", max_length=120)
    note = forms.CharField(
        label="How and when you paid (e.g. bank transfer today, reference ...)",
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CancelLinkForm(forms.Form):
    reason = forms.CharField(label="Why cancel it", max_length=150)


class LinkSettingsForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = LinkSettings
        fields = ["instructions", "valid_days"]
        widgets = {"instructions": forms.Textarea(attrs={"rows": 5, "maxlength": 1000})}

    def clean_valid_days(self) -> int:
        days = self.cleaned_data["valid_days"]
        if not 1 <= days <= 60:
            raise forms.ValidationError("Choose between 1 and 60 days.")
        return int(days)
