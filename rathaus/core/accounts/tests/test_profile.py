from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from rathaus.core.accounts.models import EmailChange, User, email_lookup_for
from rathaus.core.audit.models import AuditEntry

from .conftest import links_in
from .factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.usefixtures("english")

PROFILE = {
    "given_name": "Johanna",
    "family_name": "Quellenhof",
    "street": "Lindenallee 17",
    "postcode": "64331",
    "city": "Weiterstadt",
    "phone": "06150 123456",
    "preferred_language": "de",
}


@pytest.fixture
def user(client):
    user = UserFactory(email="anna@example.org")
    client.force_login(user)
    return user


def raw_row(user) -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT * FROM {User._meta.db_table} WHERE id = %s",  # noqa: S608
            [user.pk.hex if connection.vendor == "sqlite" else user.pk],
        )
        return " ".join(str(value) for value in cursor.fetchone())


def test_dashboard_shows_name_and_address(client, user):
    html = client.get(reverse("accounts:dashboard")).content.decode()
    assert user.given_name in html
    assert "anna@example.org" in html
    assert reverse("accounts:profile") in html


def test_account_pages_need_sign_in(client):
    for name in ("dashboard", "profile", "email_change", "password_change", "deletion_request"):
        response = client.get(reverse(f"accounts:{name}"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


def test_profile_form_has_autocomplete_attributes(client, user):
    html = client.get(reverse("accounts:profile")).content.decode()
    for token in ("given-name", "family-name", "street-address", "postal-code", "address-level2"):
        assert f'autocomplete="{token}"' in html
    assert 'autocomplete="tel"' in html


def test_profile_is_saved_and_stored_encrypted(client, user):
    response = client.post(reverse("accounts:profile"), PROFILE)
    assert response["Location"] == reverse("accounts:dashboard")
    user = User.objects.get(pk=user.pk)
    assert (user.street, user.city, user.phone) == ("Lindenallee 17", "Weiterstadt", "06150 123456")

    row = raw_row(user)
    for value in ("Johanna", "Quellenhof", "Lindenallee", "64331", "06150", "anna@example.org"):
        assert value not in row


def test_profile_change_is_audited_without_values(client, user):
    client.post(reverse("accounts:profile"), PROFILE)
    entry = AuditEntry.objects.get(summary="profile changed")
    assert entry.actor_id == str(user.pk)
    assert {"street", "city", "phone"} <= set(entry.changes)
    assert "Lindenallee" not in str(entry.changes)


def test_profile_errors_keep_what_was_typed(client, user):
    response = client.post(reverse("accounts:profile"), {**PROFILE, "given_name": ""})
    assert response.status_code == 200
    assert 'value="Lindenallee 17"' in response.content.decode()


def request_change(client, new_email="neu@example.org", password=DEFAULT_PASSWORD):
    return client.post(
        reverse("accounts:email_change"),
        {"new_email": new_email, "current_password": password},
    )


def test_email_change_needs_the_current_password(client, user, outbox):
    response = request_change(client, password="falsch-falsch-falsch")
    assert response.status_code == 200
    assert "Your current password is not correct" in response.content.decode()
    assert not EmailChange.objects.exists()
    assert outbox == []


def test_email_change_is_confirmed_at_the_new_address(client, user, outbox):
    response = request_change(client)
    assert response["Location"] == reverse("accounts:dashboard")
    to_new = [m for m in outbox if m.to == ["neu@example.org"]]
    to_old = [m for m in outbox if m.to == ["anna@example.org"]]
    assert len(to_new) == 1 and len(to_old) == 1
    assert User.objects.get(pk=user.pk).email == "anna@example.org"  # not yet

    [link] = links_in(to_new[0])
    assert "neu@example.org" not in link
    assert client.get(link).status_code == 200
    client.post(link)

    user = User.objects.get(pk=user.pk)
    assert user.email == "neu@example.org"
    assert user.email_lookup == email_lookup_for("neu@example.org")
    client.logout()
    signed_in = client.post(
        reverse("accounts:login"), {"username": "neu@example.org", "password": DEFAULT_PASSWORD}
    )
    assert signed_in.status_code == 302


def test_email_change_link_works_once_and_expires(client, user, outbox):
    request_change(client)
    [link] = links_in([m for m in outbox if m.to == ["neu@example.org"]][0])
    client.post(link)
    assert client.post(link).status_code == 400

    request_change(client, new_email="spaeter@example.org")
    [late_link] = links_in([m for m in outbox if m.to == ["spaeter@example.org"]][0])
    EmailChange.objects.filter(confirmed_at__isnull=True).update(
        created_at=timezone.now() - timedelta(days=3)
    )
    assert client.post(late_link).status_code == 400
    assert User.objects.get(pk=user.pk).email == "neu@example.org"


def test_change_to_an_address_in_use_does_not_reveal_the_other_account(client, user, outbox):
    UserFactory(email="belegt@example.org")
    response = request_change(client, new_email="belegt@example.org")
    assert response["Location"] == reverse("accounts:dashboard")
    assert not EmailChange.objects.exists()
    [to_other] = [m for m in outbox if m.to == ["belegt@example.org"]]
    assert links_in(to_other) == []
    assert User.objects.get(pk=user.pk).email == "anna@example.org"


def test_change_to_the_same_address_is_refused(client, user):
    response = request_change(client, new_email="Anna@example.org")
    assert "This is already your e-mail address" in response.content.decode()


def test_password_change_needs_the_current_password(client, user):
    new = "Wolkenkratzer-Birnbaum-5"
    wrong = client.post(
        reverse("accounts:password_change"),
        {"current_password": "falsch-falsch-falsch", "password1": new, "password2": new},
    )
    assert "Your current password is not correct" in wrong.content.decode()
    right = client.post(
        reverse("accounts:password_change"),
        {"current_password": DEFAULT_PASSWORD, "password1": new, "password2": new},
    )
    assert right["Location"] == reverse("accounts:dashboard")
    assert User.objects.get(pk=user.pk).check_password(new)
    # This session stays signed in.
    assert client.get(reverse("accounts:dashboard")).status_code == 200


def test_password_change_ends_other_sessions(client, user):
    from django.test import Client

    other = Client()
    other.force_login(user)
    new = "Wolkenkratzer-Birnbaum-5"
    client.post(
        reverse("accounts:password_change"),
        {"current_password": DEFAULT_PASSWORD, "password1": new, "password2": new},
    )
    assert other.get(reverse("accounts:dashboard")).status_code == 302


def test_wrong_current_passwords_count_towards_the_lockout(client, user):
    for _attempt in range(5):
        response = request_change(client, password="falsch-falsch-falsch")
    assert response.status_code == 429
