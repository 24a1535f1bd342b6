"""A town leaving the provider is deleted completely (rows, sessions, second factors,
audit trail, files), and every other town stays exactly as it was."""

import io

import pytest
from axes.models import AccessAttempt, AccessLog
from django.contrib.sessions.models import Session
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, models, transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from rathaus.core.audit.models import AuditEntry
from rathaus.core.audit.verify import verify_chain
from rathaus.core.models import Town, TownHost
from rathaus.core.tenancy import for_town, scopes_disabled, town_owned_models
from rathaus.core.towns.contents import town_rows
from rathaus.core.towns.deletion import delete_town
from rathaus.core.towns.exceptions import ProviderTownProtected
from rathaus.core.towns.export import export_town
from rathaus.core.uploads.models import StoredFile
from rathaus.core.uploads.services import open_stored, town_prefix

from .test_town_export import pks_of, populate_town


@pytest.fixture
def leaving(other_town):
    return populate_town(other_town, shared_email="it@landkreis.example")


@pytest.fixture
def staying(town):
    return populate_town(town, shared_email="it@landkreis.example")


@pytest.fixture
def deleted(django_capture_on_commit_callbacks):
    """Delete a town as ``manage.py delete_town`` would: files go once the rows are gone."""

    def delete(town, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return delete_town(town=town, **kwargs)

    return delete


def session_exists(client) -> bool:
    return Session.objects.filter(session_key=client.cookies["sessionid"].value).exists()


def test_nothing_of_a_deleted_town_remains(leaving, staying, deleted):
    town_id = leaving.town.pk
    with scopes_disabled():
        rows_before = town_rows(leaving.town)
        user_ids = [leaving.citizen.pk, leaving.staff.pk]
        audit_entries = AuditEntry.objects.filter(town_id=town_id).count()
    assert audit_entries >= 3
    assert all(session_exists(client) for client in leaving.clients)

    counts = deleted(leaving.town)

    with scopes_disabled():
        for model in town_owned_models():
            left = model._base_manager.filter(town_id=town_id).count()
            assert left == 0, f"{left} rows of {model._meta.label} remain"
        for rows in rows_before:
            assert not rows.queryset.exists(), f"rows of {rows.label} remain"
        assert not Town.objects.filter(pk=town_id).exists()
        assert not TownHost.objects.filter(hostname="musterstadt.localhost").exists()
        assert not TOTPDevice.objects.filter(user_id__in=user_ids).exists()
        assert not StaticDevice.objects.filter(user_id__in=user_ids).exists()
        assert not StaticToken.objects.filter(device__user_id__in=user_ids).exists()
    assert not any(session_exists(client) for client in leaving.clients)
    assert not default_storage.exists(town_prefix(town_id))
    for stored in leaving.files:
        assert not default_storage.exists(stored.storage_name)
    assert counts["accounts.user"] == 3
    assert counts["audit.auditentry"] == audit_entries
    assert counts["sessions.session"] == 2
    assert counts["files"] == 2


def test_the_other_town_is_untouched(leaving, staying, deleted, client):
    before = pks_of(staying.town)

    deleted(leaving.town)

    assert pks_of(staying.town) == before
    assert all(session_exists(client) for client in staying.clients)
    for stored in staying.files:
        with open_stored(stored) as handle:
            assert handle.read()
    with for_town(staying.town):
        result = verify_chain()
        assert result.ok, result.problems
        assert result.checked == AuditEntry.objects.count() >= 3
    assert client.get("/").status_code == 200
    assert client.get("/", HTTP_HOST="musterstadt.localhost").status_code == 404


def test_sign_in_records_go_unless_the_address_has_an_account_elsewhere(leaving, staying, deleted):
    only_here = leaving.citizen.email_lookup[:32]
    shared = leaving.staff.email_lookup[:32]
    assert shared == staying.staff.email_lookup[:32]
    for username in (only_here, shared):
        AccessAttempt.objects.create(
            username=username, ip_address="192.0.2.1", user_agent="x", failures_since_start=2
        )
        AccessLog.objects.create(username=username, ip_address="192.0.2.1", user_agent="x")

    deleted(leaving.town)

    assert not AccessAttempt.objects.filter(username=only_here).exists()
    assert not AccessLog.objects.filter(username=only_here).exists()
    assert AccessAttempt.objects.filter(username=shared).exists()
    assert AccessLog.objects.filter(username=shared).exists()


def test_files_stored_before_towns_had_prefixes_go_too(leaving, deleted):
    legacy_name = default_storage.save("ab/cd/alt.pdf", ContentFile(b"%PDF-1.4 alt"))
    with for_town(leaving.town):
        StoredFile.objects.create(
            storage_name=legacy_name,
            original_name="alt.pdf",
            content_type="application/pdf",
            extension="pdf",
            size=12,
            sha256="0" * 64,
        )

    counts = deleted(leaving.town)

    assert not default_storage.exists(legacy_name)
    assert counts["files"] == 3


def test_a_failure_deletes_nothing(leaving, deleted, monkeypatch):
    from rathaus.core.towns import deletion

    def broken(town):
        raise RuntimeError("database went away")

    monkeypatch.setattr(deletion, "_release_protected_references", broken)
    before = pks_of(leaving.town)
    with pytest.raises(RuntimeError):
        deleted(leaving.town)
    assert pks_of(leaving.town) == before
    for stored in leaving.files:
        assert default_storage.exists(stored.storage_name)


def test_deletion_from_the_provider_area_is_audited_there(leaving, staying, deleted):
    counts = deleted(leaving.town, actor=staying.staff)

    entry = AuditEntry.objects.order_by("-sequence").first()
    assert (entry.action, entry.object_type) == ("delete", "core.town")
    assert entry.object_id == str(leaving.town.pk)
    assert entry.changes["deleted"]["accounts.user"] == counts["accounts.user"]
    assert verify_chain().ok


def test_provider_town_is_kept_unless_asked_for_explicitly(leaving, deleted):
    Town.objects.filter(pk=leaving.town.pk).update(is_provider=True)
    leaving.town.refresh_from_db()
    with pytest.raises(ProviderTownProtected):
        deleted(leaving.town)
    assert Town.objects.filter(pk=leaving.town.pk).exists()
    deleted(leaving.town, allow_provider=True)
    assert not Town.objects.filter(pk=leaving.town.pk).exists()


def test_every_relation_into_a_towns_data_lets_it_be_deleted():
    """A new model whose foreign key into a town's rows would block or outlive
    ``delete_town`` fails here: use CASCADE or SET_NULL, or a nullable PROTECT between a
    town's own rows (``delete_town`` empties those first)."""
    owned = set(town_owned_models())
    from django.apps import apps

    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if not field.is_relation or field.related_model not in owned | {Town}:
                continue
            on_delete = field.remote_field.on_delete
            assert on_delete in (models.CASCADE, models.SET_NULL) or (
                on_delete in (models.PROTECT, models.RESTRICT) and field.null and model in owned
            ), f"{model._meta.label}.{field.name} ({on_delete.__name__}) blocks delete_town"


def test_command_shows_what_would_go_and_deletes_only_with_yes(
    leaving, django_capture_on_commit_callbacks
):
    out = io.StringIO()
    with pytest.raises(CommandError, match="--yes"):
        call_command("delete_town", "--host", "musterstadt.localhost", stdout=out)
    assert "accounts.user: 3" in out.getvalue()
    assert "files: 2" in out.getvalue()
    assert Town.objects.filter(pk=leaving.town.pk).exists()

    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("delete_town", "--host", "musterstadt.localhost", "--yes", stdout=out)
    assert "accounts.user: 3" in out.getvalue()
    assert not Town.objects.filter(pk=leaving.town.pk).exists()


def test_command_refuses_the_provider_town_without_force(leaving):
    Town.objects.filter(pk=leaving.town.pk).update(is_provider=True)
    with pytest.raises(CommandError, match="--force"):
        call_command("delete_town", "--host", "musterstadt.localhost", "--yes")
    assert Town.objects.filter(pk=leaving.town.pk).exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
def test_purging_one_town_never_opens_another_towns_trail(leaving, staying, deleted):
    deleted(leaving.town)
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM audit_auditentry WHERE town_id = %s", [str(staying.town.pk)])
    with for_town(staying.town):
        assert verify_chain().ok


def test_deleted_town_can_be_restored_from_its_export(leaving, deleted, tmp_path):
    """The export is complete: loading it back gives the same town, readable e-mail
    addresses and an intact audit trail."""
    import zipfile

    from django.core import serializers

    from rathaus.core.crypto.fields import Ciphertext, encrypted_fields

    before = pks_of(leaving.town)
    archive = zipfile.ZipFile(export_town(town=leaving.town, destination=tmp_path / "a.zip"))
    deleted(leaving.town)

    with scopes_disabled(), transaction.atomic():
        for name in archive.namelist():
            if name.startswith("data/"):
                for item in serializers.deserialize("json", archive.read(name)):
                    for field in encrypted_fields(type(item.object)):
                        value = item.object.__dict__.get(field.attname)
                        if value:
                            item.object.__dict__[field.attname] = Ciphertext(value)
                    item.save()
            elif name.startswith("files/"):
                default_storage.save(name.removeprefix("files/"), ContentFile(archive.read(name)))

    assert pks_of(leaving.town) == before
    with for_town(leaving.town):
        from rathaus.core.accounts.models import User

        assert User.objects.get(pk=leaving.citizen.pk).email == leaving.citizen_email
        assert verify_chain().ok
        for stored in leaving.files:
            with open_stored(StoredFile.objects.get(pk=stored.pk)) as handle:
                assert handle.read()
