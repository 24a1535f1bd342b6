"""Procedures: numbering, notes, done/reopen, moving, handing over, 404, query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from rathaus.core.audit.models import AuditEntry
from rathaus.core.notifications.models import Message
from rathaus.core.staff.tests.conftest import sign_in_verified
from rathaus.records.models import Procedure
from rathaus.records.services import procedures as procedure_services

from .factories import DocumentFactory, RecordFileFactory, add_version
from .factories_a import file_with_procedures


@pytest.fixture
def file(units, plan_entry):
    return RecordFileFactory(unit=units["building"], plan_entry=plan_entry)


def test_procedures_are_numbered_per_file(clerk_client, file, units, plan_entry):
    url = reverse("records:procedure_create", args=[file.pk])
    response = clerk_client.post(url, {"title": "Antrag A"}, follow=True)
    assert "The procedure was created." in response.content.decode()
    clerk_client.post(url, {"title": "Antrag B"})
    other = RecordFileFactory(unit=units["building"], plan_entry=plan_entry)
    clerk_client.post(reverse("records:procedure_create", args=[other.pk]), {"title": "C"})

    assert list(file.procedures.values_list("number", "title")) == [
        (1, "Antrag A"),
        (2, "Antrag B"),
    ]
    assert other.procedures.get().number == 1
    procedure = file.procedures.get(number=2)
    assert procedure.reference == f"{file.reference}-2"
    assert procedure.assigned_unit == units["building"]


def test_a_refused_procedure_keeps_what_was_typed(clerk_client, file):
    title = "Bauantrag Lindenweg " + "x" * 300
    response = clerk_client.post(
        reverse("records:procedure_create", args=[file.pk]), {"title": title}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert f'value="{title}"' in body
    assert "rh-error-summary" in body
    assert not file.procedures.exists()


def test_no_procedure_in_closed_file(clerk, file):
    file.state = "closed"
    file.save()
    with pytest.raises(procedure_services.FileClosed):
        procedure_services.create_procedure(actor=clerk, file=file, data={"title": "x"})


def test_detail_shows_notes_documents_and_routes(clerk_client, clerk, file):
    procedure = procedure_services.create_procedure(
        actor=clerk, file=file, data={"title": "Antrag"}
    )
    DocumentFactory(procedure=procedure, title="Lageplan")
    url = reverse("records:procedure_detail", args=[procedure.pk])

    response = clerk_client.post(
        reverse("records:procedure_note_add", args=[procedure.pk]),
        {"text": "Rückruf vereinbart."},
        follow=True,
    )

    page = response.content.decode()
    assert "The note was added." in page
    assert "Rückruf vereinbart." in page
    assert "Lageplan" in page
    names = [t.name for t in clerk_client.get(url).templates]
    assert "records/documents/_list.html" in names and "records/routes/_list.html" in names
    assert AuditEntry.objects.filter(object_id=str(procedure.pk), summary="note added").exists()
    history = clerk_client.get(reverse("records:procedure_history", args=[procedure.pk]))
    assert "note added" in history.content.decode()


def test_no_notes_in_closed_file(clerk_client, clerk, file):
    procedure = Procedure.objects.create(
        file=file, number=1, title="A", assigned_unit=file.unit, state="done"
    )
    file.state = "closed"
    file.save()
    page = clerk_client.get(reverse("records:procedure_detail", args=[procedure.pk]))
    assert reverse("records:procedure_note_add", args=[procedure.pk]) not in page.content.decode()
    with pytest.raises(procedure_services.FileClosed):
        procedure_services.add_note(actor=clerk, procedure=procedure, text="x")


def test_empty_note_is_refused(clerk_client, file):
    procedure = Procedure.objects.create(file=file, number=1, title="A", assigned_unit=file.unit)
    response = clerk_client.post(
        reverse("records:procedure_note_add", args=[procedure.pk]), {"text": ""}
    )
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not procedure.notes.exists()


def test_mark_done_and_reopen(clerk_client, file):
    procedure = Procedure.objects.create(file=file, number=1, title="A", assigned_unit=file.unit)
    response = clerk_client.post(
        reverse("records:procedure_done", args=[procedure.pk]), follow=True
    )
    assert "The procedure is marked as done." in response.content.decode()
    procedure.refresh_from_db()
    assert procedure.state == "done"
    clerk_client.post(reverse("records:procedure_reopen", args=[procedure.pk]))
    procedure.refresh_from_db()
    assert procedure.state == "open"


def test_move_to_another_file_reassigns_number_and_audits_both(
    clerk_client, units, plan_entry, file
):
    procedure = Procedure.objects.create(file=file, number=1, title="A", assigned_unit=file.unit)
    target, _ = file_with_procedures(unit=units["section"], plan_entry=plan_entry, procedures=3)
    closed = RecordFileFactory(unit=units["building"], plan_entry=plan_entry, state="closed")
    foreign = RecordFileFactory(unit=units["order"], plan_entry=plan_entry)
    url = reverse("records:procedure_move", args=[procedure.pk])

    form = clerk_client.get(url).context["form"]
    offered = set(form.fields["target"].queryset)
    assert target in offered and closed not in offered and foreign not in offered
    assert file not in offered

    response = clerk_client.post(url, {"target": foreign.pk})
    assert response.status_code == 200  # not a choice: the form refuses it
    response = clerk_client.post(url, {"target": target.pk}, follow=True)
    assert "The procedure was moved." in response.content.decode()
    procedure.refresh_from_db()
    assert procedure.file == target and procedure.number == 4
    for moved_file in (file, target):
        assert AuditEntry.objects.filter(
            object_id=str(moved_file.pk), summary__startswith="procedure moved"
        ).exists()


def test_move_refused_into_closed_file(clerk, units, plan_entry, file):
    procedure = Procedure.objects.create(file=file, number=1, title="A", assigned_unit=file.unit)
    closed = RecordFileFactory(unit=units["building"], plan_entry=plan_entry, state="closed")
    with pytest.raises(procedure_services.FileClosed, match="target file is closed"):
        procedure_services.move_procedure(actor=clerk, procedure=procedure, target=closed)


def test_hand_over_to_clerk_of_another_unit_notifies(clerk_client, other_clerk, units, file):
    procedure = Procedure.objects.create(file=file, number=1, title="A", assigned_unit=file.unit)
    url = reverse("records:procedure_handover", args=[procedure.pk])

    response = clerk_client.post(url, {"unit": units["building"].pk, "user": other_clerk.pk})
    assert "not a member of the chosen unit" in response.content.decode()

    response = clerk_client.post(
        url, {"unit": units["order"].pk, "user": other_clerk.pk}, follow=True
    )
    assert "The procedure was handed over." in response.content.decode()
    procedure.refresh_from_db()
    assert procedure.assigned_unit == units["order"] and procedure.assigned_to == other_clerk
    message = Message.objects.get(recipient=other_clerk)
    assert procedure.reference in message.subject
    assert message.link == reverse("records:procedure_detail", args=[procedure.pk])
    assert AuditEntry.objects.filter(
        object_id=str(procedure.pk), summary="procedure handed over"
    ).exists()
    assert Procedure.objects.visible_to(other_clerk).filter(pk=procedure.pk).exists()


def test_hand_over_to_a_unit_notifies_its_clerks(clerk_client, clerk, other_clerk, units, file):
    procedure = Procedure.objects.create(file=file, number=1, title="A", assigned_unit=file.unit)
    response = clerk_client.post(
        reverse("records:procedure_handover", args=[procedure.pk]), {"unit": units["order"].pk}
    )
    assert response.status_code == 302
    message = Message.objects.get(recipient=other_clerk)
    assert procedure.reference in message.subject
    assert not Message.objects.filter(recipient=clerk).exists()


def test_other_clerk_gets_404(client, other_clerk, file):
    procedure = Procedure.objects.create(file=file, number=1, title="A", assigned_unit=file.unit)
    sign_in_verified(client, other_clerk)
    for name, method in [
        ("records:procedure_detail", "get"),
        ("records:procedure_note_add", "post"),
        ("records:procedure_done", "post"),
        ("records:procedure_reopen", "post"),
        ("records:procedure_move", "get"),
        ("records:procedure_handover", "get"),
    ]:
        assert getattr(client, method)(reverse(name, args=[procedure.pk])).status_code == 404


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_procedure_detail_queries_do_not_grow(clerk_client, clerk, units, plan_entry):
    _, (small,) = file_with_procedures(unit=units["building"], plan_entry=plan_entry, notes=1)
    _, (big,) = file_with_procedures(unit=units["building"], plan_entry=plan_entry, notes=20)
    for note in big.notes.all()[:5]:
        note.author = clerk
        note.save()
    for procedure, count in ((small, 1), (big, 20)):
        for _ in range(count):
            add_version(DocumentFactory(procedure=procedure))

    one = _queries(clerk_client, reverse("records:procedure_detail", args=[small.pk]))
    twenty = _queries(clerk_client, reverse("records:procedure_detail", args=[big.pk]))
    assert twenty == one
