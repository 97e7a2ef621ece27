from django.apps import AppConfig


class StandbyConfig(AppConfig):
    """The read-only backup book (`salonkeep standby`) and, in the live system, the job
    that keeps its snapshot fresh."""

    name = "salonkeep.standby"
    label = "standby"

    def ready(self) -> None:
        from salonkeep.standby.publishing import publish_due_snapshots
        from salonkeep.system.jobs import register_job

        register_job("standby-snapshot", publish_due_snapshots)
