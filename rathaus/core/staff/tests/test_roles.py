"""Role assignment: unit roles need a unit, town-wide roles none; administrators only."""

import pytest
from django.urls import reverse

from rathaus.core.accounts.models import RoleAssignment
from rathaus.core.accounts.roles import Role
from rathaus.core.accounts.tests.factories import RoleAssignmentFactory, StaffFactory, UserFactory
from rathaus.core.audit.models import AuditEntry

from .conftest import sign_in_verified


def assign(client, user, role, unit=None):
    return client.post(
        reverse("staff:user_role_add", args=[user.pk]),
        {"role": role, "unit": unit.pk if unit else ""},
    )


def test_a_clerk_role_needs_a_unit(admin_client, units):
    person = StaffFactory()
    response = assign(admin_client, person, Role.CLERK)
    assert response.status_code == 200
    assert "This role is held in a unit; choose the unit." in response.content.decode()
    assert not RoleAssignment.objects.filter(user=person).exists()

    response = assign(admin_client, person, Role.CLERK, units["building"])
    assert response.status_code == 302
    assert RoleAssignment.objects.filter(user=person, unit=units["building"]).exists()
    assert AuditEntry.objects.filter(object_id=str(person.pk), summary="role assigned: clerk in 60")


def test_a_town_wide_role_takes_no_unit(admin_client, units):
    person = StaffFactory()
    response = assign(admin_client, person, Role.ARCHIVIST, units["building"])
    assert "This role is town-wide; leave the unit empty." in response.content.decode()
    assert assign(admin_client, person, Role.ARCHIVIST).status_code == 302
    assert RoleAssignment.objects.get(user=person).unit is None


def test_the_same_role_cannot_be_given_twice(admin_client):
    person = StaffFactory()
    assign(admin_client, person, Role.DATA_PROTECTION_OFFICER)
    response = assign(admin_client, person, Role.DATA_PROTECTION_OFFICER)
    assert "already holds this role" in response.content.decode()
    assert RoleAssignment.objects.filter(user=person).count() == 1


def test_citizens_get_no_roles(admin_client):
    citizen = UserFactory()
    response = assign(admin_client, citizen, Role.ARCHIVIST)
    assert "only be given to staff accounts" in response.content.decode()
    assert not RoleAssignment.objects.filter(user=citizen).exists()


def test_removing_a_role(admin_client):
    assignment = RoleAssignmentFactory(role=Role.CLERK)
    response = admin_client.post(
        reverse("staff:role_remove", args=[assignment.pk]),
        {"next": reverse("staff:user", args=[assignment.user.pk])},
    )
    assert response["Location"] == reverse("staff:user", args=[assignment.user.pk])
    assert not RoleAssignment.objects.filter(pk=assignment.pk).exists()


def test_the_last_administrator_keeps_the_role(admin_client, administrator):
    assignment = RoleAssignment.objects.get(user=administrator)
    response = admin_client.post(reverse("staff:role_remove", args=[assignment.pk]), follow=True)
    assert "At least one active administrator must remain" in response.content.decode()
    assert RoleAssignment.objects.filter(pk=assignment.pk).exists()


@pytest.mark.parametrize("role", [Role.CLERK, Role.UNIT_LEAD])
def test_unit_staff_cannot_assign_roles_on_people_pages(client, units, role):
    user = RoleAssignmentFactory(role=role, unit=units["building"]).user
    sign_in_verified(client, user)
    response = assign(client, StaffFactory(), Role.ADMINISTRATOR)
    assert response.status_code == 404
    assert not RoleAssignment.objects.filter(role=Role.ADMINISTRATOR).exists()


def test_unit_lead_removes_a_clerk_but_not_another_lead(client, units):
    lead = RoleAssignmentFactory(role=Role.UNIT_LEAD, unit=units["building"]).user
    sign_in_verified(client, lead)
    clerk = RoleAssignmentFactory(role=Role.CLERK, unit=units["section"])
    other_lead = RoleAssignmentFactory(role=Role.UNIT_LEAD, unit=units["section"])
    assert client.post(reverse("staff:role_remove", args=[clerk.pk])).status_code == 302
    assert not RoleAssignment.objects.filter(pk=clerk.pk).exists()
    assert client.post(reverse("staff:role_remove", args=[other_lead.pk])).status_code == 404
    assert RoleAssignment.objects.filter(pk=other_lead.pk).exists()
