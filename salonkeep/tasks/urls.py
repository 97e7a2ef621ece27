from django.urls import path

from salonkeep.tasks.views import task_list

app_name = "tasks"

urlpatterns = [
    path("", task_list.task_list, name="list"),
    path("new/", task_list.task_create, name="create"),
    path("<int:pk>/done/", task_list.task_done, name="done"),
]
