from django.urls import path

from salonkeep.paylinks.views import staff

app_name = "paylinks"

urlpatterns = [
    path("settings/", staff.link_settings, name="settings"),
    path("ticket/<int:pk>/", staff.from_ticket, name="from_ticket"),
    path("owed/<int:pk>/", staff.from_owed, name="from_owed"),
    path("<int:pk>/", staff.detail, name="detail"),
    path("<int:pk>/send/", staff.send_again, name="send"),
    path("<int:pk>/paid/", staff.mark_paid, name="mark_paid"),
    path("<int:pk>/check/", staff.check_stripe, name="check_stripe"),
    path("<int:pk>/cancel/", staff.cancel, name="cancel"),
]
