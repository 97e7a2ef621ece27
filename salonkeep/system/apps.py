from django.apps import AppConfig


class SystemConfig(AppConfig):
    """Running the installation: serving, configuration, start-up checks."""

    name = "salonkeep.system"
    label = "system"

    def ready(self) -> None:
        from salonkeep.system import checks  # noqa: F401  (registers the start-up checks)
