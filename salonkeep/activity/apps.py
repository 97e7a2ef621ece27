from django.apps import AppConfig


class ActivityConfig(AppConfig):
    name = "salonkeep.activity"
    label = "activity"

    def ready(self) -> None:
        from salonkeep.activity import recorder

        recorder.connect_signals()
