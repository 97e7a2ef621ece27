from django.urls import path

from salonkeep.book.views.appointment import (
    appointment_detail,
    appointment_notes,
    appointment_status,
)
from salonkeep.book.views.day import day_view
from salonkeep.book.views.move import move_view
from salonkeep.book.views.new import client_search, new_appointment
from salonkeep.book.views.week import week_view

app_name = "book"

urlpatterns = [
    path("", day_view, name="day"),
    path("week/", week_view, name="week"),
    path("appointments/new/", new_appointment, name="new"),
    path("appointments/new/clients/", client_search, name="client_search"),
    path("appointments/<int:pk>/", appointment_detail, name="detail"),
    path("appointments/<int:pk>/move/", move_view, name="move"),
    path("appointments/<int:pk>/status/", appointment_status, name="status"),
    path("appointments/<int:pk>/notes/", appointment_notes, name="notes"),
]
