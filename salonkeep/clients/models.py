"""The client record card."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

from salonkeep.accounts.models import BusinessOwned
from salonkeep.lib.phone import phone_key

# A colour note can be corrected for a day after it is written; after that it is history.
COLOUR_NOTE_EDIT_WINDOW = timedelta(hours=24)
# A patch test is valid for six months.
PATCH_TEST_VALID_DAYS = 183


class Client(BusinessOwned):
    first_name = models.CharField(max_length=80)
    last_name = models.CharField(max_length=80, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    phone_key = models.CharField(max_length=16, blank=True, editable=False)
    email = models.EmailField(blank=True)
    birthday = models.DateField(null=True, blank=True)
    marketing_consent = models.BooleanField(default=False)
    notes = models.TextField(max_length=5000, blank=True)
    allergies = models.TextField(max_length=2000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["last_name", "first_name"]
        indexes = [
            models.Index(fields=["business", "last_name", "first_name"]),
            models.Index(fields=["business", "first_name"]),
            models.Index(fields=["business", "phone_key"]),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def save(self, *args: object, **kwargs: object) -> None:
        self.phone_key = phone_key(self.phone)
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class PatchTestResult(models.TextChoices):
    PENDING = "pending", "Pending"
    PASSED = "passed", "Passed"
    FAILED = "failed", "Failed"


class PatchTest(BusinessOwned):
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="patch_tests")
    tested_on = models.DateField()
    product = models.CharField(max_length=120, blank=True)
    result = models.CharField(
        max_length=10, choices=PatchTestResult.choices, default=PatchTestResult.PENDING
    )
    notes = models.CharField(max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-tested_on", "-id"]

    @property
    def valid_until(self) -> date:
        return self.tested_on + timedelta(days=PATCH_TEST_VALID_DAYS)

    def is_valid_on(self, day: date) -> bool:
        return self.result == PatchTestResult.PASSED and self.tested_on <= day <= self.valid_until


class ColourNote(BusinessOwned):
    """A colour formula, dated and signed. Editable for a day, then append-only history."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="colour_notes")
    formula = models.TextField(max_length=2000)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def is_editable(self, now: datetime | None = None) -> bool:
        return (now or timezone.now()) < self.created_at + COLOUR_NOTE_EDIT_WINDOW
