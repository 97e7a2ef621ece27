from django.urls import path

from salonkeep.team.views import changes, hours, member, members, rota, time_off

app_name = "team"

urlpatterns = [
    path("", members.member_list, name="members"),
    path("new/", members.member_create, name="member_create"),
    path("rota/", rota.rota, name="rota"),
    path("<int:pk>/", member.member_detail, name="member"),
    path("<int:pk>/edit/", members.member_edit, name="member_edit"),
    path("<int:pk>/hours/", hours.hours_edit, name="hours"),
    path("<int:pk>/time-off/", time_off.time_off_add, name="time_off_add"),
    path(
        "<int:pk>/time-off/<int:off_pk>/delete/",
        time_off.time_off_delete,
        name="time_off_delete",
    ),
    path("<int:pk>/changes/", changes.change_add, name="change_add"),
    path("<int:pk>/changes/<int:change_pk>/delete/", changes.change_delete, name="change_delete"),
]
