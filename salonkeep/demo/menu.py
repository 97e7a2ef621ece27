"""The service menu both demo salons sell, and creating it for a business."""

from __future__ import annotations

from dataclasses import dataclass

from salonkeep.accounts.models import Business
from salonkeep.catalog.models import Service, ServiceCategory

CUTS = "Cuts & styling"
COLOUR = "Colour"
TREATMENTS = "Treatments"
BARBERING = "Barbering"


@dataclass(frozen=True)
class MenuItem:
    """One service, priced in pence; `popularity` weights how often clients book it."""

    key: str
    category: str
    name: str
    price: int
    initial: int
    processing: int = 0
    finish: int = 0
    blocked: int = 0
    popularity: int = 1
    description: str = ""


MENU: tuple[MenuItem, ...] = (
    MenuItem(
        "ladies_cut",
        CUTS,
        "Cut & finish",
        4800,
        45,
        popularity=14,
        description="Consultation, wash, cut and blow-dry finish.",
    ),
    MenuItem(
        "restyle",
        CUTS,
        "Restyle",
        6200,
        60,
        popularity=3,
        description="A big change of shape, with a longer consultation.",
    ),
    MenuItem("blow_dry", CUTS, "Wash & blow-dry", 3200, 30, blocked=5, popularity=10),
    MenuItem(
        "fringe",
        CUTS,
        "Fringe trim",
        800,
        10,
        popularity=2,
        description="Free between cuts for clients on a six-week rebook.",
    ),
    MenuItem("kids_cut", CUTS, "Children's cut (under 12)", 1800, 20, popularity=4),
    MenuItem("up_do", CUTS, "Occasion hair / up-do", 5500, 60, popularity=1),
    MenuItem("gents_cut", BARBERING, "Gents' cut", 2800, 30, popularity=10),
    MenuItem("skin_fade", BARBERING, "Skin fade", 3200, 40, popularity=4),
    MenuItem("beard", BARBERING, "Beard trim & shape", 1500, 15, popularity=3),
    MenuItem(
        "full_colour",
        COLOUR,
        "Full head colour",
        8500,
        30,
        45,
        30,
        15,
        popularity=5,
        description="Permanent or semi-permanent colour from roots to ends.",
    ),
    MenuItem("root_tint", COLOUR, "Root tint", 6200, 30, 35, 15, 10, popularity=7),
    MenuItem("half_highlights", COLOUR, "Half head highlights", 9500, 45, 40, 30, 15, popularity=4),
    MenuItem(
        "full_highlights", COLOUR, "Full head highlights", 12500, 60, 40, 30, 15, popularity=2
    ),
    MenuItem(
        "balayage",
        COLOUR,
        "Balayage",
        14500,
        60,
        45,
        30,
        15,
        popularity=2,
        description="Hand-painted lightening with a toner to finish.",
    ),
    MenuItem("toner", COLOUR, "Toner / gloss", 3000, 10, 20, 10, 5, popularity=3),
    MenuItem("olaplex", TREATMENTS, "Olaplex bond treatment", 2500, 10, 20, 10, popularity=2),
    MenuItem(
        "deep_condition", TREATMENTS, "Deep conditioning treatment", 2000, 10, 15, 5, popularity=2
    ),
    MenuItem("keratin", TREATMENTS, "Keratin smoothing", 18000, 60, 30, 60, 15, popularity=1),
    MenuItem("scalp", TREATMENTS, "Scalp treatment & massage", 2200, 30, popularity=1),
)
MENU_BY_KEY = {item.key: item for item in MENU}

# What a client often adds after a first service, by the first service's key.
FOLLOW_ONS: dict[str, tuple[str, ...]] = {
    "full_colour": ("ladies_cut", "blow_dry"),
    "root_tint": ("ladies_cut", "blow_dry"),
    "half_highlights": ("ladies_cut", "blow_dry", "toner"),
    "full_highlights": ("ladies_cut", "blow_dry"),
    "balayage": ("ladies_cut", "blow_dry"),
    "gents_cut": ("beard",),
    "skin_fade": ("beard",),
    "ladies_cut": ("olaplex", "deep_condition"),
    "olaplex": ("blow_dry",),
}

# Prices are written in pence; currencies where that makes a haircut absurdly cheap are
# scaled to what a salon there charges.
PRICE_SCALE = {"SEK": 12, "NOK": 12, "DKK": 9, "ZAR": 20, "JPY": 1}


def scaled_price(pence: int, currency: str) -> int:
    return pence * PRICE_SCALE.get(currency, 1)


def create_menu(business: Business) -> dict[str, Service]:
    """Categories and services, one `.create()` at a time (they go into the activity log)."""
    categories: dict[str, ServiceCategory] = {}
    for position, name in enumerate((CUTS, BARBERING, COLOUR, TREATMENTS)):
        categories[name] = ServiceCategory.objects.create(
            business=business, name=name, position=position
        )
    services: dict[str, Service] = {}
    for position, item in enumerate(MENU):
        services[item.key] = Service.objects.create(
            business=business,
            category=categories[item.category],
            name=item.name,
            description=item.description,
            price=scaled_price(item.price, business.currency),
            initial_minutes=item.initial,
            processing_minutes=item.processing,
            finish_minutes=item.finish,
            blocked_minutes=item.blocked,
            position=position,
        )
    return services
