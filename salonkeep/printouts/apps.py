from django.apps import AppConfig


class PrintoutsConfig(AppConfig):
    """Day sheets, the appointment page and the evening outage pack of PDFs."""

    name = "salonkeep.printouts"
    label = "printouts"

    def ready(self) -> None:
        from salonkeep.printouts.schedule import run_due_packs
        from salonkeep.system.jobs import register_job

        register_job("outage-pack", run_due_packs)
