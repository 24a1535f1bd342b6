"""``manage.py reencrypt`` moves every encrypted value to the current key."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import override_settings

from rathaus.core.accounts.models import User
from rathaus.core.accounts.tests.factories import UserFactory
from rathaus.core.crypto import keyring
from rathaus.core.crypto.cipher import key_id_of
from rathaus.core.notifications.models import Message

TEST1 = "test1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="
OLD0 = "old0:ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8="


def key_ids(model, *columns: str) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(columns)} FROM {model._meta.db_table}")  # noqa: S608
        return {key_id_of(value) for row in cursor.fetchall() for value in row if value}


def reencrypt(*args: str) -> str:
    out = StringIO()
    call_command("reencrypt", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.fixture
def old_data():
    """Data written while old0 was the current key."""
    with override_settings(RATHAUS_ENCRYPTION_KEYS=f"{OLD0},{TEST1}"):
        keyring.reset_keyring_cache()
        person = UserFactory(given_name="Greta", family_name="Alt", email="greta@example.org")
        message = Message.objects.create(recipient=person, subject="Altbestand", body="Text")
    keyring.reset_keyring_cache()
    assert key_ids(Message, "subject", "body") == {"old0"}
    return person, message


def test_reencrypt_moves_old_values_to_the_current_key(old_data):
    person, message = old_data
    output = reencrypt()
    assert "notifications.Message: 1 rows, re-encrypted 2 values (old keys old0: 2)" in output
    assert "accounts.User: 1 rows, re-encrypted 3 values (old keys old0: 3)" in output
    assert key_ids(Message, "subject", "body") == {"test1"}
    assert key_ids(User, "email", "given_name", "family_name") == {"test1"}
    fresh = Message.objects.get(pk=message.pk)
    assert (fresh.subject, fresh.body) == ("Altbestand", "Text")
    assert User.objects.get(pk=person.pk).given_name == "Greta"


def test_reencrypted_data_reads_without_the_old_key(old_data):
    _person, message = old_data
    reencrypt()
    with override_settings(RATHAUS_ENCRYPTION_KEYS=TEST1):
        assert Message.objects.get(pk=message.pk).subject == "Altbestand"


def test_dry_run_counts_but_changes_nothing(old_data):
    output = reencrypt("--dry-run")
    assert "notifications.Message: 1 rows, would re-encrypt 2 values (old keys old0: 2)" in output
    assert key_ids(Message, "subject", "body") == {"old0"}


def test_second_run_has_nothing_to_do(old_data):
    reencrypt()
    output = reencrypt()
    assert "Nothing to do: all values are under key test1." in output
    assert key_ids(Message, "subject", "body") == {"test1"}


def test_small_batches_reach_every_row():
    with override_settings(RATHAUS_ENCRYPTION_KEYS=f"{OLD0},{TEST1}"):
        person = UserFactory()
        for n in range(7):
            Message.objects.create(recipient=person, subject=f"Nachricht {n}", body="x")
    reencrypt("--batch-size", "3")
    assert key_ids(Message, "subject", "body") == {"test1"}
    assert sorted(m.subject for m in Message.objects.all()) == [f"Nachricht {n}" for n in range(7)]


def test_value_under_a_missing_key_is_reported_and_exits_with_1(old_data):
    with override_settings(RATHAUS_ENCRYPTION_KEYS=TEST1):
        err = StringIO()
        with pytest.raises(CommandError) as excinfo:
            call_command("reencrypt", stdout=StringIO(), stderr=err)
    assert excinfo.value.returncode == 1
    assert "notifications.Message" in err.getvalue()
    assert "not in the key ring" in err.getvalue()
    assert "Altbestand" not in err.getvalue()
