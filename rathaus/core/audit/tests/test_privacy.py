"""Audit entries say who did what, never secrets or personal values."""

import json

from django.contrib.auth import authenticate, logout
from django.contrib.sessions.backends.db import SessionStore

from rathaus.core.accounts.tests.factories import DEFAULT_PASSWORD, UserFactory
from rathaus.core.audit.models import AuditEntry
from rathaus.core.audit.services import MASK, diff_instance, record, snapshot
from rathaus.core.audit.verify import verify_chain


def stored_text(entry: AuditEntry) -> str:
    """Everything the database holds for the entry, as one string."""
    return json.dumps(AuditEntry.objects.filter(pk=entry.pk).values().get(), default=str)


def test_sign_in_is_recorded_without_the_e_mail_address(client):
    person = UserFactory(email="anna.beispiel@example.org", given_name="Anna")
    client.force_login(person, backend="rathaus.core.accounts.backends.EmailBackend")
    entry = AuditEntry.objects.get(action=AuditEntry.Action.LOGIN)
    assert entry.actor_id == str(person.pk)
    assert "anna.beispiel" not in stored_text(entry)
    assert "Anna" not in stored_text(entry)
    assert verify_chain().ok


def test_failed_sign_in_is_recorded_without_password_or_typed_e_mail(rf):
    UserFactory(email="bernd@example.org")
    request = rf.post("/konto/anmelden/")
    user = authenticate(request, username="bernd@example.org", password="Falsch-Geraten-99")
    assert user is None
    entry = AuditEntry.objects.get(action=AuditEntry.Action.LOGIN_FAILED)
    text = stored_text(entry)
    assert "bernd" not in text
    assert "Falsch-Geraten-99" not in text
    assert DEFAULT_PASSWORD not in text


def test_sign_out_is_recorded(rf):
    person = UserFactory()
    request = rf.post("/")
    request.session = SessionStore()
    request.user = person
    logout(request)
    entry = AuditEntry.objects.get(action=AuditEntry.Action.LOGOUT)
    assert entry.actor_id == str(person.pk)


def test_changes_of_encrypted_fields_are_masked():
    person = UserFactory(given_name="Clara", family_name="Musterfrau", phone="06151 12345")
    before = snapshot(person)
    person.given_name = "Claudia"
    person.phone = ""
    person.is_active = False
    person.save()
    changes = diff_instance(before, person, changed_secret_fields=["given_name"])
    entry = record(action=AuditEntry.Action.UPDATE, obj=person, changes=changes)
    text = stored_text(entry)
    for secret in ("Clara", "Claudia", "Musterfrau", "06151", person.email):
        assert secret not in text
    assert entry.changes["given_name"] == [MASK, MASK]
    assert entry.changes["phone"] == [MASK, ""]
    assert entry.changes["is_active"] == [True, False]
    assert "password" not in entry.changes


def test_snapshot_masks_password_hash_and_blind_index():
    person = UserFactory()
    data = snapshot(person)
    assert data["password"] == MASK
    assert data["email_lookup"] == MASK
    assert data["email"] == MASK


def test_object_with_personal_data_is_labelled_by_type_and_id():
    person = UserFactory(given_name="Dora", family_name="Datenschutz")
    entry = record(action=AuditEntry.Action.VIEW, obj=person)
    assert "Dora" not in entry.object_repr
    assert str(person.pk) in entry.object_repr
