"""Inboxes: accessibility feedback for administrators, deletion requests for the DPO."""

from django.urls import reverse

from rathaus.core.accounts.models import DeletionRequest
from rathaus.core.accounts.roles import Role
from rathaus.core.accounts.tests.factories import RoleAssignmentFactory, UserFactory
from rathaus.core.models import AccessibilityFeedback

from .conftest import sign_in_verified


def test_admin_reads_feedback_and_marks_it_handled(admin_client, town, administrator):
    feedback = AccessibilityFeedback.objects.create(
        town=town, message="Der Kontrast der Buttons ist zu gering.", page_url="/formulare/"
    )
    listing = admin_client.get(reverse("staff:feedback_list")).content.decode()
    assert "/formulare/" in listing
    detail = admin_client.get(reverse("staff:feedback", args=[feedback.pk])).content.decode()
    assert "Der Kontrast der Buttons ist zu gering." in detail
    admin_client.post(reverse("staff:feedback_handled", args=[feedback.pk]))
    feedback.refresh_from_db()
    assert feedback.handled_at is not None and feedback.handled_by == administrator
    assert "/formulare/" not in admin_client.get(reverse("staff:feedback_list")).content.decode()
    handled = admin_client.get(reverse("staff:feedback_list") + "?erledigt=1")
    assert "/formulare/" in handled.content.decode()


def test_data_protection_officer_completes_a_deletion_request(client):
    dpo = RoleAssignmentFactory(role=Role.DATA_PROTECTION_OFFICER, unit=None).user
    sign_in_verified(client, dpo)
    citizen = UserFactory(given_name="Lisa", family_name="Löschen")
    request = DeletionRequest.objects.create(user=citizen, reason="Ich ziehe weg.")
    assert "Lisa Löschen" in client.get(reverse("staff:deletion_requests")).content.decode()
    detail = client.get(reverse("staff:deletion_request", args=[request.pk])).content.decode()
    assert "Ich ziehe weg." in detail
    response = client.post(reverse("staff:deletion_request_complete", args=[request.pk]))
    assert response.status_code == 302
    request.refresh_from_db()
    citizen.refresh_from_db()
    assert request.state == DeletionRequest.State.COMPLETED
    assert not citizen.is_active and citizen.given_name == ""


def test_a_deletion_request_can_be_refused_with_a_reason(client):
    dpo = RoleAssignmentFactory(role=Role.DATA_PROTECTION_OFFICER, unit=None).user
    sign_in_verified(client, dpo)
    request = DeletionRequest.objects.create(user=UserFactory())
    url = reverse("staff:deletion_request_reject", args=[request.pk])
    response = client.post(url, {"note": ""})
    assert response.status_code == 200  # the reason is required
    client.post(url, {"note": "Offenes Verfahren: Aufbewahrungspflicht."})
    request.refresh_from_db()
    assert request.state == DeletionRequest.State.REJECTED


def test_clerks_see_neither_inbox(client, units):
    clerk = RoleAssignmentFactory(role=Role.CLERK, unit=units["order"]).user
    sign_in_verified(client, clerk)
    assert client.get(reverse("staff:feedback_list")).status_code == 404
    assert client.get(reverse("staff:deletion_requests")).status_code == 404
    request = DeletionRequest.objects.create(user=UserFactory())
    assert (
        client.post(reverse("staff:deletion_request_complete", args=[request.pk])).status_code
        == 404
    )
    request.refresh_from_db()
    assert request.state == DeletionRequest.State.OPEN


def test_the_home_page_shows_only_what_the_person_may_do(client, admin_client, units):
    admin_home = admin_client.get(reverse("staff:home")).content.decode()
    for title in ("People", "Organisational units", "Town settings", "Deletion requests"):
        assert title in admin_home
    clerk = RoleAssignmentFactory(role=Role.CLERK, unit=units["order"]).user
    client.logout()
    sign_in_verified(client, clerk)
    clerk_home = client.get(reverse("staff:home")).content.decode()
    assert "Organisational units" in clerk_home
    assert "Town settings" not in clerk_home and "People" not in clerk_home


def test_the_staff_area_speaks_german_by_default(admin_client, settings):
    settings.LANGUAGE_CODE = "de"
    page = admin_client.get(reverse("staff:home"), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Verwaltungsbereich" in page and "Stammdaten der Stadt" in page
