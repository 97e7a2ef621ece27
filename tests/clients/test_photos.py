"""Photos on the client record card: stored by content, served only to the business."""

from __future__ import annotations

import errno
import hashlib
import io
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import ExifTags, Image

from salonkeep.clients import photo_store
from salonkeep.clients.models import ClientPhoto
from salonkeep.clients.photo_images import MAX_PHOTO_BYTES
from salonkeep.clients.photo_store import photo_path, photos_root, store_photo
from tests.conftest import logged_in


@pytest.fixture(autouse=True)
def home(settings, tmp_path):
    settings.SALONKEEP_HOME = tmp_path
    return tmp_path


def image_bytes(image_format="JPEG", size=(64, 48), colour=(200, 30, 90)):
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, format=image_format)
    return out.getvalue()


def upload(data=None, name="photo.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, image_bytes() if data is None else data, content_type)


def add_url(client):
    return reverse("clients:add_photo", args=[client.pk])


def add_photo(salon, data=None, caption="", client=None, user=None):
    client = client or salon.client
    data = image_bytes() if data is None else data
    sha256, size = store_photo(io.BytesIO(data))
    return ClientPhoto.objects.create(
        business=client.business,
        client=client,
        sha256=sha256,
        size=size,
        content_type="image/jpeg",
        caption=caption,
        created_by=user,
    )


def thumb_url(photo):
    return reverse("clients:photo_thumbnail", args=[photo.client_id, photo.pk])


def full_url(photo):
    return reverse("clients:photo_original", args=[photo.client_id, photo.pk])


def delete_url(photo):
    return reverse("clients:delete_photo", args=[photo.client_id, photo.pk])


# --- the store ---


def test_it_stores_a_photo_under_its_hash(home):
    data = image_bytes()
    sha256, size = store_photo(io.BytesIO(data))
    assert sha256 == hashlib.sha256(data).hexdigest()
    assert size == len(data)
    assert photo_path(sha256) == home / "photos" / sha256[:2] / sha256
    assert photo_path(sha256).read_bytes() == data
    assert not list((photos_root() / photo_store.INCOMING_FOLDER).iterdir())


def test_it_shares_one_file_for_identical_photos_and_never_rewrites_it():
    data = image_bytes()
    sha256, _ = store_photo(io.BytesIO(data))
    first_inode = os.stat(photo_path(sha256)).st_ino
    again, _ = store_photo(io.BytesIO(data))
    assert again == sha256
    assert os.stat(photo_path(sha256)).st_ino == first_inode
    assert len(list(photos_root().glob("*/*"))) == 1


@pytest.mark.parametrize("name", ["../../etc/passwd", "ABC", "a" * 63, "g" * 64])
def test_it_refuses_a_path_that_is_not_a_hash(name):
    with pytest.raises(ValueError):
        photo_path(name)


def test_it_leaves_no_partial_file_when_the_disk_fills(monkeypatch):
    def disk_full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(photo_store.os, "fsync", disk_full)
    with pytest.raises(OSError):
        store_photo(io.BytesIO(image_bytes()))
    assert not [path for path in photos_root().rglob("*") if path.is_file()]


# --- adding a photo ---


@pytest.mark.parametrize("role", ["owner", "manager", "front_desk", "stylist"])
def test_it_adds_a_photo(salon, role):
    user = salon.user(role)
    data = image_bytes()
    response = logged_in(user).post(
        add_url(salon.client), {"photo": upload(data), "caption": "  Before  "}
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"/clients/{salon.client.pk}/#photos")
    photo = ClientPhoto.objects.get(client=salon.client)
    assert photo.business == salon.business
    assert photo.caption == "Before"
    assert photo.content_type == "image/jpeg"
    assert photo.size == len(data)
    assert photo.created_by == user
    assert photo_path(photo.sha256).read_bytes() == data


@pytest.mark.parametrize(
    ("image_format", "content_type"), [("PNG", "image/png"), ("WEBP", "image/webp")]
)
def test_it_accepts_png_and_webp(salon, as_stylist, image_format, content_type):
    response = as_stylist.post(
        add_url(salon.client), {"photo": upload(image_bytes(image_format), name="p.bin")}
    )
    assert response.status_code == 302
    assert ClientPhoto.objects.get().content_type == content_type


def test_it_shows_photos_on_the_card_with_the_camera_upload(salon, as_stylist):
    photo = add_photo(salon, caption="After the balayage")
    page = as_stylist.get(reverse("clients:detail", args=[salon.client.pk])).content.decode()
    assert thumb_url(photo) in page
    assert full_url(photo) in page
    assert "After the balayage" in page
    assert 'accept="image/*"' in page and "capture=" in page
    assert 'enctype="multipart/form-data"' in page
    # Stylists add and view photos but do not remove them.
    assert delete_url(photo) not in page


def test_it_offers_removal_to_the_front_desk(salon, as_front_desk):
    photo = add_photo(salon)
    page = as_front_desk.get(reverse("clients:detail", args=[salon.client.pk])).content.decode()
    assert delete_url(photo) in page


def test_it_accepts_a_photo_without_any_other_field(salon, as_stylist):
    response = as_stylist.post(add_url(salon.client), {"photo": upload()})
    assert response.status_code == 302
    assert ClientPhoto.objects.get().caption == ""


def phone_jpeg(with_location=True):
    """A JPEG as a phone writes it: turned (orientation 6), camera model, GPS position."""
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    exif[ExifTags.Base.Model] = "Phone 15"
    if with_location:
        exif[ExifTags.IFD.GPSInfo] = {1: "N", 2: (51.0, 30.0, 26.0), 3: "W", 4: (0.0, 7.0, 39.0)}
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 30, 90)).save(out, format="JPEG", exif=exif, quality=90)
    return out.getvalue()


