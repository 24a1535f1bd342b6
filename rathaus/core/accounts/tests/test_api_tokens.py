"""Staff API tokens: only a hash is kept, the secret is shown once, tokens can be revoked
and expire, and each person manages only their own."""

import datetime
import hashlib
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from rathaus.core.accounts.api_tokens import (
    ApiToken,
    ExpiryInPast,
    authenticate_token,
    create_token,
    revoke_token,
)
from rathaus.core.accounts.exceptions import NotPermitted
from rathaus.core.accounts.models import User
from rathaus.core.audit.models import AuditEntry
from rathaus.core.staff.tests.conftest import sign_in_verified

from .factories import StaffFactory, UserFactory

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def staff():
    return StaffFactory(given_name="Clara", family_name="Klein")


@pytest.fixture
def staff_client(client, staff):
    sign_in_verified(client, staff)
    return client


def _stored_values(token: ApiToken) -> list[str]:
    row = ApiToken.objects.filter(pk=token.pk).values().get()
    return [str(value) for value in row.values()]


# --- the service functions ------------------------------------------------------------------


def test_the_secret_is_never_stored_only_its_hash(staff):
    token, secret = create_token(actor=staff, name="Fachverfahren")

    assert len(secret) >= 40
    assert secret not in _stored_values(token)
    assert not any(secret in value for value in _stored_values(token))
    assert token.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert token.prefix == secret[:8]
    assert authenticate_token(secret) == staff


def test_creating_and_revoking_are_audited_without_the_secret(staff):
    token, secret = create_token(actor=staff, name="Fachverfahren")
    revoke_token(actor=staff, token=token)

    entries = AuditEntry.objects.filter(object_id=str(token.pk)).order_by("sequence")
    assert [entry.summary for entry in entries] == ["API token created", "API token revoked"]
    assert all(entry.actor_id == str(staff.pk) for entry in entries)
    assert not any(secret in str(entry.changes) for entry in entries)


def test_only_staff_may_create_tokens():
    with pytest.raises(NotPermitted):
        create_token(actor=UserFactory(), name="Mein Skript")
    assert not ApiToken.objects.exists()


def test_an_expiry_date_in_the_past_is_refused(staff):
    with pytest.raises(ExpiryInPast):
        create_token(
            actor=staff,
            name="Gestern",
            expires_on=timezone.localdate() - datetime.timedelta(days=1),
        )


def test_a_token_works_through_its_last_day(staff):
    today = timezone.localdate()
    _token, secret = create_token(actor=staff, name="Heute", expires_on=today)

    assert authenticate_token(secret) == staff
    with time_machine.travel(timezone.now() + datetime.timedelta(days=1, hours=1)):
        assert authenticate_token(secret) is None


def test_revoked_tokens_and_unknown_secrets_are_refused(staff):
    token, secret = create_token(actor=staff, name="Fachverfahren")
    revoke_token(actor=staff, token=token)

    assert authenticate_token(secret) is None
    assert authenticate_token("") is None
    assert authenticate_token(secret[:-1]) is None
    assert authenticate_token("x" * 10_000) is None


def test_tokens_of_disabled_or_former_staff_stop_working(staff):
    _token, secret = create_token(actor=staff, name="Fachverfahren")

    User.objects.filter(pk=staff.pk).update(is_active=False)
    assert authenticate_token(secret) is None
    User.objects.filter(pk=staff.pk).update(is_active=True, kind=User.Kind.CITIZEN)
    assert authenticate_token(secret) is None
    User.objects.filter(pk=staff.pk).update(kind=User.Kind.STAFF)
    assert authenticate_token(secret) == staff


def test_last_use_is_noted_at_most_once_a_minute(staff):
    token, secret = create_token(actor=staff, name="Fachverfahren")
    start = timezone.now()

    with time_machine.travel(start, tick=False):
        authenticate_token(secret)
    token.refresh_from_db()
    assert token.last_used_at == start
    with time_machine.travel(start + datetime.timedelta(seconds=30), tick=False):
        authenticate_token(secret)
    token.refresh_from_db()
    assert token.last_used_at == start
    later = start + datetime.timedelta(seconds=61)
    with time_machine.travel(later, tick=False):
        authenticate_token(secret)
    token.refresh_from_db()
    assert token.last_used_at == later


def test_nobody_revokes_another_persons_token(staff):
    token, secret = create_token(actor=staff, name="Fachverfahren")

    with pytest.raises(NotPermitted):
        revoke_token(actor=StaffFactory(), token=token)
    assert authenticate_token(secret) == staff


# --- the staff pages ------------------------------------------------------------------------


def test_the_create_page_shows_the_secret_once(staff, staff_client):
    form = staff_client.get(reverse("staff:api_token_create"))
    assert form.status_code == 200

    created = staff_client.post(
        reverse("staff:api_token_create"),
        {"name": "Fachverfahren Ordnungsamt", "expires_on_0": "", "expires_on_1": ""},
    )

    assert created.status_code == 200
    token = ApiToken.objects.get(user=staff)
    page = created.content.decode()
    secret = re.search(r'class="rh-secret"[^>]*>([^<]+)<', page).group(1)
    assert secret.startswith(token.prefix)
    assert authenticate_token(secret) == staff
    assert "shown only this once" in page
    assert "no-store" in created["Cache-Control"]

    listing = staff_client.get(reverse("staff:api_tokens")).content.decode()
    assert "Fachverfahren Ordnungsamt" in listing
    assert f"{token.prefix}…" in listing
    assert secret not in listing


def test_a_name_is_required_and_the_expiry_may_not_be_past(staff, staff_client):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)

    response = staff_client.post(
        reverse("staff:api_token_create"),
        {
            "name": "",
            "expires_on_0": yesterday.day,
            "expires_on_1": yesterday.month,
            "expires_on_2": yesterday.year,
        },
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "Say what the token is for." in page
    assert "The expiry date cannot be in the past." in page
    assert not ApiToken.objects.exists()


def test_a_token_with_an_expiry_date(staff, staff_client):
    last_day = timezone.localdate() + datetime.timedelta(days=30)

    staff_client.post(
        reverse("staff:api_token_create"),
        {
            "name": "Test",
            "expires_on_0": last_day.day,
            "expires_on_1": last_day.month,
            "expires_on_2": last_day.year,
        },
    )

    token = ApiToken.objects.get(user=staff)
    assert timezone.localtime(token.expires_at).date() == last_day


def test_revoking_a_token_from_the_list(staff, staff_client):
    token, secret = create_token(actor=staff, name="Fachverfahren")

    response = staff_client.post(reverse("staff:api_token_revoke", args=[token.pk]))

    assert response.status_code == 302
    assert response["Location"] == reverse("staff:api_tokens")
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert authenticate_token(secret) is None
    listing = staff_client.get(reverse("staff:api_tokens")).content.decode()
    assert "revoked" in listing


def test_another_persons_token_cannot_be_revoked(staff_client):
    colleague = StaffFactory()
    token, secret = create_token(actor=colleague, name="Gehört Karl")

    response = staff_client.post(reverse("staff:api_token_revoke", args=[token.pk]))

    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    assert authenticate_token(secret) == colleague
    assert "Gehört Karl" not in staff_client.get(reverse("staff:api_tokens")).content.decode()


def test_citizens_do_not_reach_the_token_pages(client):
    client.force_login(UserFactory())

    assert client.get(reverse("staff:api_tokens")).status_code == 404
    assert client.post(reverse("staff:api_token_create"), {"name": "x"}).status_code == 404
    assert not ApiToken.objects.exists()
