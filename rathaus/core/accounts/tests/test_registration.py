import re

import pytest
from django.urls import reverse

from rathaus.core.accounts.models import User, email_lookup_for
from rathaus.core.audit.models import AuditEntry

from .conftest import links_in
from .factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.usefixtures("english")

NEW_PASSWORD = "Gartenzaun-Laterne-Fluss-7"


def register(client, email="neu@example.org", **overrides):
    data = {
        "email": email,
        "given_name": "Lena",
        "family_name": "Brandt",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
        "privacy_consent": "on",
        **overrides,
    }
    return client.post(reverse("accounts:register"), data)


def without_csrf(response) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def account(email="neu@example.org") -> User:
    return User.objects.get(email_lookup=email_lookup_for(email))


def test_registration_page_links_the_privacy_policy(client):
    response = client.get(reverse("accounts:register"))
    assert response.status_code == 200
    assert reverse("core:privacy") in response.content.decode()


def test_registering_sends_a_confirmation_link_and_the_account_is_unconfirmed(client, outbox):
    response = register(client)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:check_inbox")
    user = account()
    assert user.given_name == "Lena"
    assert not user.email_confirmed
    assert len(outbox) == 1
    assert outbox[0].to == ["neu@example.org"]
    [link] = links_in(outbox[0])
    assert str(user.pk) in link
    assert "neu@example.org" not in link and "Lena" not in link


def test_link_in_the_mail_confirms_the_address_and_leads_to_sign_in(client, outbox):
    register(client)
    [link] = links_in(outbox[0])
    page = client.get(link)
    assert page.status_code == 200
    assert not account().email_confirmed  # opening the link alone does not confirm

    response = client.post(link, follow=True)
    assert response.redirect_chain[-1][0] == reverse("accounts:login")
    assert "Your e-mail address is confirmed" in response.content.decode()
    assert account().email_confirmed

    signed_in = client.post(
        reverse("accounts:login"), {"username": "neu@example.org", "password": NEW_PASSWORD}
    )
    assert signed_in.status_code == 302
    assert client.get(reverse("accounts:dashboard")).status_code == 200


def test_confirmation_link_works_once(client, outbox):
    register(client)
    [link] = links_in(outbox[0])
    client.post(link)
    again = client.post(link)
    assert again.status_code == 400
    assert "This link does not work" in again.content.decode()


def test_tampered_confirmation_link_is_refused(client, outbox):
    register(client)
    [link] = links_in(outbox[0])
    response = client.post(link[:-3] + "abc/")
    assert response.status_code == 400
    assert not account().email_confirmed


def test_registering_an_existing_address_looks_the_same_and_mails_the_owner(client, outbox):
    UserFactory(email="schon@example.org", given_name="Erika")
    before = User.objects.count()

    response = register(client, email="Schon@Example.org", given_name="Mallory")

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:check_inbox")
    assert User.objects.count() == before
    assert account("schon@example.org").given_name == "Erika"
    assert len(outbox) == 1
    assert outbox[0].to == ["schon@example.org"]
    assert "already" in outbox[0].subject.lower() or "bereits" in outbox[0].subject.lower()
    assert links_in(outbox[0])[0] == reverse("accounts:login")


def test_new_and_existing_address_show_the_same_page(client):
    UserFactory(email="schon@example.org")
    new = client.get(register(client, email="frisch@example.org")["Location"])
    existing = client.get(register(client, email="schon@example.org")["Location"])
    assert without_csrf(new) == without_csrf(existing)


def test_password_rules_apply_on_registration(client):
    too_short = register(client, password1="kurz", password2="kurz")
    assert too_short.status_code == 200
    assert "This password is too short" in too_short.content.decode()

    common = register(client, password1="password123", password2="password123")
    assert "This password is too common" in common.content.decode()

    like_name = register(client, password1="brandtlena1", password2="brandtlena1")
    assert "too similar" in like_name.content.decode()

    mismatch = register(client, password2=NEW_PASSWORD + "x")
    assert "The two passwords are not the same" in mismatch.content.decode()
    assert not User.objects.filter(email_lookup=email_lookup_for("neu@example.org")).exists()


def test_registration_needs_consent_to_the_privacy_policy(client):
    response = register(client, privacy_consent="")
    assert response.status_code == 200
    assert not User.objects.filter(email_lookup=email_lookup_for("neu@example.org")).exists()
    html = response.content.decode()
    assert "Please agree to the privacy policy" in html
    # What was typed is kept, except the passwords.
    assert 'value="Lena"' in html
    assert NEW_PASSWORD not in html


def test_resend_sends_a_new_link_only_for_unconfirmed_accounts(client, outbox):
    register(client)
    UserFactory(email="bestaetigt@example.org")
    outbox.clear()
    for address in ("neu@example.org", "bestaetigt@example.org", "unbekannt@example.org"):
        response = client.post(reverse("accounts:resend_confirmation"), {"email": address})
        assert response["Location"] == reverse("accounts:check_inbox")
    assert [message.to for message in outbox] == [["neu@example.org"]]
    client.post(links_in(outbox[0])[0])
    assert account().email_confirmed


def test_registration_is_audited_without_personal_values(client):
    register(client)
    entry = AuditEntry.objects.filter(summary="account registered").get()
    text = str(entry.changes) + entry.object_repr + entry.actor_label
    assert "Lena" not in text and "neu@example.org" not in text


def test_signed_in_person_is_sent_from_registration_to_their_account(client):
    client.force_login(UserFactory())
    response = client.get(reverse("accounts:register"))
    assert response["Location"] == reverse("accounts:dashboard")


def test_existing_account_password_unchanged_by_registration_attempt(client):
    user = UserFactory(email="schon@example.org")
    register(client, email="schon@example.org")
    user.refresh_from_db()
    assert user.check_password(DEFAULT_PASSWORD)
