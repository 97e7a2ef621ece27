from django.apps import AppConfig


class GiftCardsConfig(AppConfig):
    name = "salonkeep.giftcards"
    label = "giftcards"
    verbose_name = "Gift cards"
    default_auto_field = "django.db.models.BigAutoField"
