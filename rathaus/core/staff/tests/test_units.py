"""Units: administrators manage all, unit leads their subtree, clerks only see their own."""

from django.urls import reverse

from rathaus.core.accounts.models import RoleAssignment, Unit
from rathaus.core.accounts.roles import Role
from rathaus.core.accounts.tests.factories import RoleAssignmentFactory, StaffFactory
from rathaus.core.audit.models import AuditEntry

from .conftest import sign_in_verified


def staff_with(client, role, unit):
    user = RoleAssignmentFactory(role=role, unit=unit).user
    sign_in_verified(client, user)
    return user


def test_clerk_of_one_unit_gets_404_on_another_units_page_and_it_is_audited(client, units):
    clerk = staff_with(client, Role.CLERK, units["order"])
    assert client.get(reverse("staff:unit", args=[units["order"].pk])).status_code == 200
    response = client.get(reverse("staff:unit", args=[units["building"].pk]))
    assert response.status_code == 404
    entry = AuditEntry.objects.get(
        action=AuditEntry.Action.PERMISSION_DENIED, actor_id=str(clerk.pk)
    )
    assert entry.object_id == str(units["building"].pk)
    assert entry.object_type == "accounts.unit"


def test_clerk_sees_only_their_units_in_the_tree_and_cannot_change_them(client, units):
    staff_with(client, Role.CLERK, units["building"])
    page = client.get(reverse("staff:units")).content.decode()
    assert "Bauamt" in page and "Bauaufsicht" in page and "Ordnungsamt" not in page
    assert "New unit" not in page
    edit = reverse("staff:unit_edit", args=[units["building"].pk])
    assert client.get(edit).status_code == 404


def test_unit_lead_manages_a_sub_unit(client, units):
    staff_with(client, Role.UNIT_LEAD, units["building"])
    section = units["section"]
    response = client.post(
        reverse("staff:unit_edit", args=[section.pk]),
        {
            "name": "Bauaufsicht und Bauleitplanung",
            "short_name": "",
            "code": "60.1",
            "kind": "section",
            "parent": units["building"].pk,
            "email": "",
        },
    )
    assert response["Location"] == reverse("staff:unit", args=[section.pk])
    section.refresh_from_db()
    assert section.name == "Bauaufsicht und Bauleitplanung"
    history = client.get(reverse("staff:unit_history", args=[section.pk])).content.decode()
    assert "unit changed" in history and "name" in history

    clerk = StaffFactory(given_name="Clara", family_name="Clerk")
    response = client.post(
        reverse("staff:unit_member_add", args=[section.pk]),
        {"user": clerk.pk, "role": Role.CLERK},
    )
    assert response.status_code == 302
    assert RoleAssignment.objects.filter(user=clerk, role=Role.CLERK, unit=section).exists()
    assert "Clara Clerk" in client.get(reverse("staff:unit", args=[section.pk])).content.decode()


def test_unit_lead_cannot_touch_a_unit_outside_their_own(client, units):
    staff_with(client, Role.UNIT_LEAD, units["building"])
    order = units["order"]
    assert client.get(reverse("staff:unit_edit", args=[order.pk])).status_code == 404
    assert client.post(reverse("staff:unit_retire", args=[order.pk])).status_code == 404
    order.refresh_from_db()
    assert order.is_active


def test_unit_lead_creates_units_only_below_their_own(client, units):
    staff_with(client, Role.UNIT_LEAD, units["building"])
    data = {"name": "Tiefbau", "code": "60.2", "kind": "section", "short_name": "", "email": ""}
    response = client.post(reverse("staff:unit_create"), {**data, "parent": ""})
    assert response.status_code == 200  # a parent is required for unit leads
    assert not Unit.objects.filter(code="60.2").exists()
    response = client.post(reverse("staff:unit_create"), {**data, "parent": units["order"].pk})
    assert response.status_code == 200  # not a unit they manage: not a valid choice
    response = client.post(reverse("staff:unit_create"), {**data, "parent": units["building"].pk})
    assert response.status_code == 302
    assert Unit.objects.get(code="60.2").parent == units["building"]


def test_unit_lead_may_only_give_the_clerk_role(client, units):
    staff_with(client, Role.UNIT_LEAD, units["building"])
    other = StaffFactory()
    response = client.post(
        reverse("staff:unit_member_add", args=[units["building"].pk]),
        {"user": other.pk, "role": Role.UNIT_LEAD},
    )
    assert response.status_code == 200
    assert not RoleAssignment.objects.filter(user=other).exists()


def test_admin_sees_the_whole_tree_and_creates_top_level_units(admin_client, units):
    page = admin_client.get(reverse("staff:units")).content.decode()
    assert "Bauamt" in page and "Ordnungsamt" in page and "Bauaufsicht" in page
    response = admin_client.post(
        reverse("staff:unit_create"),
        {"name": "Fachbereich 1", "code": "1", "kind": "department", "parent": ""},
    )
    assert response.status_code == 302
    assert Unit.objects.get(code="1").parent is None


def test_a_unit_code_is_unique(admin_client, units):
    response = admin_client.post(
        reverse("staff:unit_create"), {"name": "Doppelt", "code": "60", "kind": "office"}
    )
    assert response.status_code == 200
    assert Unit.objects.filter(code="60").count() == 1


def test_a_unit_cannot_be_placed_below_itself(admin_client, units):
    building = units["building"]
    response = admin_client.post(
        reverse("staff:unit_edit", args=[building.pk]),
        {"name": "Bauamt", "code": "60", "kind": "office", "parent": units["section"].pk},
    )
    assert response.status_code == 200
    assert "below itself" in response.content.decode()
    building.refresh_from_db()
    assert building.parent is None


def test_retiring_needs_the_units_below_retired_first(admin_client, units):
    building, section = units["building"], units["section"]
    response = admin_client.post(reverse("staff:unit_retire", args=[building.pk]), follow=True)
    assert "Retire the units below this one first" in response.content.decode()
    admin_client.post(reverse("staff:unit_retire", args=[section.pk]))
    admin_client.post(reverse("staff:unit_retire", args=[building.pk]))
    building.refresh_from_db()
    section.refresh_from_db()
    assert not building.is_active and not section.is_active
    admin_client.post(reverse("staff:unit_reactivate", args=[building.pk]))
    building.refresh_from_db()
    assert building.is_active
