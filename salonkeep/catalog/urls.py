from django.urls import path

from salonkeep.catalog.views import categories, service_page, services

app_name = "catalog"

urlpatterns = [
    path("", services.service_menu, name="services"),
    path("new/", services.service_create, name="service_create"),
    path("<int:pk>/", service_page.service_detail, name="service"),
    path("<int:pk>/edit/", services.service_edit, name="service_edit"),
    path("<int:pk>/delete/", services.service_delete, name="service_delete"),
    path("<int:pk>/performers/", service_page.performer_add, name="performer_add"),
    path(
        "<int:pk>/performers/<int:performer_pk>/",
        service_page.performer_edit,
        name="performer_edit",
    ),
    path(
        "<int:pk>/performers/<int:performer_pk>/remove/",
        service_page.performer_remove,
        name="performer_remove",
    ),
    path("categories/", categories.category_list, name="categories"),
    path("categories/new/", categories.category_create, name="category_create"),
    path("categories/<int:pk>/edit/", categories.category_edit, name="category_edit"),
    path("categories/<int:pk>/move/", categories.category_move, name="category_move"),
    path("categories/<int:pk>/delete/", categories.category_delete, name="category_delete"),
]
