"""The provider role exists only in the IT provider's own tenant."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from rathaus.core.accounts.models import RoleAssignment
from rathaus.core.accounts.roles import Role
from rathaus.core.staff.forms import RoleAssignmentForm
from rathaus.core.tenancy import for_town

from .conftest import PROVIDER_HOST, sign_in_verified, staff_with_role


def test_ordinary_towns_administrator_is_not_offered_the_provider_role(town, client):
    administrator = staff_with_role(town, Role.ADMINISTRATOR)
    colleague = staff_with_role(town)
    sign_in_verified(client, administrator, town)
    page = client.get(f"/staff/personen/{colleague.pk}/").content.decode()
    assert 'value="administrator"' in page
    assert 'value="provider_admin"' not in page
    response = client.post(f"/staff/personen/{colleague.pk}/rollen/", {"role": "provider_admin"})
    assert response.status_code == 200
    assert not RoleAssignment.objects.filter(user=colleague, role=Role.PROVIDER_ADMINISTRATOR)


def test_assignment_of_the_provider_role_in_an_ordinary_town_is_refused(town):
    colleague = staff_with_role(town)
    assignment = RoleAssignment(user=colleague, role=Role.PROVIDER_ADMINISTRATOR)
    with pytest.raises(ValidationError) as refused:
        assignment.full_clean(validate_constraints=False)
    assert "role" in refused.value.error_dict


def test_provider_tenants_administrator_can_give_colleagues_the_provider_role(provider_town):
    administrator = staff_with_role(provider_town, Role.ADMINISTRATOR)
    colleague = staff_with_role(provider_town)
    with for_town(provider_town):
        assert (Role.PROVIDER_ADMINISTRATOR.value, Role.PROVIDER_ADMINISTRATOR.label) in (
            RoleAssignmentForm().fields["role"].choices
        )
    client = Client(HTTP_HOST=PROVIDER_HOST)
    sign_in_verified(client, administrator, provider_town)
    client.post(f"/staff/personen/{colleague.pk}/rollen/", {"role": "provider_admin"})
    with for_town(provider_town):
        assert RoleAssignment.objects.filter(user=colleague, role=Role.PROVIDER_ADMINISTRATOR)
    assert client.get("/anbieter/").status_code == 404  # the administrator has no such role
    sign_in_verified(client, colleague, provider_town)
    assert client.get("/anbieter/").status_code == 200
