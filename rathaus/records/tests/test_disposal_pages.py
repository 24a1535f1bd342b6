"""Disposal pages: the archivist's list, a process from offer to deletion, the
deletion protocols; 404 for everyone else. And the xdomea download of one file."""

import io
import zipfile

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from rathaus.core.audit.models import AuditEntry
from rathaus.records.models import DeletionProtocol, DisposalBatch, RecordFile, RecordsSettings
from rathaus.records.services import disposal as services

from .conftest import sign_in_verified
from .factories import FilePlanEntryFactory, RecordFileFactory
from .factories_e import due_file
from .factories_f import archive_evaluation, archive_receipt

State = RecordFile.DisposalState


@pytest.fixture(autouse=True)
def archive_settings():
    settings = RecordsSettings.current()
    settings.archive_name = "Kreisarchiv Darmstadt-Dieburg"
    settings.save()
    return settings


@pytest.fixture
def archivist_client(client, archivist):
    sign_in_verified(client, archivist)
    return client


@pytest.fixture
def due(units, plan_entry, clerk):
    return [
        due_file(unit=units["building"], plan_entry=plan_entry, user=clerk, title=f"Bauakte {n}")
        for n in range(2)
    ]


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


@pytest.mark.parametrize(
    "name", ["records:disposal", "records:deletion_protocols", "records:disposal_batch"]
)
def test_pages_are_for_archivists_only(clerk_client, archivist, due, name):
    batch = services.create_offer(actor=archivist, file_ids=[due[0].pk])
    args = [batch.pk] if name == "records:disposal_batch" else []
    assert clerk_client.get(reverse(name, args=args)).status_code == 404


def test_clerk_cannot_offer_or_delete(clerk_client, archivist, due):
    batch = services.create_offer(actor=archivist, file_ids=[due[0].pk])
    assert (
        clerk_client.post(reverse("records:disposal_offer"), {"files": [due[1].pk]}).status_code
        == 404
    )
    assert clerk_client.post(reverse("records:disposal_delete", args=[batch.pk])).status_code == 404
    assert _state(due[1]) == ""


def _state(record_file) -> str:
    return RecordFile.objects.get(pk=record_file.pk).disposal_state


def test_list_shows_due_files_with_retention_date_and_decision(archivist_client, due, plan_entry):
    response = archivist_client.get(reverse("records:disposal"))

    assert response.status_code == 200
    page = response.content.decode()
    assert due[0].reference in page and "Bauakte 0" in page
    assert "12/31/2024" in page  # retention ended
    assert f"{plan_entry.disposal} – Evaluate" in page


def test_list_filters_by_decision(archivist_client, due, units):
    destroy = FilePlanEntryFactory(code="99.9", disposal="V")
    other = due_file(unit=units["order"], plan_entry=destroy, full=False, title="Gewerbeakte")

    page = archivist_client.get(reverse("records:disposal"), {"decision": "V"}).content.decode()

    assert other.reference in page and due[0].reference not in page


def test_list_takes_a_constant_number_of_queries(
    archivist_client, units, plan_entry, archivist, django_assert_max_num_queries
):
    def grow(n):
        for _ in range(n):
            due_file(unit=units["building"], plan_entry=plan_entry, full=False)

    grow(1)
    batch_files = [due_file(unit=units["order"], plan_entry=plan_entry, full=False)]
    services.create_offer(actor=archivist, file_ids=[f.pk for f in batch_files])
    with CaptureQueriesContext(connection) as small:
        archivist_client.get(reverse("records:disposal"))
    grow(20)
    more = [due_file(unit=units["order"], plan_entry=plan_entry, full=False) for _ in range(5)]
    services.create_offer(actor=archivist, file_ids=[f.pk for f in more])
    with django_assert_max_num_queries(len(small)):
        response = archivist_client.get(reverse("records:disposal"))
    assert response.status_code == 200


def test_offer_without_selection_says_so(archivist_client, due):
    response = archivist_client.post(reverse("records:disposal_offer"), follow=True)
    assert "Select at least one file." in _messages(response)
    assert not DisposalBatch.objects.exists()


