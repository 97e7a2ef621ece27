from django.apps import AppConfig


class TeamConfig(AppConfig):
    name = "salonkeep.team"
    label = "team"
