"""Printouts. The day sheet and appointment page views are GET-only and read only, so
the standby server (salonkeep/standby) serves this same url list from its snapshot."""

from django.urls import path

from salonkeep.printouts.views.appointments import appointment_page, appointment_page_pdf
from salonkeep.printouts.views.day_sheets import (
    all_day_sheets,
    all_day_sheets_pdf,
    member_day_sheet,
    member_day_sheet_pdf,
)
from salonkeep.printouts.views.outage_pack import outage_pack_settings, write_outage_pack_now

app_name = "printouts"

urlpatterns = [
    path("appointments/", appointment_page, name="appointments"),
    path("appointments.pdf", appointment_page_pdf, name="appointments_pdf"),
    path("day-sheets/", all_day_sheets, name="day_sheets"),
    path("day-sheets.pdf", all_day_sheets_pdf, name="day_sheets_pdf"),
    path("day-sheets/<int:pk>/", member_day_sheet, name="member_day_sheet"),
    path("day-sheets/<int:pk>.pdf", member_day_sheet_pdf, name="member_day_sheet_pdf"),
    path("outage-pack/", outage_pack_settings, name="outage_pack"),
    path("outage-pack/write/", write_outage_pack_now, name="outage_pack_now"),
]
