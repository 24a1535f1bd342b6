"""Staff pages for Open311 clients (``/open311/zugaenge/``): who may see them, approving a
client (its key shown once, stored only as a hash), revoking, the audit trail, and
isolation between towns."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from rathaus.core.accounts.roles import Role
from rathaus.core.accounts.tests.factories import RoleAssignmentFactory, StaffFactory, UnitFactory
from rathaus.core.audit.models import AuditEntry
from rathaus.core.tenancy import for_town
from rathaus.core.tests.test_town_isolation import sign_in

from ..models import DefectReport, Open311Client
from ..open311.clients import hash_key
from .conftest import sign_in_verified
from .factories_open311 import INSIDE, ClientFactory

LIST = "/open311/zugaenge/"
NEW = "/open311/zugaenge/neu/"


@pytest.fixture
def unit_lead():
    user = StaffFactory(given_name="Ulla", family_name="Leitung")
    RoleAssignmentFactory(user=user, role=Role.UNIT_LEAD, unit=UnitFactory())
    return user


def test_urls_are_where_the_documentation_says():
    assert reverse("open311:clients") == LIST
    assert reverse("open311:client_approve") == NEW


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(LIST)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_staff_without_a_second_factor_are_sent_to_verify(client, administrator):
    sign_in(client, administrator)
    response = client.get(LIST)
    assert response.status_code == 302
    assert "/otp/" in response["Location"] or "zwei" in response["Location"].lower()


def test_a_clerk_or_a_citizen_gets_404_and_it_is_recorded(client, clerk, citizen):
    sign_in_verified(client, clerk)
    assert client.get(LIST).status_code == 404
    assert client.post(NEW, {"name": "X", "contact_email": "x@example.org"}).status_code == 404
    assert AuditEntry.objects.filter(action=AuditEntry.Action.PERMISSION_DENIED).exists()
    assert not Open311Client.objects.exists()
    other = Client()
    other.force_login(citizen)
    assert other.get(LIST).status_code == 404


@pytest.mark.parametrize("who", ["administrator", "unit_lead"])
def test_administrators_and_unit_leads_approve_a_client(client, request, who):
    user = request.getfixturevalue(who)
    sign_in_verified(client, user)
    assert client.get(LIST).status_code == 200
    form = client.get(NEW)
    assert form.status_code == 200
    response = client.post(NEW, {"name": "Kreis-App", "contact_email": "app@kreis.example"})
    assert response.status_code == 200
    page = response.content.decode()
    key = re.search(r'<code class="rh-secret" translate="no">([^<]+)</code>', page).group(1)
    stored = Open311Client.objects.get()
    assert stored.name == "Kreis-App" and stored.approved_by == user
    # Only the hash is kept: the key appears nowhere in the row.
    assert stored.key_hash == hash_key(key) and key not in str(vars(stored))
    assert stored.key_prefix == key[:8]
    entry = AuditEntry.objects.get(action=AuditEntry.Action.CREATE, object_id=str(stored.pk))
    assert entry.actor_id == str(user.pk) and key not in str(entry.changes)
    # The list never shows the key again, only its beginning.
    listing = client.get(LIST).content.decode()
    assert "Kreis-App" in listing and key not in listing and key[:8] in listing
    # And the key works.
    response = Client().post(
        "/open311/v2/requests.json",
        {"api_key": key, "service_code": "none", "lat": INSIDE[0], "long": INSIDE[1]},
    )
    assert response.status_code == 404  # the key was accepted; the service_code is unknown


def test_form_errors_keep_the_values(admin_client):
    response = admin_client.post(NEW, {"name": "Kreis-App", "contact_email": "kein-mail"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "valid contact e-mail" in page and 'value="Kreis-App"' in page
    response = admin_client.post(NEW, {"name": "", "contact_email": "app@example.org"})
    assert "name of the application" in response.content.decode()
    assert not Open311Client.objects.exists()


def test_revoking_stops_the_key_and_is_audited(admin_client, administrator, defect_settings):
    app = ClientFactory()
    response = admin_client.post(f"/open311/zugaenge/{app.pk}/widerrufen/")
    assert response.status_code == 302
    app.refresh_from_db()
    assert app.revoked_at is not None
    assert AuditEntry.objects.filter(
        action=AuditEntry.Action.UPDATE, object_id=str(app.pk), actor_id=str(administrator.pk)
    ).exists()
    page = admin_client.get(LIST).content.decode()
    assert page.count(f"The key of “{app.name}” was revoked.") == 1
    revoked_at = app.revoked_at
    admin_client.post(f"/open311/zugaenge/{app.pk}/widerrufen/")  # twice changes nothing
    app.refresh_from_db()
    assert app.revoked_at == revoked_at
    assert AuditEntry.objects.filter(object_id=str(app.pk)).count() == 1
    response = Client().post("/open311/v2/requests.xml", {"api_key": app.key})
    assert response.status_code == 403
    assert not DefectReport.objects.exists()


def test_revoke_takes_only_post(admin_client):
    app = ClientFactory()
    assert admin_client.get(f"/open311/zugaenge/{app.pk}/widerrufen/").status_code == 405


def test_german_pages(admin_client, settings):
    settings.LANGUAGE_CODE = "de"
    response = admin_client.get(LIST, HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 200


# --- towns ----------------------------------------------------------------------------------


def test_another_towns_clients_are_invisible(admin_client, other_town):
    with for_town(other_town):
        theirs = ClientFactory(name="Musterstadt-App")
    assert "Musterstadt-App" not in admin_client.get(LIST).content.decode()
    response = admin_client.post(f"/open311/zugaenge/{theirs.pk}/widerrufen/")
    assert response.status_code == 404
    with for_town(other_town):
        theirs.refresh_from_db()
        assert theirs.revoked_at is None


def test_staff_of_this_town_have_no_access_on_another_towns_host(administrator, other_town):
    with for_town(other_town):
        theirs = ClientFactory(name="Musterstadt-App")
    browser = Client(HTTP_HOST="musterstadt.localhost")
    sign_in(browser, administrator, verified=True)
    for response in (
        browser.get(LIST),
        browser.post(f"/open311/zugaenge/{theirs.pk}/widerrufen/"),
    ):
        assert response.status_code in (302, 404)
        assert "Musterstadt-App" not in response.content.decode()
    with for_town(other_town):
        theirs.refresh_from_db()
        assert theirs.revoked_at is None
