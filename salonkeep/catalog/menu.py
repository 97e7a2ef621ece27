"""The service menu as people read it: services grouped by category, each with the terms
of everyone who performs it (a senior stylist may be dearer or faster)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch

from salonkeep.accounts.access import for_business
from salonkeep.accounts.models import Business
from salonkeep.catalog.models import (
    Service,
    ServiceCategory,
    ServicePerformer,
    ServiceTerms,
    terms_for,
)
from salonkeep.team.models import TeamMember


@dataclass(frozen=True)
class PerformerLine:
    performer: ServicePerformer
    terms: ServiceTerms

    @property
    def member(self) -> TeamMember:
        return self.performer.team_member

    @property
    def client_minutes(self) -> int:
        terms = self.terms
        return terms.initial_minutes + terms.processing_minutes + terms.finish_minutes

    @property
    def overrides(self) -> bool:
        return any(
            getattr(self.performer, name) is not None
            for name in (
                "price",
                "initial_minutes",
                "processing_minutes",
                "finish_minutes",
                "blocked_minutes",
            )
        )


@dataclass(frozen=True)
class MenuItem:
    service: Service
    performers: list[PerformerLine]

    @property
    def active_performers(self) -> list[PerformerLine]:
        return [line for line in self.performers if line.member.is_active]

    def _prices(self) -> list[int]:
        return [line.terms.price for line in self.active_performers] or [self.service.price]

    def _client_minutes(self) -> list[int]:
        lines = self.active_performers
        return [line.client_minutes for line in lines] or [self.service.client_minutes]

    @property
    def lowest_price(self) -> int:
        return min(self._prices())

    @property
    def highest_price(self) -> int:
        return max(self._prices())

    @property
    def shortest_minutes(self) -> int:
        return min(self._client_minutes())

    @property
    def longest_minutes(self) -> int:
        return max(self._client_minutes())


@dataclass
class MenuSection:
    category: ServiceCategory | None
    items: list[MenuItem] = field(default_factory=list)

    @property
    def title(self) -> str:
        return self.category.name if self.category else "Other services"


def performer_lines(service: Service) -> list[PerformerLine]:
    """Everyone who performs the service (prefetched or not), in book order."""
    performers = sorted(
        service.performer_terms.all(),
        key=lambda p: (p.team_member.position, p.team_member.name.lower()),
    )
    return [PerformerLine(performer, terms_for(service, performer)) for performer in performers]


def services_with_performers(business: Business) -> list[Service]:
    terms = ServicePerformer.objects.select_related("team_member")
    return list(
        for_business(Service, business)
        .select_related("category")
        .prefetch_related(Prefetch("performer_terms", queryset=terms))
    )


def build_menu(business: Business) -> tuple[list[MenuSection], list[MenuItem]]:
    """The active services grouped by category (uncategorised last), and separately the
    inactive ones, which booking no longer offers but history still names."""
    sections: dict[int | None, MenuSection] = {}
    for category in for_business(ServiceCategory, business):
        sections[category.pk] = MenuSection(category)
    inactive: list[MenuItem] = []
    for service in services_with_performers(business):
        item = MenuItem(service, performer_lines(service))
        if not service.is_active:
            inactive.append(item)
            continue
        section = sections.setdefault(service.category_id, MenuSection(service.category))
        section.items.append(item)
    ordered = [section for key, section in sections.items() if key is not None]
    if None in sections:
        ordered.append(sections[None])
    return [section for section in ordered if section.items], inactive
