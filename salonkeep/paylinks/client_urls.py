"""The client's side of payment links (no login), and Stripe's webhook."""

from django.urls import path

from salonkeep.paylinks.views import client_page, webhook

app_name = "pay"

urlpatterns = [
    path("stripe/webhook/", webhook.stripe_webhook, name="stripe_webhook"),
    path("<str:token>/", client_page.page, name="page"),
    path("<str:token>/card/", client_page.pay_by_card, name="card"),
]
