"""Creating towns, their host names, and suspending them, in the provider area."""

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from rathaus.core.accounts.models import RoleAssignment, User, email_lookup_for
from rathaus.core.accounts.roles import Role
from rathaus.core.accounts.tests.factories import StaffFactory, UserFactory
from rathaus.core.audit.models import AuditEntry
from rathaus.core.models import Town, TownHost
from rathaus.core.tenancy import for_town

from .conftest import PROVIDER_HOST, links_in

NEW_TOWN = {
    "name": "Neustadt",
    "official_name": "Stadt Neustadt",
    "ags": "06432099",
    "ars": "",
    "hostname": "Neustadt.localhost",
    "admin_email": "it@neustadt.example",
    "admin_given_name": "Nina",
    "admin_family_name": "Neu",
}


def create_neustadt(provider_client, **changes):
    return provider_client.post("/anbieter/neu/", {**NEW_TOWN, **changes})


def test_created_town_is_served_under_its_host_with_an_invited_administrator(
    provider_client, outbox
):
    response = create_neustadt(provider_client)
    new_town = Town.objects.get(name="Neustadt")
    assert response.status_code == 302
    assert response["Location"] == f"/anbieter/{new_town.pk}/"
    assert Town.objects.for_host("neustadt.localhost") == new_town
    assert Client(HTTP_HOST="neustadt.localhost").get("/").status_code == 200
    with for_town(new_town):
        admin = User.objects.get(email_lookup=email_lookup_for("it@neustadt.example"))
        assert admin.is_town_staff and not admin.has_usable_password()
        assert RoleAssignment.objects.filter(user=admin, role=Role.ADMINISTRATOR).exists()
    [message] = outbox
    assert message.to == ["it@neustadt.example"]
    assert "Neustadt" in message.subject
    [(host, path)] = [link for link in links_in(message) if "/einladung/" in link[1]]
    assert host == "neustadt.localhost"


def test_invited_administrator_chooses_the_password_on_the_new_host(provider_client, outbox):
    create_neustadt(provider_client)
    [(_host, path)] = [link for link in links_in(outbox[0]) if "/einladung/" in link[1]]
    # Another town's host does not know the account: no password form there.
    elsewhere = Client().get(path, follow=True)
    assert 'name="new_password1"' not in elsewhere.content.decode()
    town_client = Client(HTTP_HOST="neustadt.localhost")
    form_page = town_client.get(path, follow=True)
    assert 'name="new_password1"' in form_page.content.decode()
    set_password_url = form_page.redirect_chain[-1][0]
    done = town_client.post(
        set_password_url,
        {"new_password1": "Rathaus-Neustadt-2025!", "new_password2": "Rathaus-Neustadt-2025!"},
    )
    assert done.status_code == 302
    new_town = Town.objects.get(name="Neustadt")
    with for_town(new_town):
        admin = User.objects.get(email_lookup=email_lookup_for("it@neustadt.example"))
        assert admin.check_password("Rathaus-Neustadt-2025!")


def test_creating_a_town_is_audited_in_the_providers_chain_without_personal_data(
    provider_client, provider_town, provider_admin
):
    create_neustadt(provider_client)
    new_town = Town.objects.get(name="Neustadt")
    with for_town(provider_town):
        entry = AuditEntry.objects.filter(object_type="core.town").last()
    assert entry.object_id == str(new_town.pk)
    assert entry.changes["town_id"] == str(new_town.pk)
    assert entry.actor_id == str(provider_admin.pk)
    assert "it@neustadt.example" not in str(entry.changes)
    with for_town(new_town):
        assert AuditEntry.objects.filter(summary__contains="IT provider").exists()


def test_host_name_in_use_or_malformed_is_refused_with_the_form_kept(provider_client):
    taken = create_neustadt(provider_client, hostname="testserver")
    assert taken.status_code == 200
    assert "already used by a town" in taken.content.decode()
    assert 'value="it@neustadt.example"' in taken.content.decode()
    malformed = create_neustadt(provider_client, hostname="https://neustadt.example/")
    assert "Enter a host name" in malformed.content.decode()
    assert not Town.objects.filter(name="Neustadt").exists()


