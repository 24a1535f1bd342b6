"""A town's export holds all of its rows and files, nothing of other towns, and personal
data only as sealed ciphertext (unless plain text is asked for)."""

import hashlib
import io
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from rathaus.core.accounts.models import (
    DeletionRequest,
    EmailChange,
    Invitation,
    OidcIdentity,
    User,
)
from rathaus.core.accounts.otp import ensure_demo_device, regenerate_recovery_codes
from rathaus.core.accounts.tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    RoleAssignmentFactory,
    StaffFactory,
    UnitFactory,
    UserFactory,
)
from rathaus.core.audit.models import AuditEntry
from rathaus.core.audit.services import record
from rathaus.core.jobs.models import Job
from rathaus.core.models import AccessibilityFeedback, Town
from rathaus.core.notifications.models import Message
from rathaus.core.tenancy import for_town, scopes_disabled, town_owned_models
from rathaus.core.towns.contents import town_rows
from rathaus.core.towns.export import export_town
from rathaus.core.uploads.services import store_upload
from rathaus.core.uploads.tests import samples

BACKEND = "rathaus.core.accounts.backends.EmailBackend"


@dataclass
class TownData:
    town: Town
    citizen: User
    staff: User
    files: list
    clients: list[Client]

    @property
    def secrets(self) -> list[str]:
        """Personal values that must never appear in a sealed export."""
        return [self.citizen_email, "Lindenstraße 7", "Stufe am Eingang", "Ada Fehlerfrei"]

    @property
    def citizen_email(self) -> str:
        return f"buergerin@{self.town.name.lower()}.example"


def populate_town(town: Town, *, shared_email: str = "") -> TownData:
    """Everything a town in use has: accounts (staff with a second factor), units in a
    tree, roles, a business with members, feedback, postbox messages, an upload, a job,
    and an audit trail with sign-ins (and their sessions)."""
    with for_town(town):
        name = town.name.lower()
        citizen = UserFactory(
            email=f"buergerin@{name}.example",
            given_name="Ada",
            family_name="Fehlerfrei",
            street="Lindenstraße 7",
        )
        staff = StaffFactory(email=shared_email or f"admin@{name}.example")
        RoleAssignmentFactory(user=staff, role="administrator", unit=None)
        department = UnitFactory(name="Bürgerdienste", code="30", kind="department")
        office = UnitFactory(name="Bürgerbüro", code="30.1", parent=department)
        UnitFactory(name="Meldewesen", code="30.1.1", parent=office, kind="section")
        RoleAssignmentFactory(user=StaffFactory(), role="clerk", unit=office)
        ensure_demo_device(staff)
        regenerate_recovery_codes(user=staff, actor=staff)
        organisation = OrganisationFactory(name=f"Bäckerei {town.name}")
        MembershipFactory(organisation=organisation, user=citizen, role="owner")
        invitation = Invitation(
            organisation=organisation, token_hash=f"{name}-invitation", invited_by=citizen
        )
        invitation.set_email(f"geselle@{name}.example")
        invitation.save()
        EmailChange.objects.create(
            user=citizen, new_email=f"neu@{name}.example", token_hash=f"{name}-change"
        )
        DeletionRequest.objects.create(user=citizen, reason="Ich ziehe weg.")
        OidcIdentity.objects.create(user=citizen, issuer="https://id.example", subject=name)
        AccessibilityFeedback.objects.create(
            name="Ada Fehlerfrei", email=citizen.email, message="Stufe am Eingang"
        )
        Message.objects.create(recipient=citizen, subject="Ihr Antrag", body="Eingegangen.")
        files = [
            store_upload(
                uploaded_file=SimpleUploadedFile(f"{name}.pdf", samples.pdf() + name.encode()),
                kinds={"pdf"},
                uploaded_by=citizen,
            ),
            store_upload(
                uploaded_file=SimpleUploadedFile("wappen.png", samples.png()),
                kinds={"png"},
                is_public=True,
            ),
        ]
        town.logo = files[1]
        town.save()
        Job.objects.create(label="Export", task_path="rathaus.example.task", started_by=staff)
        record(action=AuditEntry.Action.UPDATE, actor=staff, obj=office, summary="unit changed")
        clients = []
        for person in (citizen, staff):
            client = Client()
            client.force_login(person, backend=BACKEND)  # audited as a sign-in
            clients.append(client)
    return TownData(town=town, citizen=citizen, staff=staff, files=files, clients=clients)


@pytest.fixture
def leaving(other_town) -> TownData:
    return populate_town(other_town, shared_email="it@landkreis.example")


@pytest.fixture
def staying(town) -> TownData:
    return populate_town(town, shared_email="it@landkreis.example")


def read_archive(path: Path) -> tuple[dict, dict[str, list], zipfile.ZipFile]:
    archive = zipfile.ZipFile(path)
    manifest = json.loads(archive.read("manifest.json"))
    data = {
        name.removeprefix("data/").removesuffix(".json"): json.loads(archive.read(name))
        for name in archive.namelist()
        if name.startswith("data/")
    }
    return manifest, data, archive


def pks_of(town: Town) -> dict[str, set[str]]:
    with scopes_disabled():
        return {
            rows.label: {str(pk) for pk in rows.queryset.values_list("pk", flat=True)}
            for rows in town_rows(town)
        }


def exported_pks(data: dict[str, list]) -> dict[str, set[str]]:
    return {label: {str(row["pk"]) for row in rows} for label, rows in data.items()}