def test_it_removes_where_a_photo_was_taken_and_keeps_the_rest(salon, as_stylist):
    original = phone_jpeg()
    as_stylist.post(add_url(salon.client), {"photo": upload(original)})
    stored = photo_path(ClientPhoto.objects.get().sha256).read_bytes()
    with Image.open(io.BytesIO(stored)) as image:
        exif = image.getexif()
        assert ExifTags.IFD.GPSInfo not in exif
        assert exif[ExifTags.Base.Orientation] == 6 and exif[ExifTags.Base.Model] == "Phone 15"
        pixels = image.tobytes()
    with Image.open(io.BytesIO(original)) as image:
        assert image.tobytes() == pixels  # not re-encoded
    assert original[original.index(b"\xff\xdb") :] == stored[stored.index(b"\xff\xdb") :]


def test_a_photo_without_a_position_is_stored_as_it_came(salon, as_stylist):
    original = phone_jpeg(with_location=False)
    as_stylist.post(add_url(salon.client), {"photo": upload(original)})
    assert ClientPhoto.objects.get().sha256 == hashlib.sha256(original).hexdigest()


def test_it_asks_for_a_photo_when_nothing_is_posted(salon, as_stylist):
    response = as_stylist.post(add_url(salon.client), {})
    assert response.status_code == 200
    assert "Choose a photo or take one" in response.content.decode()
    assert not ClientPhoto.objects.exists()


def test_it_shows_the_upload_form(salon, as_stylist):
    response = as_stylist.get(add_url(salon.client))
    assert response.status_code == 200
    assert 'name="photo"' in response.content.decode()


BAD_UPLOADS = [
    (b"", "empty"),
    (b"this is a text file, not a photo", "not a photo"),
    (image_bytes()[:200], "damaged or incomplete"),
    (image_bytes("GIF"), "JPEG, PNG or WebP"),
    (image_bytes("BMP"), "JPEG, PNG or WebP"),
]


@pytest.mark.parametrize(("data", "message"), BAD_UPLOADS)
def test_it_refuses_a_bad_upload_and_saves_nothing(salon, as_owner, data, message):
    response = as_owner.post(add_url(salon.client), {"photo": upload(data), "caption": "x"})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ClientPhoto.objects.exists()
    assert not photos_root().exists() or not list(photos_root().glob("*/*"))


def test_it_refuses_a_missing_file_and_an_oversized_caption(salon, as_owner):
    response = as_owner.post(add_url(salon.client), {"caption": "x"})
    assert "Choose a photo" in response.content.decode()
    response = as_owner.post(add_url(salon.client), {"photo": upload(), "caption": "x" * 201})
    assert "at most 200" in response.content.decode()
    assert not ClientPhoto.objects.exists()


def test_it_refuses_a_photo_over_the_size_limit(salon, as_owner, monkeypatch):
    monkeypatch.setattr("salonkeep.clients.photo_images.MAX_PHOTO_BYTES", 100)
    response = as_owner.post(add_url(salon.client), {"photo": upload()})
    assert "the limit is" in response.content.decode()
    assert not ClientPhoto.objects.exists()
    assert MAX_PHOTO_BYTES == 15 * 1024 * 1024


def test_it_refuses_a_decompression_bomb(salon, as_owner, monkeypatch):
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)
    response = as_owner.post(add_url(salon.client), {"photo": upload()})
    assert "far too large" in response.content.decode()
    assert not ClientPhoto.objects.exists()


@pytest.mark.parametrize(
    ("code", "message"), [(errno.ENOSPC, "disk is full"), (errno.EACCES, "cannot be written")]
)
def test_it_says_clearly_when_the_photo_cannot_be_stored(
    salon, as_owner, monkeypatch, code, message
):
    def fail(stream):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr("salonkeep.clients.views.photos.store_photo", fail)
    response = as_owner.post(add_url(salon.client), {"photo": upload()})
    assert response.status_code == 503
    assert message in response.content.decode()
    assert "Nothing was saved" in response.content.decode()
    assert not ClientPhoto.objects.exists()


def test_it_says_clearly_when_the_photo_folder_is_unusable(salon, as_owner, home):
    # A file where the photo folder should be fails even for root (unlike a chmod).
    (home / "photos").write_text("not a folder")
    response = as_owner.post(add_url(salon.client), {"photo": upload()})
    assert response.status_code == 503
    assert "could not be saved" in response.content.decode()
    assert "Nothing was saved" in response.content.decode()
    assert not ClientPhoto.objects.exists()


