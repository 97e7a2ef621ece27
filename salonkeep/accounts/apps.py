from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "salonkeep.accounts"
    label = "accounts"
    verbose_name = "Businesses, locations and logins"
