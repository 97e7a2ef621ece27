"""The standby's pages: read-only, GET only (middleware.ReadOnlyMiddleware)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, include, path

from salonkeep.standby.views import book, clients, login, services, status

standby_patterns = [
    path("", book.day_view, name="day"),
    path("login/", login.login_view, name="login"),
    path("logout/", login.logout_view, name="logout"),
    path("clients/", clients.client_list, name="clients"),
    path("clients/<str:pk>/", clients.client_card, name="client"),
    path("services/", services.service_list, name="services"),
    path("status/", status.status_page, name="status"),
    path("status/<str:slug>/", status.status_page, name="business_status"),
]

urlpatterns: list[URLPattern | URLResolver] = [
    path("", include((standby_patterns, "standby"))),
    # The appointment page and day sheets, to print or save as PDF: GET-only views that
    # read the snapshot like any other page (the outage pack's settings say "live only").
    path("print/", include("salonkeep.printouts.urls")),
]

handler403 = "salonkeep.standby.views.errors.forbidden"
handler404 = "salonkeep.standby.views.errors.not_found"
handler500 = "salonkeep.standby.views.errors.server_error"