def test_export_holds_every_row_of_the_town_and_none_of_another(leaving, staying, tmp_path):
    path = export_town(town=leaving.town, destination=tmp_path / "musterstadt.zip")
    manifest, data, _archive = read_archive(path)

    ours, theirs = pks_of(leaving.town), pks_of(staying.town)
    assert exported_pks(data) == ours
    for model in town_owned_models():
        label = model._meta.label_lower
        assert label in data, f"{label} is missing from the export"
        assert manifest["counts"][label] == len(ours[label])
    for label in (
        "core.town",
        "core.townhost",
        "audit.chainhead",
        "otp_totp.totpdevice",
        "otp_static.staticdevice",
        "otp_static.statictoken",
    ):
        assert ours[label], f"the test town has no {label}"
    for label, pks in exported_pks(data).items():
        assert not pks & theirs.get(label, set()), f"{label} of another town was exported"
    for label in ("accounts.user", "accounts.unit", "audit.auditentry", "uploads.storedfile"):
        assert len(ours[label]) >= 2
    with scopes_disabled():
        assert (
            manifest["counts"]["otp_static.statictoken"]
            == StaticToken.objects.filter(device__user=leaving.staff).count()
        )
        assert (
            manifest["counts"]["otp_totp.totpdevice"]
            == TOTPDevice.objects.filter(user__town=leaving.town).count()
        )
        assert StaticDevice.objects.filter(user__town=leaving.town).exists()
    assert manifest["town"] == {
        "id": str(leaving.town.pk),
        "name": "Musterstadt",
        "official_name": "Stadt Musterstadt",
        "hosts": ["musterstadt.localhost"],
    }
    assert manifest["format_version"] == 1


def test_files_are_in_the_export_with_their_checksums(leaving, staying, tmp_path):
    steps = []
    path = export_town(
        town=leaving.town, destination=tmp_path, progress=lambda *step: steps.append(step)
    )
    assert steps[-1][0] == steps[-1][1] == len(steps)
    assert path.parent == tmp_path and path.name.startswith("rathaus-musterstadt-")
    manifest, _data, archive = read_archive(path)

    file_members = sorted(name for name in archive.namelist() if name.startswith("files/"))
    assert file_members == sorted(f"files/{stored.storage_name}" for stored in leaving.files)
    for stored in leaving.files:
        content = archive.read(f"files/{stored.storage_name}")
        assert hashlib.sha256(content).hexdigest() == stored.sha256
        assert manifest["members"][f"files/{stored.storage_name}"]["sha256"] == stored.sha256
    assert manifest["files"]["count"] == 2 and manifest["files"]["missing"] == []
    for name, summary in manifest["members"].items():
        assert hashlib.sha256(archive.read(name)).hexdigest() == summary["sha256"], name
    assert set(manifest["members"]) == set(archive.namelist()) - {"manifest.json"}


def test_personal_data_is_exported_as_ciphertext_only(leaving, tmp_path):
    path = export_town(town=leaving.town, destination=tmp_path / "export.zip")
    manifest, data, archive = read_archive(path)

    everything = b"".join(archive.read(name) for name in archive.namelist())
    for secret in leaving.secrets:
        assert secret.encode() not in everything
        assert json.dumps(secret).encode() not in everything
    user = next(row for row in data["accounts.user"] if row["pk"] == str(leaving.citizen.pk))
    assert user["fields"]["email"].startswith("v1:test1:")
    email_field = User._meta.get_field("email")
    assert email_field.decrypt(leaving.citizen, user["fields"]["email"]) == leaving.citizen_email
    assert manifest["encrypted_values"]["form"] == "sealed"
    assert manifest["encrypted_values"]["key_ids"] == ["test1"]
    assert "accounts.user.email" in manifest["encrypted_values"]["fields"]
    assert "RATHAUS_ENCRYPTION_KEYS" in manifest["encrypted_values"]["note"]


def test_plain_text_export_for_another_system(leaving, tmp_path):
    path = export_town(town=leaving.town, destination=tmp_path / "export.zip", decrypt=True)
    manifest, data, _archive = read_archive(path)

    user = next(row for row in data["accounts.user"] if row["pk"] == str(leaving.citizen.pk))
    assert user["fields"]["email"] == leaving.citizen_email
    assert user["fields"]["street"] == "Lindenstraße 7"
    feedback = data["core.accessibilityfeedback"][0]["fields"]
    assert feedback["message"] == "Stufe am Eingang"
    assert manifest["encrypted_values"]["form"] == "plaintext"


def test_archive_is_readable_by_its_owner_only_and_complete_or_absent(leaving, tmp_path):
    path = export_town(town=leaving.town, destination=tmp_path / "export.zip")
    assert path.stat().st_mode & 0o077 == 0
    assert list(tmp_path.glob("*.part")) == []


def test_export_inside_another_towns_scope_is_audited_there(leaving, staying, tmp_path):
    export_town(town=leaving.town, destination=tmp_path / "export.zip", actor=staying.staff)
    entry = AuditEntry.objects.order_by("-sequence").first()
    assert (entry.object_type, entry.object_id) == ("core.town", str(leaving.town.pk))
    assert entry.summary == "town data exported"


def test_export_command_writes_the_archive(leaving, tmp_path):
    out = io.StringIO()
    target = tmp_path / "musterstadt.zip"
    call_command("export_town", "--host", "musterstadt.localhost", str(target), stdout=out)
    assert "SHA-256" in out.getvalue()
    manifest, _data, _archive = read_archive(target)
    assert manifest["town"]["id"] == str(leaving.town.pk)
    with pytest.raises(CommandError, match="exists"):
        call_command("export_town", "--host", "musterstadt.localhost", str(target))


def test_export_command_refuses_an_unknown_host(tmp_path):
    with pytest.raises(CommandError, match="No town"):
        call_command("export_town", "--host", "nirgendwo.example", str(tmp_path / "x.zip"))
