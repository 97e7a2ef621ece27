from django.urls import path

from salonkeep.clients.views import (
    card,
    colour_notes,
    create,
    edit,
    listing,
    patch_tests,
    photos,
)

app_name = "clients"

urlpatterns = [
    path("", listing.client_list, name="list"),
    path("search/", listing.client_search, name="search"),
    path("new/", create.create_client, name="create"),
    path("<int:client_id>/", card.client_card, name="detail"),
    path("<int:client_id>/edit/", edit.edit_client, name="edit"),
    path("<int:client_id>/patch-tests/new/", patch_tests.add_patch_test, name="add_patch_test"),
    path(
        "<int:client_id>/patch-tests/<int:test_id>/result/",
        patch_tests.set_patch_test_result,
        name="patch_test_result",
    ),
    path("<int:client_id>/colour-notes/new/", colour_notes.add_colour_note, name="add_colour_note"),
    path(
        "<int:client_id>/colour-notes/<int:note_id>/edit/",
        colour_notes.edit_colour_note,
        name="edit_colour_note",
    ),
    path("<int:client_id>/photos/new/", photos.add_photo, name="add_photo"),
    path(
        "<int:client_id>/photos/<int:photo_id>/thumbnail/",
        photos.photo_thumbnail,
        name="photo_thumbnail",
    ),
    path(
        "<int:client_id>/photos/<int:photo_id>/full/", photos.photo_original, name="photo_original"
    ),
    path("<int:client_id>/photos/<int:photo_id>/delete/", photos.delete_photo, name="delete_photo"),
]
