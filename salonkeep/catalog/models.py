"""The service menu: what the salon sells, how long it takes, and who does it."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models

from salonkeep.accounts.models import BusinessOwned
from salonkeep.team.models import TeamMember


class ServiceCategory(BusinessOwned):
    name = models.CharField(max_length=80)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name_plural = "service categories"

    def __str__(self) -> str:
        return self.name


class Service(BusinessOwned):
    """A service with up to three timed parts and clean-up time.

    initial: the stylist is busy; processing: colour develops, the client stays in the
    chair and the stylist is FREE; finish: busy again; blocked: clean-up, busy and never
    shown to clients. The client always sees initial + processing + finish.
    """

    category = models.ForeignKey(
        ServiceCategory, on_delete=models.SET_NULL, null=True, blank=True, related_name="services"
    )
    name = models.CharField(max_length=120)
    description = models.TextField(max_length=2000, blank=True)
    price = models.PositiveIntegerField(help_text="In minor units of the business currency")
    initial_minutes = models.PositiveSmallIntegerField(default=30)
    processing_minutes = models.PositiveSmallIntegerField(default=0)
    finish_minutes = models.PositiveSmallIntegerField(default=0)
    blocked_minutes = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True)
    position = models.PositiveSmallIntegerField(default=0)
    performers = models.ManyToManyField(
        TeamMember, through="ServicePerformer", related_name="services"
    )

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def client_minutes(self) -> int:
        return self.initial_minutes + self.processing_minutes + self.finish_minutes


class ServicePerformer(BusinessOwned):
    """This team member performs this service, optionally faster/slower or dearer/cheaper."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="performer_terms")
    team_member = models.ForeignKey(
        TeamMember, on_delete=models.CASCADE, related_name="service_terms"
    )
    price = models.PositiveIntegerField(null=True, blank=True)
    initial_minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    processing_minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    finish_minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    blocked_minutes = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["service", "team_member"], name="one_terms_per_pair"),
        ]

    def __str__(self) -> str:
        return f"{self.service} by {self.team_member}"


@dataclass(frozen=True)
class ServiceTerms:
    """The price and timings that apply when one team member performs one service."""

    price: int
    initial_minutes: int
    processing_minutes: int
    finish_minutes: int
    blocked_minutes: int

    @property
    def total_minutes(self) -> int:
        return (
            self.initial_minutes
            + self.processing_minutes
            + self.finish_minutes
            + self.blocked_minutes
        )


def terms_for(service: Service, performer: ServicePerformer | None) -> ServiceTerms:
    """The service's own terms with any per-team-member override applied."""

    def pick(field: str) -> int:
        override = getattr(performer, field) if performer is not None else None
        return int(override if override is not None else getattr(service, field))

    return ServiceTerms(
        price=pick("price"),
        initial_minutes=pick("initial_minutes"),
        processing_minutes=pick("processing_minutes"),
        finish_minutes=pick("finish_minutes"),
        blocked_minutes=pick("blocked_minutes"),
    )
