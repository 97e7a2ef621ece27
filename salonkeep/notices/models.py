"""Notices: incidents, maintenance windows, closures and information, for one salon or
for every salon of the installation.

A notice with no business is written by the installation's operator and shown to
every salon; it is not business data (it is not in any salon's backup). A notice with
a business is that salon's own and is backed up with it. Times are stored in UTC; the
zone a notice was written in is kept so its times can be shown as they were meant.
"""

from __future__ import annotations

import uuid
import zoneinfo

from django.conf import settings
from django.db import models

from salonkeep.accounts.models import Business, validate_time_zone

TITLE_MAX = 200
TEXT_MAX = 5000


class Service(models.TextChoices):
    """What a notice can name. The live system itself is one of them."""

    CARD_PAYMENTS = "card_payments", "Card payments"
    ONLINE_BOOKING = "online_booking", "Online booking"
    MESSAGING = "messaging", "Messaging (e-mail and SMS to clients)"
    REMOTE_ACCESS = "remote_access", "Remote access"
    MEMBERSHIPS = "memberships", "Memberships"
    ACCOUNT_MANAGEMENT = "account_management", "Account management"
    BACKUPS = "backups", "Backups"
    LIVE_SYSTEM = "live_system", "The live system"


class Kind(models.TextChoices):
    INCIDENT = "incident", "Incident"
    MAINTENANCE = "maintenance", "Maintenance"
    CLOSURE = "closure", "Closure"
    INFORMATION = "information", "Information"


class Impact(models.TextChoices):
    DEGRADED = "degraded", "Degraded performance"
    PARTIAL = "partial_outage", "Partial outage"
    MAJOR = "major_outage", "Major outage"


class Progress(models.TextChoices):
    """The stages of an incident, each posted as a dated update."""

    INVESTIGATING = "investigating", "Investigating"
    IDENTIFIED = "identified", "Identified"
    MONITORING = "monitoring", "Monitoring"
    RESOLVED = "resolved", "Resolved"


class Notice(models.Model):
    business = models.ForeignKey(
        Business,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty: a notice of the installation, shown to every salon.",
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=TITLE_MAX)
    body = models.TextField(max_length=TEXT_MAX, blank=True)
    services = models.JSONField(default=list, blank=True)
    impact = models.CharField(max_length=20, choices=Impact.choices, blank=True)
    public = models.BooleanField(
        default=True, help_text="Shown on the public status page (no login needed)."
    )
    time_zone = models.CharField(
        max_length=64, default="Europe/London", validators=[validate_time_zone]
    )
    # Maintenance: the window. Closure: closed from / normal hours resume at.
    # Information: optionally shown from / until.
    starts_at = models.DateTimeField(null=True, blank=True)
    ends_at = models.DateTimeField(null=True, blank=True)
    # Incident: the measured impact window, its own field (not the posting times).
    impact_started_at = models.DateTimeField(null=True, blank=True)
    impact_ended_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    support_url = models.URLField(max_length=300, blank=True)
    support_phone = models.CharField(max_length=40, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    # Raised on every change people should see again (banner comes back, iCalendar
    # SEQUENCE goes up).
    revision = models.PositiveIntegerField(default=1)
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # Set for incidents the system opened itself, so it finds and resolves its own.
    automatic_key = models.CharField(max_length=80, blank=True)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    # A name, not a user key: an installation notice must outlive any salon's logins
    # (a restore replaces them).
    created_by = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["business", "-created_at"])]
        constraints = [
            # Two workers noticing the same failure open one incident, not two.
            models.UniqueConstraint(
                fields=["business", "automatic_key"],
                condition=models.Q(resolved_at__isnull=True) & ~models.Q(automatic_key=""),
                name="one_open_automatic_incident",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title}"

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def is_installation(self) -> bool:
        return self.business_id is None

    def service_labels(self) -> list[str]:
        return [Service(name).label for name in self.services if name in Service.values]


class NoticeUpdate(models.Model):
    """One dated step of an incident (investigating → identified → monitoring → resolved)."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="updates")
    # The notice's business, so a salon's updates go into its backup with the notice.
    business = models.ForeignKey(
        Business, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    progress = models.CharField(max_length=20, choices=Progress.choices)
    message = models.TextField(max_length=TEXT_MAX)
    posted_at = models.DateTimeField()
    posted_by = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["posted_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_progress_display()}: {self.notice.title}"


class NoticeDismissal(models.Model):
    """A login closed a notice's banner at this revision; it comes back when the notice
    changes (a higher revision)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="+")
    revision = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "notice"], name="one_dismissal_per_notice")
        ]

    def __str__(self) -> str:
        return f"Notice {self.notice_id} closed at revision {self.revision}"


class Subscription(models.Model):
    """A staff member's wish to get notices by e-mail: every service, or chosen ones.
    It sends nothing until confirmed from the e-mailed link (double opt-in)."""

    business = models.ForeignKey(Business, on_delete=models.CASCADE, related_name="+")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notice_subscription"
    )
    email = models.EmailField(max_length=254)
    all_services = models.BooleanField(default=True)
    services = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField()
    confirmed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        state = "confirmed" if self.confirmed_at else "waiting for confirmation"
        return f"Notices by e-mail to {self.email} ({state})"

    def wants(self, notice: Notice) -> bool:
        if self.all_services or not notice.services:
            return True
        return bool(set(self.services) & set(notice.services))


class OutgoingMail(models.Model):
    """An e-mail waiting to be sent (the outbox). Written in the same transaction as
    the change it reports, so it exists exactly when that change was committed, and
    sent by a background job that retries while the mail server is unreachable."""

    business = models.ForeignKey(Business, on_delete=models.CASCADE, related_name="+")
    notice = models.ForeignKey(
        Notice, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    to = models.EmailField(max_length=254)
    subject = models.CharField(max_length=300)
    body = models.TextField()
    message_id = models.CharField(max_length=200)
    references = models.CharField(max_length=200, blank=True)
    unsubscribe_url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField()
    next_attempt_at = models.DateTimeField()
    claimed_until = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["sent_at", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"E-mail to {self.to}: {self.subject}"


class ServiceFailure(models.Model):
    """One failure reported by the area that owns a service (e.g. the card payment
    provider refused to answer), kept until the service recovers: enough failures in a
    row open an automatic incident."""

    business = models.ForeignKey(Business, on_delete=models.CASCADE, related_name="+")
    service = models.CharField(max_length=40, choices=Service.choices)
    failed_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["business", "service", "failed_at"])]

    def __str__(self) -> str:
        return f"{self.get_service_display()} failed at {self.failed_at:%Y-%m-%d %H:%M} UTC"
