"""Staff handle a petition: queue with filters, examine, forward with a note, answer with
reasons (the submitter is told), close; every write audited; nobody else sees it."""

import uuid

import pytest
from django.test import Client

from rathaus.core.accounts.roles import Role
from rathaus.core.accounts.tests.factories import (
    RoleAssignmentFactory,
    StaffFactory,
    UnitFactory,
    UserFactory,
)
from rathaus.core.audit.models import AuditEntry
from rathaus.core.notifications.models import Message
from rathaus.core.staff.tests.conftest import sign_in_verified

from ..models import Petition
from ..services.submission import submit_petition
from .factories import AddresseeFactory, PetitionFactory


@pytest.fixture
def petition(citizen, order_addressee):
    return submit_petition(
        submitter=citizen,
        addressee=order_addressee,
        kind="complaint",
        subject="Lärm am Marktplatz",
        text="Nachts ist es am Marktplatz sehr laut.",
        consent=True,
        idempotency_key=uuid.uuid4(),
    )


def staff_page(client, petition, suffix=""):
    return client.get(f"/staff/eingaben/{petition.pk}/{suffix}")


def test_the_queue_lists_the_units_petitions_with_filters(clerk_client, petition, council):
    other = PetitionFactory(addressee=council, subject="Andere Eingabe")
    page = clerk_client.get("/staff/eingaben/").content.decode()
    assert petition.reference in page
    assert other.reference not in page  # another unit's petition
    answered = clerk_client.get("/staff/eingaben/?status=answered").content.decode()
    assert petition.reference not in answered
    by_addressee = clerk_client.get(
        f"/staff/eingaben/?adressat={petition.addressee_id}"
    ).content.decode()
    assert petition.reference in by_addressee
    nonsense = clerk_client.get("/staff/eingaben/?adressat=xyz").content.decode()
    assert petition.reference not in nonsense


def test_the_queue_needs_a_constant_number_of_queries(
    clerk_client, order_addressee, django_assert_max_num_queries
):
    for _ in range(3):
        PetitionFactory(addressee=order_addressee)
    clerk_client.get("/staff/eingaben/")
    with django_assert_max_num_queries(20) as few:
        clerk_client.get("/staff/eingaben/")
    for _ in range(10):
        PetitionFactory(addressee=order_addressee)
    with django_assert_max_num_queries(len(few.captured_queries)):
        clerk_client.get("/staff/eingaben/")


def test_the_answer_reaches_the_submitter(clerk_client, petition, citizen, outbox):
    page = staff_page(clerk_client, petition).content.decode()
    assert "Nachts ist es am Marktplatz sehr laut." in page
    response = clerk_client.post(
        f"/staff/eingaben/{petition.pk}/antworten/",
        {"answer": "Wir haben Kontrollen angeordnet.\n\nDie Gaststätte wurde verwarnt."},
    )
    assert response.status_code == 302
    petition.refresh_from_db()
    assert petition.status == "answered"
    assert petition.answered_at is not None
    assert petition.answer_letter is not None
    mail = outbox[-1]
    assert mail.to == [citizen.email]
    assert petition.reference in mail.subject
    assert mail.attachments[0][2] == "application/pdf"
    assert Message.objects.filter(recipient=citizen).count() == 2  # receipt and answer
    citizen_client = Client()
    citizen_client.force_login(citizen)
    detail = citizen_client.get(f"/eingaben/{petition.pk}/").content.decode()
    assert "Die Gaststätte wurde verwarnt." in detail
    assert "Answered" in detail
    letter = citizen_client.get(f"/eingaben/{petition.pk}/antwort.pdf")
    assert letter.status_code == 200
    assert b"".join(letter.streaming_content).startswith(b"%PDF")
    assert AuditEntry.objects.about(petition).filter(summary="petition answered").exists()


def test_an_empty_answer_is_refused_and_nothing_changes(clerk_client, petition):
    response = clerk_client.post(f"/staff/eingaben/{petition.pk}/antworten/", {"answer": " "})
    assert response.status_code == 400
    assert "Write the reasoned answer." in response.content.decode()
    petition.refresh_from_db()
    assert petition.status == "received"


def test_examine_and_close(clerk_client, petition, clerk):
    clerk_client.post(f"/staff/eingaben/{petition.pk}/in-pruefung/")
    petition.refresh_from_db()
    assert petition.status == "examination"
    response = clerk_client.post(f"/staff/eingaben/{petition.pk}/abschliessen/", follow=True)
    assert "This cannot be done in the petition" in response.content.decode()
    clerk_client.post(f"/staff/eingaben/{petition.pk}/antworten/", {"answer": "Erledigt."})
    clerk_client.post(f"/staff/eingaben/{petition.pk}/abschliessen/")
    petition.refresh_from_db()
    assert petition.status == "closed"
    assert petition.procedure.state == "done"
    kinds = list(petition.events.values_list("kind", flat=True))
    assert kinds == ["received", "filed", "examination", "answered", "closed"]
    summaries = set(AuditEntry.objects.about(petition).values_list("summary", flat=True))
    assert {"petition in examination", "petition answered", "petition closed"} <= summaries


