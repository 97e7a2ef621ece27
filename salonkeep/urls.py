from django.contrib.auth.views import LogoutView
from django.urls import include, path

from salonkeep.accounts.views.login import SalonLoginView, healthz, setup

urlpatterns = [
    path("login/", SalonLoginView.as_view(), name="login"),
    path("logout/", LogoutView.as_view(), name="logout"),
    path("setup/", setup, name="setup"),
    path("healthz", healthz, name="healthz"),
    path("", include("salonkeep.book.urls")),
    path("clients/", include("salonkeep.clients.urls")),
    path("services/", include("salonkeep.catalog.urls")),
    path("team/", include("salonkeep.team.urls")),
    path("settings/", include("salonkeep.accounts.urls")),
    path("activity/", include("salonkeep.activity.urls")),
    path("backups/", include("salonkeep.continuity.urls")),
    path("checkout/", include("salonkeep.sales.urls")),
    path("gift-cards/", include("salonkeep.giftcards.urls")),
    path("coupons/", include("salonkeep.coupons.urls")),
    path("drawer/", include("salonkeep.drawer.urls")),
    path("tasks/", include("salonkeep.tasks.urls")),
    path("print/", include("salonkeep.printouts.urls")),
    path("notices/", include("salonkeep.notices.urls")),
    path("status/", include("salonkeep.notices.status_urls")),
    path("payment-links/", include("salonkeep.paylinks.urls")),
    path("pay/", include("salonkeep.paylinks.client_urls")),
]
