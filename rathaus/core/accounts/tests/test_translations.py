"""The account pages and e-mails are in German by default (needs compiled messages)."""

from django.urls import reverse

from .conftest import links_in


def test_login_page_is_german(client):
    html = client.get(reverse("accounts:login")).content.decode()
    assert "Passwort vergessen?" in html
    assert "E-Mail-Adresse" in html


def test_confirmation_mail_is_german(client, outbox):
    password = "Gartenzaun-Laterne-Fluss-7"
    client.post(
        reverse("accounts:register"),
        {
            "email": "neu@example.org",
            "given_name": "Lena",
            "family_name": "Brandt",
            "password1": password,
            "password2": password,
            "privacy_consent": "on",
        },
    )
    [mail] = outbox
    assert "Bitte bestätigen Sie Ihre E-Mail-Adresse" in mail.subject
    assert "Guten Tag Lena Brandt," in mail.body
    assert links_in(mail)