def test_forward_to_another_addressee_with_a_note(
    clerk_client, petition, council, citizen, main_clerk, outbox
):
    response = clerk_client.post(
        f"/staff/eingaben/{petition.pk}/weiterleiten/",
        {"addressee": str(council.pk), "note": "Zuständig ist die Stadtverordnetenversammlung."},
    )
    # The clerk of the Ordnungsamt no longer handles it: back to the queue.
    assert response["Location"] == "/staff/eingaben/"
    petition.refresh_from_db()
    assert petition.addressee == council
    assert petition.unit == council.unit
    assert petition.status == "forwarded"
    assert petition.procedure.assigned_unit == council.unit  # handed over in the e-file
    assert staff_page(clerk_client, petition).status_code == 404
    other = Client()
    sign_in_verified(other, main_clerk)
    assert staff_page(other, petition).status_code == 200
    citizen_client = Client()
    citizen_client.force_login(citizen)
    detail = citizen_client.get(f"/eingaben/{petition.pk}/").content.decode()
    assert "Zuständig ist die Stadtverordnetenversammlung." in detail
    assert "Forwarded" in detail
    assert petition.reference in outbox[-1].subject
    assert AuditEntry.objects.about(petition).filter(summary="petition forwarded").exists()


def test_forwarding_needs_a_note_and_keeps_the_input(clerk_client, petition, council):
    response = clerk_client.post(
        f"/staff/eingaben/{petition.pk}/weiterleiten/", {"addressee": str(council.pk)}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Write a note why the petition is forwarded." in page
    assert f'value="{council.pk}" selected' in page


def test_only_the_submitter_sees_the_petition(petition, citizen):
    url = f"/eingaben/{petition.pk}/"
    owner = Client()
    owner.force_login(citizen)
    assert owner.get(url).status_code == 200
    stranger = Client()
    stranger.force_login(UserFactory())
    assert stranger.get(url).status_code == 404
    assert stranger.get(f"/eingaben/{petition.pk}/eingegangen/").status_code == 404
    assert Client().get(url).status_code in (302, 404)


def test_staff_of_another_unit_get_404_and_administrators_see_it(petition):
    outsider = StaffFactory()
    RoleAssignmentFactory(user=outsider, role=Role.UNIT_LEAD, unit=UnitFactory(code="60"))
    client = Client()
    sign_in_verified(client, outsider)
    assert staff_page(client, petition).status_code == 404
    assert (
        client.post(f"/staff/eingaben/{petition.pk}/antworten/", {"answer": "x"}).status_code == 404
    )
    admin = StaffFactory()
    RoleAssignmentFactory(user=admin, role=Role.ADMINISTRATOR, unit=None)
    client = Client()
    sign_in_verified(client, admin)
    assert staff_page(client, petition).status_code == 200
    moderator = StaffFactory()
    RoleAssignmentFactory(user=moderator, role=Role.MODERATOR, unit=None)
    client = Client()
    sign_in_verified(client, moderator)
    assert client.get("/staff/eingaben/").status_code == 404


def test_staff_pages_need_the_second_factor(clerk, petition):
    client = Client()
    client.force_login(clerk)
    response = staff_page(client, petition)
    assert response.status_code == 302
    assert "/zwei-faktor/" in response["Location"]


def test_administrators_manage_addressees(order_office, petitions_file, clerk_client):
    admin = StaffFactory()
    RoleAssignmentFactory(user=admin, role=Role.ADMINISTRATOR, unit=None)
    client = Client()
    sign_in_verified(client, admin)
    response = client.post(
        "/staff/eingaben/adressaten/neu/",
        {
            "name": "Haupt- und Finanzausschuss",
            "kind": "committee",
            "unit": str(order_office.pk),
            "record_file": str(petitions_file.pk),
            "position": "5",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    from ..models import Addressee

    addressee = Addressee.objects.get(name="Haupt- und Finanzausschuss")
    assert addressee.record_file == petitions_file
    assert AuditEntry.objects.about(addressee).filter(action="create").exists()
    again = client.post(
        "/staff/eingaben/adressaten/neu/",
        {
            "name": "haupt- und finanzausschuss",
            "kind": "committee",
            "unit": str(order_office.pk),
            "position": "1",
        },
    )
    assert "There is an addressee with this name already." in again.content.decode()
    client.post(
        f"/staff/eingaben/adressaten/{addressee.pk}/",
        {
            "name": "Haupt- und Finanzausschuss",
            "kind": "committee",
            "unit": str(order_office.pk),
            "position": "5",
        },
    )
    addressee.refresh_from_db()
    assert addressee.is_active is False and addressee.record_file is None
    assert clerk_client.get("/staff/eingaben/adressaten/").status_code == 404


def test_the_staff_tile_is_shown_to_clerks(clerk):
    from rathaus.core.registries import staff_area_registry

    area = staff_area_registry.get("petitions")
    assert area.is_visible(clerk)
    assert not area.is_visible(UserFactory())


def test_petition_factory_builds_a_consistent_petition():
    petition = PetitionFactory(addressee=AddresseeFactory())
    assert petition.unit == petition.addressee.unit
    assert Petition.objects.count() == 1