def test_host_names_are_added_made_primary_and_removed(provider_client, other_town):
    detail = f"/anbieter/{other_town.pk}/"
    assert provider_client.get(detail).status_code == 200
    provider_client.post(f"{detail}adressen/", {"hostname": "service.musterstadt.localhost"})
    assert Town.objects.for_host("service.musterstadt.localhost") == other_town
    assert Client(HTTP_HOST="service.musterstadt.localhost").get("/").status_code == 200

    new_host = TownHost.objects.get(hostname="service.musterstadt.localhost")
    provider_client.post(f"{detail}adressen/{new_host.pk}/hauptadresse/")
    assert other_town.primary_host == "service.musterstadt.localhost"

    old_host = TownHost.objects.get(hostname="musterstadt.localhost")
    provider_client.post(f"{detail}adressen/{old_host.pk}/entfernen/")
    assert Client(HTTP_HOST="musterstadt.localhost").get("/").status_code == 404
    # The last host name stays.
    response = provider_client.post(f"{detail}adressen/{new_host.pk}/entfernen/", follow=True)
    assert "at least one host name" in response.content.decode()
    assert Town.objects.for_host("service.musterstadt.localhost") == other_town


def test_host_name_of_another_town_cannot_be_added(provider_client, other_town):
    response = provider_client.post(
        f"/anbieter/{other_town.pk}/adressen/", {"hostname": "localhost"}
    )
    assert response.status_code == 200
    assert "already used by a town" in response.content.decode()
    assert Town.objects.for_host("localhost").name == "Weiterstadt"


def test_provider_administrator_cannot_remove_the_host_they_are_using(
    provider_client, provider_town
):
    TownHost.objects.create(town=provider_town, hostname="reserve.localhost")
    current = TownHost.objects.get(hostname=PROVIDER_HOST)
    response = provider_client.post(
        f"/anbieter/{provider_town.pk}/adressen/{current.pk}/entfernen/", follow=True
    )
    assert "You are using this host name right now" in response.content.decode()
    assert TownHost.objects.filter(hostname=PROVIDER_HOST).exists()


def test_suspended_town_answers_503_until_it_is_resumed(provider_client, other_town):
    town_client = Client(HTTP_HOST="musterstadt.localhost")
    provider_client.post(f"/anbieter/{other_town.pk}/sperren/")
    assert town_client.get("/").status_code == 503
    page = provider_client.get(f"/anbieter/{other_town.pk}/").content.decode()
    assert "This town is suspended" in page
    provider_client.post(f"/anbieter/{other_town.pk}/entsperren/")
    assert town_client.get("/").status_code == 200


def test_providers_own_tenant_cannot_be_suspended(provider_client, provider_town):
    page = provider_client.get(f"/anbieter/{provider_town.pk}/").content.decode()
    assert "IT provider's own tenant" in page
    assert "Suspend town" not in page and "Delete town" not in page
    response = provider_client.post(f"/anbieter/{provider_town.pk}/sperren/", follow=True)
    assert "cannot be suspended or deleted" in response.content.decode()
    provider_town.refresh_from_db()
    assert provider_town.is_active


def test_another_administrator_is_invited_and_a_lost_invitation_resent(
    provider_client, other_town, outbox
):
    url = f"/anbieter/{other_town.pk}/administration/"
    provider_client.post(url, {"email": "chef@musterstadt.example"})
    provider_client.post(url, {"email": "chef@musterstadt.example"})
    assert [m.to for m in outbox] == [["chef@musterstadt.example"]] * 2
    assert all(host == "musterstadt.localhost" for m in outbox for host, _ in links_in(m))
    with for_town(other_town):
        assert User.objects.filter(email_lookup=email_lookup_for("chef@musterstadt.example"))
        UserFactory(email="buerger@musterstadt.example")
    refused = provider_client.post(url, {"email": "buerger@musterstadt.example"})
    assert "already exists in this town" in refused.content.decode()


def test_town_list_shows_account_counts_in_constant_queries(
    provider_client, provider_town, other_town
):
    with for_town(other_town):
        StaffFactory()
        UserFactory()
        UserFactory()
    provider_client.get("/anbieter/")
    with CaptureQueriesContext(connection) as few:
        page = provider_client.get("/anbieter/").content.decode()
    for number in range(3):
        Town.objects.create(name=f"Dorf {number}")
    with CaptureQueriesContext(connection) as more:
        provider_client.get("/anbieter/")
    assert len(more) == len(few)
    row = page.split("Musterstadt", 1)[1].split("</tr>", 1)[0]
    assert ">1</td>" in row and ">2</td>" in row


def test_host_name_the_installation_does_not_accept_yet_is_pointed_out(provider_client, other_town):
    provider_client.post(f"/anbieter/{other_town.pk}/adressen/", {"hostname": "rathaus.muster.de"})
    page = provider_client.get(f"/anbieter/{other_town.pk}/").content.decode()
    row = page.split("rathaus.muster.de", 1)[1].split("</tr>", 1)[0]
    assert "RATHAUS_ALLOWED_HOSTS" in row
    assert (
        "RATHAUS_ALLOWED_HOSTS" not in page.split("musterstadt.localhost", 1)[1].split("</tr>")[0]
    )
