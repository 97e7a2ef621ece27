from django.test import Client as HttpClient
from django.urls import reverse

URL = reverse("accounts:settings")


def test_it_links_an_owner_to_every_settings_page(as_owner):
    response = as_owner.get(URL)
    assert response.status_code == 200
    for name in ("accounts:business", "accounts:locations", "accounts:logins"):
        assert f'href="{reverse(name)}"'.encode() in response.content


def test_it_hides_business_details_from_a_manager(as_manager):
    response = as_manager.get(URL)
    assert response.status_code == 200
    assert reverse("accounts:business").encode() not in response.content
    assert reverse("accounts:locations").encode() in response.content


def test_it_shows_the_settings_link_in_the_menu_only_to_managers(as_owner, as_front_desk):
    link = f'href="{URL}"'.encode()
    assert link in as_owner.get(reverse("accounts:locations")).content
    assert link not in as_front_desk.get(reverse("clients:list")).content


def test_it_refuses_front_desk_and_stylists(as_front_desk, as_stylist):
    assert as_front_desk.get(URL).status_code == 403
    assert as_stylist.get(URL).status_code == 403


def test_it_sends_anonymous_visitors_to_log_in(salon):
    response = HttpClient().get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_it_refuses_post(as_owner):
    assert as_owner.post(URL).status_code == 405