def test_it_404s_for_another_businesss_client(salon, other, as_owner):
    response = as_owner.post(add_url(other.client), {"photo": upload()})
    assert response.status_code == 404
    assert not ClientPhoto.objects.exists()


def test_it_needs_a_login(salon, client):
    response = client.post(add_url(salon.client), {"photo": upload()})
    assert response.status_code == 302
    assert "/login" in response["Location"]
    assert not ClientPhoto.objects.exists()


def test_it_refuses_other_methods(salon, as_owner):
    assert as_owner.put(add_url(salon.client)).status_code == 405


# --- serving photos ---


@pytest.mark.parametrize("role", ["owner", "manager", "front_desk", "stylist"])
def test_it_serves_a_thumbnail(salon, role):
    photo = add_photo(salon, data=image_bytes(size=(2000, 1000)))
    response = logged_in(salon.user(role)).get(thumb_url(photo))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert "immutable" in response["Cache-Control"]
    assert "max-age=31536000" in response["Cache-Control"]
    with Image.open(io.BytesIO(response.content)) as thumbnail:
        assert max(thumbnail.size) == 480


def test_it_serves_the_full_photo_with_its_content_type(salon, as_stylist):
    data = image_bytes("PNG")
    photo = add_photo(salon, data=data)
    photo.content_type = "image/png"
    photo.save()
    response = as_stylist.get(full_url(photo))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == data
    assert "immutable" in response["Cache-Control"]


def test_it_answers_not_modified_when_the_browser_has_the_photo(salon, as_stylist):
    photo = add_photo(salon)
    response = as_stylist.get(thumb_url(photo), HTTP_IF_NONE_MATCH=f'"{photo.sha256}"')
    assert response.status_code == 304


def test_it_404s_for_another_businesss_photo(salon, other, as_owner):
    theirs = add_photo(other, client=other.client)
    for url in (thumb_url(theirs), full_url(theirs)):
        assert as_owner.get(url).status_code == 404
    # Their photo id under our client's URL is a 404 too.
    mixed = reverse("clients:photo_thumbnail", args=[salon.client.pk, theirs.pk])
    assert as_owner.get(mixed).status_code == 404


@pytest.mark.parametrize("url_for", [thumb_url, full_url])
def test_it_shows_a_placeholder_when_the_file_has_vanished(salon, as_owner, url_for):
    photo = add_photo(salon)
    photo_path(photo.sha256).unlink()
    response = as_owner.get(url_for(photo))
    assert response.status_code == 404
    assert response["Content-Type"] == "image/svg+xml"
    assert b"Photo file missing" in response.content
    assert response["Cache-Control"] == "no-store"


def test_it_shows_the_placeholder_even_with_a_cached_thumbnail(salon, as_owner):
    photo = add_photo(salon)
    assert as_owner.get(thumb_url(photo)).status_code == 200
    photo_path(photo.sha256).unlink()
    assert as_owner.get(thumb_url(photo)).status_code == 404


def test_it_shows_a_placeholder_when_the_file_is_damaged(salon, as_owner):
    photo = add_photo(salon)
    path = photo_path(photo.sha256)
    path.chmod(0o600)
    path.write_bytes(b"garbage")
    response = as_owner.get(thumb_url(photo))
    assert response.status_code == 404
    assert b"Photo file missing" in response.content


def test_it_needs_a_login_to_see_a_photo(salon, client):
    photo = add_photo(salon)
    assert client.get(thumb_url(photo)).status_code == 302


def test_it_refuses_to_change_a_photo_by_post(salon, as_owner):
    photo = add_photo(salon)
    assert as_owner.post(thumb_url(photo)).status_code == 405


# --- removing a photo ---


@pytest.mark.parametrize(
    ("role", "status"), [("owner", 302), ("manager", 302), ("front_desk", 302), ("stylist", 403)]
)
def test_it_lets_bookers_remove_a_photo(salon, role, status):
    photo = add_photo(salon)
    response = logged_in(salon.user(role)).post(delete_url(photo))
    assert response.status_code == status
    assert ClientPhoto.objects.filter(pk=photo.pk).exists() == (status == 403)
    # The file stays: other rows and backups may share it.
    assert photo_path(photo.sha256).exists()


def test_it_keeps_a_shared_file_for_the_other_client(salon, as_owner):
    first = add_photo(salon)
    second = add_photo(salon)
    as_owner.post(delete_url(first))
    assert as_owner.get(thumb_url(second)).status_code == 200


def test_it_404s_when_removing_another_businesss_photo(salon, other, as_owner):
    theirs = add_photo(other, client=other.client)
    assert as_owner.post(delete_url(theirs)).status_code == 404
    assert ClientPhoto.objects.filter(pk=theirs.pk).exists()


def test_it_removes_only_by_post(salon, as_owner):
    photo = add_photo(salon)
    assert as_owner.get(delete_url(photo)).status_code == 405
    assert ClientPhoto.objects.filter(pk=photo.pk).exists()
