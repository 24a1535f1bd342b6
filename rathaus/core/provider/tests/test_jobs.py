"""Exporting and deleting a town run as background jobs started in the provider area."""

import io
import json
import zipfile

from django.test import Client

from rathaus.core.accounts.tests.factories import UserFactory
from rathaus.core.audit.models import AuditEntry
from rathaus.core.jobs.models import Job
from rathaus.core.models import Town
from rathaus.core.tenancy import for_town


def test_export_job_offers_the_towns_zip_archive_for_download(
    provider_client, provider_town, other_town
):
    with for_town(other_town):
        UserFactory(email="buerger@musterstadt.example")
    response = provider_client.post(f"/anbieter/{other_town.pk}/export/")
    with for_town(provider_town):
        job = Job.objects.get()
    assert response["Location"] == job.get_absolute_url()
    assert job.state == Job.State.SUCCEEDED
    page = provider_client.get(job.get_absolute_url()).content.decode()
    assert job.result_url in page
    download = provider_client.get(job.result_url)
    assert download.status_code == 200
    assert download["Content-Type"] == "application/zip"
    assert "musterstadt" in download["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    manifest = json.loads(archive.read("manifest.json"))
    assert manifest["town"]["id"] == str(other_town.pk)
    assert manifest["counts"]["accounts.user"] == 1


def test_export_is_audited_and_downloadable_only_in_the_provider_area(
    provider_client, provider_town, other_town
):
    provider_client.post(f"/anbieter/{other_town.pk}/export/")
    with for_town(provider_town):
        job = Job.objects.get()
        summaries = set(
            AuditEntry.objects.filter(object_id=str(other_town.pk)).values_list(
                "summary", flat=True
            )
        )
    assert {"town export started", "town exported"} <= summaries
    # The same path on the town's own host knows no such file.
    assert Client(HTTP_HOST="musterstadt.localhost").get(job.result_url).status_code in (302, 404)


def test_deletion_needs_the_towns_name_typed(provider_client, other_town):
    url = f"/anbieter/{other_town.pk}/loeschen/"
    assert provider_client.get(url).status_code == 200
    response = provider_client.post(url, {"confirm_name": "Musterdorf"})
    assert response.status_code == 200
    assert "exactly as shown" in response.content.decode()
    assert Town.objects.filter(pk=other_town.pk, is_active=True).exists()


def test_deletion_job_removes_the_town_and_its_host(provider_client, provider_town, other_town):
    with for_town(other_town):
        UserFactory()
    assert Client(HTTP_HOST="musterstadt.localhost").get("/").status_code == 200
    response = provider_client.post(
        f"/anbieter/{other_town.pk}/loeschen/", {"confirm_name": "Musterstadt"}
    )
    with for_town(provider_town):
        job = Job.objects.get()
        entry = AuditEntry.objects.filter(summary="town deleted with all its data").get()
    assert response["Location"] == job.get_absolute_url()
    assert job.state == Job.State.SUCCEEDED
    assert not Town.objects.filter(pk=other_town.pk).exists()
    assert Client(HTTP_HOST="musterstadt.localhost").get("/").status_code == 404
    assert entry.object_id == entry.changes["town_id"] == str(other_town.pk)
    assert entry.changes["deleted"]["accounts.user"] == 1
    assert "Musterstadt" not in provider_client.get("/anbieter/").content.decode()


def test_providers_own_tenant_cannot_be_deleted(provider_client, provider_town):
    assert provider_client.get(f"/anbieter/{provider_town.pk}/loeschen/").status_code == 404
    response = provider_client.post(
        f"/anbieter/{provider_town.pk}/loeschen/", {"confirm_name": "Kommunale IT"}
    )
    assert response.status_code == 404
    assert Town.objects.filter(pk=provider_town.pk).exists()
