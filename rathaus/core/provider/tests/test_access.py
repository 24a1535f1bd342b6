"""The provider area is there only for provider administrators, on the provider's host."""

from django.test import Client
from django.urls import reverse

from rathaus.core.accounts.roles import Role
from rathaus.core.audit.models import AuditEntry
from rathaus.core.tenancy import for_town

from .conftest import PROVIDER_HOST, sign_in_verified, staff_with_role


def test_provider_administrator_with_second_factor_sees_every_town(provider_client):
    response = provider_client.get("/anbieter/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Provider area" in page
    assert "Weiterstadt" in page and "Kommunale IT" in page
    assert "testserver" in page and PROVIDER_HOST in page


def test_signed_out_visitor_on_the_provider_host_is_sent_to_sign_in(provider_town):
    response = Client(HTTP_HOST=PROVIDER_HOST).get("/anbieter/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_provider_administrator_without_second_factor_in_this_session_must_verify(
    provider_town, provider_admin
):
    client = Client(HTTP_HOST=PROVIDER_HOST)
    with for_town(provider_town):
        client.force_login(provider_admin)
    response = client.get("/anbieter/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("otp:setup"))


def test_clerk_of_the_provider_tenant_gets_404_and_it_is_audited(provider_town):
    clerk = staff_with_role(provider_town, Role.ADMINISTRATOR)
    client = Client(HTTP_HOST=PROVIDER_HOST)
    sign_in_verified(client, clerk, provider_town)
    assert client.get("/anbieter/").status_code == 404
    assert client.get("/anbieter/neu/").status_code == 404
    with for_town(provider_town):
        denied = AuditEntry.objects.filter(
            action=AuditEntry.Action.PERMISSION_DENIED, actor_id=str(clerk.pk)
        )
        assert denied.count() == 2


def test_provider_area_is_404_on_an_ordinary_towns_host_even_with_the_role(
    town, provider_town, client
):
    # Even an assignment that slipped past the checks does not open the area elsewhere.
    administrator = staff_with_role(town, Role.PROVIDER_ADMINISTRATOR)
    sign_in_verified(client, administrator, town)
    assert client.get("/anbieter/").status_code == 404
    assert client.get(f"/anbieter/{provider_town.pk}/").status_code == 404


def test_single_town_installation_has_no_provider_area(town, client):
    administrator = staff_with_role(town, Role.ADMINISTRATOR)
    sign_in_verified(client, administrator, town)
    assert client.get("/anbieter/").status_code == 404


def test_provider_administrator_cannot_change_towns_from_another_host(
    town, provider_town, provider_admin, other_town
):
    # The provider's session is unknown on a town's host: signed out there.
    client = Client(HTTP_HOST="musterstadt.localhost")
    sign_in_verified(client, provider_admin, provider_town)
    response = client.post(f"/anbieter/{other_town.pk}/sperren/")
    assert response.status_code == 404
    other_town.refresh_from_db()
    assert other_town.is_active


def test_signed_out_visitor_on_an_ordinary_towns_host_gets_404_not_a_sign_in(client):
    response = client.get("/anbieter/")
    assert response.status_code == 404
