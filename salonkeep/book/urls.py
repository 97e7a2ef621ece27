from django.urls import path

app_name = "book"

urlpatterns: list[object] = []
