"""The client record card."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

from salonkeep.accounts.models import BusinessOwned, User
from salonkeep.lib.phone import phone_key

# A colour note can be corrected for a day after it is written; after that it is history.
COLOUR_NOTE_EDIT_WINDOW = timedelta(hours=24)
# Saving a note moments after creating it is not a correction.
CORRECTION_GRACE = timedelta(minutes=1)
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


class ColourNoteLocked(ValueError):
    """A colour note older than its edit window was about to be changed."""


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

    @property
    def editable_until(self) -> datetime:
        return self.created_at + COLOUR_NOTE_EDIT_WINDOW

    def is_editable(self, now: datetime | None = None) -> bool:
        return (now or timezone.now()) < self.editable_until

    @property
    def was_corrected(self) -> bool:
        return self.updated_at - self.created_at > CORRECTION_GRACE

    def save(self, *args: object, **kwargs: object) -> None:
        # The last line of defence for the append-only rule; views refuse with a message first.
        if not self._state.adding and not self.is_editable():
            raise ColourNoteLocked(f"Colour note {self.pk} is history and cannot be changed.")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def may_be_edited_by(self, user: User) -> bool:
        """Whoever wrote the note may correct it (within the edit window), and so may the
        owner and managers; nobody else rewrites a colleague's formula."""
        return user.can_manage or (user.pk is not None and self.created_by_id == user.pk)


class ClientPhoto(BusinessOwned):
    """A photo on the client record card (before/after, a colour result).

    The image itself lives in the content-addressed photo store (clients/photo_store.py),
    named by its SHA-256; this row only points at it. Files are immutable and may be shared
    by several rows (and by backups), so deleting a row never deletes the file.
    """

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="photos")
    sha256 = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField()
    content_type = models.CharField(max_length=50)
    caption = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.caption or f"Photo {self.pk}"