def test_whole_process_through_the_pages(archivist_client, due, django_capture_on_commit_callbacks):
    kept, destroyed = due
    names = list(
        RecordFile.objects.filter(pk__in=[f.pk for f in due]).values_list(
            "procedures__documents__versions__stored_file__storage_name", flat=True
        )
    )
    assert names and all(default_storage.exists(n) for n in names)

    # Offer (0501)
    response = archivist_client.post(
        reverse("records:disposal_offer"), {"files": [kept.pk, destroyed.pk]}, follow=True
    )
    batch = DisposalBatch.objects.get()
    assert response.redirect_chain[-1][0] == reverse("records:disposal_batch", args=[batch.pk])
    offer = batch.messages.get(type_code="0501")
    download = archivist_client.get(reverse("records:disposal_message", args=[batch.pk, offer.pk]))
    assert download.status_code == 200
    assert offer.filename in download["Content-Disposition"]
    assert zipfile.is_zipfile(io.BytesIO(download.content))

    # Evaluation by hand: the form lists each file with the plan's decision
    url = reverse("records:disposal_evaluate", args=[batch.pk])
    page = archivist_client.get(url).content.decode()
    assert kept.reference in page and "Plan position 63.1: Evaluate" in page
    response = archivist_client.post(url, {f"file_{kept.pk}": "A"})
    assert response.status_code == 200
    assert "Choose what happens to this file." in response.content.decode()
    response = archivist_client.post(
        url, {f"file_{kept.pk}": "A", f"file_{destroyed.pk}": "V"}, follow=True
    )
    assert "Evaluation recorded: 1 to archive, 1 to destroy, 0 open." in _messages(response)

    # Deletion of the handed-over file is refused before receipt; destroyed one goes
    archivist_client.post(reverse("records:disposal_handover", args=[batch.pk]))
    assert _state(kept) == State.HANDED_OVER
    handover = batch.messages.get(type_code="0503")
    assert (
        archivist_client.get(
            reverse("records:disposal_message", args=[batch.pk, handover.pk])
        ).status_code
        == 200
    )
    page = archivist_client.get(reverse("records:disposal_delete", args=[batch.pk]))
    assert destroyed.reference in page.content.decode()
    assert kept.reference not in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = archivist_client.post(
            reverse("records:disposal_delete", args=[batch.pk]), follow=True
        )
    assert "1 file was deleted for good. The deletion protocol lists it." in _messages(response)
    assert RecordFile.objects.filter(pk=kept.pk).exists()
    assert not RecordFile.objects.filter(pk=destroyed.pk).exists()

    # Receipt (0507) upload, then deletion of the rest
    upload = SimpleUploadedFile("quittung.zip", archive_receipt(batch.pk, "0507"))
    response = archivist_client.post(
        reverse("records:disposal_receipt_upload", args=[batch.pk]),
        {"receipt-message": upload},
        follow=True,
    )
    assert "Receipt recorded for 1 file." in _messages(response)
    with django_capture_on_commit_callbacks(execute=True):
        archivist_client.post(reverse("records:disposal_delete", args=[batch.pk]))

    assert not RecordFile.objects.filter(pk=kept.pk).exists()
    assert not any(default_storage.exists(n) for n in names)
    batch.refresh_from_db()
    assert batch.state == DisposalBatch.State.COMPLETED
    page = archivist_client.get(reverse("records:disposal_batch", args=[batch.pk])).content
    assert "content deleted" in page.decode()

    protocols = archivist_client.get(reverse("records:deletion_protocols")).content.decode()
    assert kept.reference in protocols and destroyed.reference in protocols
    assert "Bauakte" not in protocols
    assert DeletionProtocol.objects.count() == 2


def test_evaluation_upload(archivist_client, archivist, due):
    batch = services.create_offer(actor=archivist, file_ids=[f.pk for f in due])
    data = archive_evaluation(batch.pk, {due[0].pk: "A", due[1].pk: "V"})

    response = archivist_client.post(
        reverse("records:disposal_evaluation_upload", args=[batch.pk]),
        {"evaluation-message": SimpleUploadedFile("bewertung.zip", data)},
        follow=True,
    )

    assert "Evaluation recorded: 1 to archive, 1 to destroy, 0 open." in _messages(response)
    assert (_state(due[0]), _state(due[1])) == (State.TO_ARCHIVE, State.TO_DESTROY)


def test_a_broken_evaluation_upload_is_shown_on_the_form(archivist_client, archivist, due):
    batch = services.create_offer(actor=archivist, file_ids=[due[0].pk])
    response = archivist_client.post(
        reverse("records:disposal_evaluation_upload", args=[batch.pk]),
        {"evaluation-message": SimpleUploadedFile("x.xml", b"<not-xdomea/>")},
    )
    assert response.status_code == 400
    assert "The message does not conform to xdomea 3.1.0" in response.content.decode()
    assert _state(due[0]) == State.OFFERED


def test_file_export_for_those_who_see_the_file(
    clerk_client, client, other_clerk, units, plan_entry, clerk
):
    record_file = RecordFileFactory(unit=units["building"], plan_entry=plan_entry)
    url = reverse("records:xdomea_export", args=[record_file.pk])

    response = clerk_client.post(url)

    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('_0401_1.zip"')
    assert zipfile.is_zipfile(io.BytesIO(response.content))
    assert AuditEntry.objects.filter(
        summary="xdomea export", object_id=str(record_file.pk)
    ).exists()
    sign_in_verified(client, other_clerk)
    assert client.post(url).status_code == 404


@pytest.mark.parametrize("page_name", ["records:disposal_batch", "records:deletion_protocols"])
def test_process_and_protocol_pages_take_a_constant_number_of_queries(
    archivist_client, archivist, units, plan_entry, page_name, django_assert_max_num_queries
):
    def process_of(n):
        files = [
            due_file(unit=units["building"], plan_entry=plan_entry, full=False) for _ in range(n)
        ]
        batch = services.create_offer(actor=archivist, file_ids=[f.pk for f in files])
        services.record_evaluation(
            actor=archivist, batch=batch, decisions={f.pk: "V" for f in files[1:]}
        )
        if n > 1:
            services.delete_file(actor=archivist, record_file=files[-1])
        return batch

    small = process_of(2)
    args = [small.pk] if page_name == "records:disposal_batch" else []
    with CaptureQueriesContext(connection) as queries:
        assert archivist_client.get(reverse(page_name, args=args)).status_code == 200
    large = process_of(20)
    for _ in range(5):
        process_of(2)
    args = [large.pk] if page_name == "records:disposal_batch" else []
    with django_assert_max_num_queries(len(queries)):
        assert archivist_client.get(reverse(page_name, args=args)).status_code == 200


def test_export_partial_posts_to_the_export(units, plan_entry):
    from django.template.loader import render_to_string

    record_file = RecordFileFactory(unit=units["building"], plan_entry=plan_entry)
    html = render_to_string("records/files/_export.html", {"file": record_file})
    assert f'action="{reverse("records:xdomea_export", args=[record_file.pk])}"' in html
    assert 'method="post"' in html
