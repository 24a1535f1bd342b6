"""Personal data is encrypted at rest, bound to its row and column, and never leaks as text."""

import base64

import pytest
from django.core.exceptions import FieldError
from django.db import connection
from django.test import override_settings

from rathaus.core.accounts.models import User, email_lookup_for
from rathaus.core.accounts.tests.factories import UserFactory
from rathaus.core.crypto import keyring
from rathaus.core.crypto.checks import check_encryption_keys
from rathaus.core.crypto.cipher import DecryptionError, blind_index, key_id_of
from rathaus.core.crypto.fields import Sealed
from rathaus.core.notifications.models import Message

MESSAGE_TABLE = Message._meta.db_table
OTHER_KEY = base64.urlsafe_b64encode(bytes(range(100, 132))).decode()


def raw_row(table: str, pk, *columns: str) -> tuple:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {', '.join(columns)} FROM {table} WHERE id = %s",  # noqa: S608
            [pk.hex if connection.vendor == "sqlite" else pk],
        )
        return cursor.fetchone()


@pytest.fixture
def message():
    return Message.objects.create(
        recipient=UserFactory(), subject="Ihr Hundesteuerbescheid", body="Betrag: 96 Euro"
    )


def test_database_row_holds_no_plaintext(message):
    subject, body = raw_row(MESSAGE_TABLE, message.pk, "subject", "body")
    assert "Hundesteuer" not in subject
    assert "96 Euro" not in body
    assert subject.startswith("v1:test1:")


def test_user_e_mail_and_name_are_not_stored_in_clear():
    person = UserFactory(email="erika.mustermann@example.org", family_name="Mustermann")
    email, family_name, lookup = raw_row(
        User._meta.db_table, person.pk, "email", "family_name", "email_lookup"
    )
    assert "erika" not in email and "Mustermann" not in family_name
    assert "erika" not in lookup
    assert User.objects.get(email_lookup=email_lookup_for("Erika.Mustermann@example.org")) == person


def test_value_reads_back_decrypted(message):
    fresh = Message.objects.get(pk=message.pk)
    assert fresh.subject == "Ihr Hundesteuerbescheid"
    assert fresh.body == "Betrag: 96 Euro"


def test_unknown_key_fails_loudly(message):
    with override_settings(RATHAUS_ENCRYPTION_KEYS=f"other:{OTHER_KEY}"):
        fresh = Message.objects.get(pk=message.pk)
        with pytest.raises(DecryptionError, match="not in the key ring"):
            _ = fresh.subject


def test_wrong_key_under_the_same_id_fails_loudly(message):
    with override_settings(RATHAUS_ENCRYPTION_KEYS=f"test1:{OTHER_KEY}"):
        fresh = Message.objects.get(pk=message.pk)
        with pytest.raises(DecryptionError, match="wrong key"):
            _ = fresh.subject


def test_value_copied_to_another_row_does_not_decrypt(message):
    other = Message.objects.create(recipient=message.recipient, subject="Anderes", body="x")
    (ciphertext,) = raw_row(MESSAGE_TABLE, message.pk, "subject")
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {MESSAGE_TABLE} SET subject = %s WHERE id = %s",  # noqa: S608
            [ciphertext, other.pk.hex if connection.vendor == "sqlite" else other.pk],
        )
    with pytest.raises(DecryptionError):
        _ = Message.objects.get(pk=other.pk).subject


def test_value_copied_to_another_column_does_not_decrypt(message):
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {MESSAGE_TABLE} SET body = subject")  # noqa: S608
    with pytest.raises(DecryptionError):
        _ = Message.objects.get(pk=message.pk).body


def test_sealed_value_never_becomes_text(message):
    sealed = Message.objects.values_list("subject", flat=True).get(pk=message.pk)
    assert isinstance(sealed, Sealed)
    with pytest.raises(DecryptionError):
        str(sealed)
    with pytest.raises(DecryptionError):
        f"{sealed}"  # noqa: B018
    assert "v1:" not in repr(sealed)


@pytest.mark.parametrize(
    "lookup", [{"subject": "x"}, {"subject__icontains": "x"}, {"subject__in": ["x"]}]
)
def test_filtering_on_an_encrypted_field_raises_field_error(lookup):
    with pytest.raises(FieldError, match="blind index"):
        list(Message.objects.filter(**lookup))


def test_isnull_filter_is_allowed(message):
    assert Message.objects.filter(subject__isnull=False).count() == 1


def test_plaintext_cannot_bypass_encryption_through_update(message):
    with pytest.raises(FieldError):
        Message.objects.filter(pk=message.pk).update(subject="im Klartext")


def test_blind_index_is_stable_and_separated_by_purpose():
    first = blind_index("anna@example.org", "accounts.user.email")
    keyring.reset_keyring_cache()
    assert blind_index("anna@example.org", "accounts.user.email") == first
    assert blind_index("anna@example.org", "opendata.contact") != first
    assert blind_index("anne@example.org", "accounts.user.email") != first
    assert len(first) == 64


def test_blind_index_depends_on_its_own_key():
    first = blind_index("anna@example.org", "accounts.user.email")
    with override_settings(RATHAUS_BLIND_INDEX_KEY=OTHER_KEY):
        assert blind_index("anna@example.org", "accounts.user.email") != first


def test_new_values_use_the_first_key_of_the_ring(message):
    with override_settings(
        RATHAUS_ENCRYPTION_KEYS=f"new2:{OTHER_KEY},test1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="
    ):
        message.subject = "Neu"
        message.save()
        (ciphertext,) = raw_row(MESSAGE_TABLE, message.pk, "subject")
        assert key_id_of(ciphertext) == "new2"
        assert Message.objects.get(pk=message.pk).body == "Betrag: 96 Euro"


def check_ids(**overrides) -> set[str]:
    with override_settings(**overrides):
        return {message.id for message in check_encryption_keys()}


def test_production_without_keys_fails_the_system_check():
    assert "crypto.E010" in check_ids(
        PRODUCTION=True, RATHAUS_ENCRYPTION_KEYS="", RATHAUS_BLIND_INDEX_KEY=""
    )


def test_malformed_keys_fail_the_system_check():
    assert {"crypto.E011", "crypto.E012"} <= check_ids(
        RATHAUS_ENCRYPTION_KEYS="nocolon", RATHAUS_BLIND_INDEX_KEY="c2hvcnQ="
    )


def test_configured_keys_pass_the_system_check():
    assert check_ids() == set()
