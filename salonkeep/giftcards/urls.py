from django.urls import path

from salonkeep.giftcards.views import cards, checkout

app_name = "giftcards"

urlpatterns = [
    path("", cards.balance, name="balance"),
    path("all/", cards.card_list, name="list"),
    path("rules/", cards.rules, name="rules"),
    path("<int:pk>/", cards.card_detail, name="detail"),
    path("<int:pk>/adjust/", cards.adjust_balance, name="adjust"),
    path("sell/<int:ticket_pk>/", checkout.sell, name="sell"),
    path("redeem/<int:ticket_pk>/", checkout.redeem_on_ticket, name="redeem"),
    path("certificates/sell/<int:ticket_pk>/", checkout.sell_certificate, name="sell_certificate"),
    path(
        "certificates/redeem/<int:ticket_pk>/",
        checkout.redeem_certificate_on_ticket,
        name="redeem_certificate",
    ),
]
