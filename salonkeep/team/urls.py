from django.urls import path

app_name = "team"

urlpatterns: list[object] = []
