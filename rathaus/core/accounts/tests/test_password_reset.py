import pytest
from django.urls import reverse

from .conftest import links_in
from .factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.usefixtures("english")

NEW_PASSWORD = "Regenbogen-Kastanie-Brunnen-3"


def request_reset(client, email):
    return client.post(reverse("accounts:password_reset"), {"email": email})


def test_reset_link_sets_a_new_password(client, outbox):
    user = UserFactory(email="anna@example.org")
    response = request_reset(client, "ANNA@example.org")
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert [m.to for m in outbox] == [["anna@example.org"]]
    [link] = links_in(outbox[0])
    assert "anna" not in link

    form_page = client.get(link, follow=True)
    assert "Set a new password" in form_page.content.decode()
    set_url = form_page.redirect_chain[-1][0]
    done = client.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done["Location"] == reverse("accounts:password_reset_complete")

    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert not user.check_password(DEFAULT_PASSWORD)
    # A notice that the password changed goes to the account's address.
    assert [m.to for m in outbox] == [["anna@example.org"], ["anna@example.org"]]


def test_reset_link_works_once(client, outbox):
    UserFactory(email="anna@example.org")
    request_reset(client, "anna@example.org")
    [link] = links_in(outbox[0])
    set_url = client.get(link, follow=True).redirect_chain[-1][0]
    client.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    again = client.get(link, follow=True)
    assert "This link does not work" in again.content.decode()


def test_unknown_address_gets_the_same_answer_and_no_mail(client, outbox):
    UserFactory(email="anna@example.org")
    known = request_reset(client, "anna@example.org")
    unknown = request_reset(client, "niemand@example.org")
    assert known["Location"] == unknown["Location"] == reverse("accounts:password_reset_done")
    assert [m.to for m in outbox] == [["anna@example.org"]]


def test_new_password_must_follow_the_rules(client, outbox):
    UserFactory(email="anna@example.org")
    request_reset(client, "anna@example.org")
    set_url = client.get(links_in(outbox[0])[0], follow=True).redirect_chain[-1][0]
    response = client.post(set_url, {"new_password1": "12345", "new_password2": "12345"})
    assert response.status_code == 200
    assert "too short" in response.content.decode()


def test_reset_confirms_an_unconfirmed_address(client, outbox):
    user = UserFactory(email="offen@example.org", email_confirmed_at=None)
    request_reset(client, "offen@example.org")
    set_url = client.get(links_in(outbox[0])[0], follow=True).redirect_chain[-1][0]
    client.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    user.refresh_from_db()
    assert user.email_confirmed


def test_disabled_account_gets_no_reset_mail(client, outbox):
    UserFactory(email="anna@example.org", is_active=False)
    request_reset(client, "anna@example.org")
    assert outbox == []
