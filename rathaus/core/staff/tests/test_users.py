"""People: administrators invite staff, change, disable and enable accounts."""

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from rathaus.core.accounts.models import User, email_lookup_for
from rathaus.core.accounts.roles import Role
from rathaus.core.accounts.tests.factories import (
    RoleAssignmentFactory,
    StaffFactory,
    UserFactory,
)
from rathaus.core.audit.models import AuditEntry

from .conftest import links_in, sign_in_verified


def test_admin_creates_a_staff_account_and_the_invitation_link_works(
    admin_client, outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("staff:user_create"),
            {
                "given_name": "Nora",
                "family_name": "Neu",
                "email": "Nora.Neu@weiterstadt.example",
                "preferred_language": "en",
            },
        )
    user = User.objects.get(email_lookup=email_lookup_for("nora.neu@weiterstadt.example"))
    assert response["Location"] == reverse("staff:user", args=[user.pk])
    assert user.is_town_staff and not user.has_usable_password()
    assert AuditEntry.objects.filter(object_id=str(user.pk), action="create").exists()

    (message,) = outbox
    assert message.to == ["nora.neu@weiterstadt.example"]
    (link,) = links_in(message)

    invited = Client()
    response = invited.get(link)
    assert response.status_code == 302  # the token moves into the session
    form_url = response["Location"]
    assert "Choose your password" in invited.get(form_url).content.decode()
    response = invited.post(
        form_url,
        {"new_password1": "Kastanienallee-2031", "new_password2": "Kastanienallee-2031"},
    )
    assert response["Location"] == reverse("staff:invitation_done")
    user.refresh_from_db()
    assert user.check_password("Kastanienallee-2031")
    assert user.email_confirmed

    # Signing in works, and the staff area asks for the second factor next.
    response = invited.post(
        reverse("accounts:login"),
        {"username": "nora.neu@weiterstadt.example", "password": "Kastanienallee-2031"},
    )
    assert response.status_code == 302
    assert invited.get("/staff/")["Location"].startswith(reverse("otp:setup"))

    # The link works only once.
    response = Client().get(link, follow=True)
    assert "This link does not work any more" in response.content.decode()


def test_creating_an_account_for_a_known_address_is_refused(admin_client, outbox):
    UserFactory(email="taken@example.org")
    response = admin_client.post(
        reverse("staff:user_create"),
        {
            "given_name": "A",
            "family_name": "B",
            "email": "taken@example.org",
            "preferred_language": "de",
        },
    )
    assert response.status_code == 200
    assert "already exists" in response.content.decode()
    assert outbox == []


def test_disabling_a_user_ends_their_session(admin_client):
    clerk = StaffFactory()
    clerk_client = Client()
    sign_in_verified(clerk_client, clerk)
    assert clerk_client.get("/staff/").status_code == 200

    response = admin_client.post(reverse("staff:user_disable", args=[clerk.pk]))
    assert response.status_code == 302
    clerk.refresh_from_db()
    assert not clerk.is_active and clerk.deactivated_at is not None
    assert not any(s.get_decoded().get(SESSION_KEY) == str(clerk.pk) for s in Session.objects.all())
    response = clerk_client.get("/staff/")
    assert response["Location"].startswith(reverse("accounts:login"))

    admin_client.post(reverse("staff:user_enable", args=[clerk.pk]))
    clerk.refresh_from_db()
    assert clerk.is_active


def test_administrators_cannot_disable_themselves(admin_client, administrator):
    response = admin_client.post(
        reverse("staff:user_disable", args=[administrator.pk]), follow=True
    )
    assert "You cannot do this to your own account" in response.content.decode()
    administrator.refresh_from_db()
    assert administrator.is_active


def test_admin_changes_name_and_kind(admin_client):
    person = UserFactory(given_name="Karl", family_name="Klein")
    response = admin_client.post(
        reverse("staff:user_edit", args=[person.pk]),
        {"given_name": "Karla", "family_name": "Klein", "kind": "staff"},
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.given_name == "Karla" and person.is_town_staff
    entry = AuditEntry.objects.filter(object_id=str(person.pk), action="update").latest("sequence")
    assert "Karla" not in str(entry.changes)  # personal values stay out of the trail
    assert set(entry.changes) == {"given_name", "kind"}
    page = admin_client.get(reverse("staff:user", args=[person.pk])).content.decode()
    assert "account changed" in page  # the history shows on the person's page


def test_a_person_holding_roles_cannot_become_a_citizen_account(admin_client):
    clerk = RoleAssignmentFactory(role=Role.CLERK).user
    response = admin_client.post(
        reverse("staff:user_edit", args=[clerk.pk]),
        {"given_name": "X", "family_name": "Y", "kind": "citizen"},
    )
    assert "Remove this person" in response.content.decode()
    clerk.refresh_from_db()
    assert clerk.is_town_staff


def test_admin_resets_a_second_factor_and_the_person_signs_in_again(admin_client):
    clerk = StaffFactory()
    clerk_client = Client()
    sign_in_verified(clerk_client, clerk)
    admin_client.post(reverse("staff:user_reset_second_factor", args=[clerk.pk]))
    assert not TOTPDevice.objects.filter(user=clerk).exists()
    assert clerk_client.get("/staff/")["Location"].startswith(reverse("accounts:login"))
    assert AuditEntry.objects.filter(
        object_id=str(clerk.pk), summary="second factor reset"
    ).exists()


def test_people_pages_are_for_administrators_only_and_refusals_are_audited(client):
    clerk = RoleAssignmentFactory(role=Role.CLERK).user
    other = UserFactory()
    sign_in_verified(client, clerk)
    assert client.get(reverse("staff:users")).status_code == 404
    assert client.get(reverse("staff:user", args=[other.pk])).status_code == 404
    assert client.post(reverse("staff:user_disable", args=[other.pk])).status_code == 404
    denied = AuditEntry.objects.filter(
        action=AuditEntry.Action.PERMISSION_DENIED, actor_id=str(clerk.pk)
    )
    assert denied.count() == 3
    other.refresh_from_db()
    assert other.is_active


def test_the_list_filters_staff_and_citizens(admin_client):
    UserFactory(given_name="Bürgerin", family_name="Eins")
    StaffFactory(given_name="Kollege", family_name="Zwei")
    staff_page = admin_client.get(reverse("staff:users") + "?kind=staff").content.decode()
    assert "Kollege Zwei" in staff_page and "Bürgerin Eins" not in staff_page
    citizen_page = admin_client.get(reverse("staff:users") + "?kind=citizen").content.decode()
    assert "Bürgerin Eins" in citizen_page and "Kollege Zwei" not in citizen_page


def test_the_list_needs_the_same_queries_for_more_people(admin_client):
    RoleAssignmentFactory.create_batch(2)
    with CaptureQueriesContext(connection) as few:
        admin_client.get(reverse("staff:users"))
    RoleAssignmentFactory.create_batch(6)
    UserFactory.create_batch(4)
    with CaptureQueriesContext(connection) as more:
        admin_client.get(reverse("staff:users"))
    assert len(more) == len(few)
