"""The audit trail is a hash chain: any change made behind the application's back is found."""

import threading
from contextlib import contextmanager
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, connections, transaction
from django.http import HttpResponse

from rathaus.core.accounts.tests.factories import UserFactory
from rathaus.core.audit.middleware import AuditContextMiddleware, client_ip
from rathaus.core.audit.models import AppendOnlyError, AuditEntry, ChainHead
from rathaus.core.audit.services import record, record_permission_denied
from rathaus.core.audit.verify import verify_chain
from rathaus.core.tenancy import for_town


@contextmanager
def tampering():
    """Switch the PostgreSQL append-only triggers off, as an attacker with the table's
    owner rights could; SQLite has no triggers to switch."""
    postgres = connection.vendor == "postgresql"
    if postgres:
        with connection.cursor() as cursor:
            # The town foreign key is checked at commit; settle those checks first, or
            # PostgreSQL refuses to alter a table with pending trigger events.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER USER")
    try:
        with connection.cursor() as cursor:
            yield cursor
    finally:
        if postgres:
            with connection.cursor() as cursor:
                cursor.execute("ALTER TABLE audit_auditentry ENABLE TRIGGER USER")


def make_entries(count: int) -> list[AuditEntry]:
    return [
        record(action=AuditEntry.Action.OTHER, object_type="test.thing", summary=f"entry {n}")
        for n in range(1, count + 1)
    ]


def run_verify() -> tuple[int, str, str]:
    out, err = StringIO(), StringIO()
    try:
        call_command("audit_verify", stdout=out, stderr=err)
    except CommandError as exc:
        return exc.returncode, out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def test_intact_chain_verifies_with_exit_code_0_and_a_count():
    make_entries(5)
    code, out, err = run_verify()
    assert code == 0
    assert "5 entries checked" in out
    assert err == ""


def test_empty_trail_verifies():
    assert verify_chain().ok


def test_entries_link_to_the_one_before():
    first, second = make_entries(2)
    assert second.previous_hash == first.entry_hash
    assert (second.sequence, ChainHead.objects.get().entry_hash) == (2, second.entry_hash)


def test_entry_changed_in_the_database_is_detected():
    make_entries(3)
    with tampering() as cursor:
        cursor.execute("UPDATE audit_auditentry SET summary = %s WHERE sequence = 2", ["harmless"])
    code, _out, err = run_verify()
    assert code == 1
    assert "Entry #2: its content was changed" in err


def test_entry_changed_with_a_recomputed_hash_breaks_the_link_of_the_next():
    make_entries(3)
    entry = AuditEntry.objects.get(sequence=2)
    entry.summary = "rewritten"
    forged_hash = entry.compute_hash()
    with tampering() as cursor:
        cursor.execute(
            "UPDATE audit_auditentry SET summary = %s, entry_hash = %s WHERE sequence = 2",
            ["rewritten", forged_hash],
        )
    code, _out, err = run_verify()
    assert code == 1
    assert "Entry #3: does not link to the entry before it" in err


def test_deleted_entry_is_detected():
    make_entries(4)
    with tampering() as cursor:
        cursor.execute("DELETE FROM audit_auditentry WHERE sequence = 2")
    code, _out, err = run_verify()
    assert code == 1
    assert "Entry #3: expected #2" in err


def test_inserted_entry_is_detected():
    entries = make_entries(3)
    with tampering() as cursor:
        cursor.execute(
            "INSERT INTO audit_auditentry (town_id, sequence, timestamp, actor_id, actor_label, "
            "action, object_type, object_id, object_repr, summary, changes, user_agent, "
            "previous_hash, entry_hash) "
            "VALUES (%s, %s, %s, '', '', 'other', '', '', '', 'smuggled in', '{}', '', %s, %s)",
            [
                entries[-1].town_id.hex if connection.vendor == "sqlite" else entries[-1].town_id,
                4,
                entries[-1].timestamp,
                entries[-1].entry_hash,
                "f" * 64,
            ],
        )
    code, _out, err = run_verify()
    assert code == 1
    assert "Entry #4: its content was changed" in err
    assert "the head records #3" in err


def test_cut_off_end_of_the_chain_is_detected():
    make_entries(4)
    with tampering() as cursor:
        cursor.execute("DELETE FROM audit_auditentry WHERE sequence >= 3")
    code, _out, err = run_verify()
    assert code == 1
    assert "The chain ends at #2 but the head records #4" in err


def test_broken_chain_lists_every_problem():
    make_entries(5)
    with tampering() as cursor:
        cursor.execute("UPDATE audit_auditentry SET summary = 'x' WHERE sequence IN (2, 4)")
    code, _out, err = run_verify()
    assert code == 1
    assert "Entry #2: its content was changed" in err
    assert "Entry #4: its content was changed" in err
    assert "2 problem(s) in 5 entries checked" in err


def test_existing_entry_cannot_be_saved_or_deleted_through_the_model():
    (entry,) = make_entries(1)
    entry.summary = "changed"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).update(summary="changed")
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.get().summary == "entry 1"
    assert verify_chain().ok


def test_postgresql_refuses_update_delete_and_truncate_of_entries():
    if connection.vendor != "postgresql":
        pytest.skip("The append-only triggers exist on PostgreSQL only.")
    make_entries(2)
    statements = [
        "UPDATE audit_auditentry SET summary = 'x'",
        "DELETE FROM audit_auditentry",
        # The test connection may truncate (test_settings); production connections may not.
        "SET CONSTRAINTS ALL IMMEDIATE; SET LOCAL rathaus.audit_truncate_allowed = 'off'; "
        "TRUNCATE audit_auditentry",
    ]
    for statement in statements:
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement)
    assert AuditEntry.objects.count() == 2
    assert verify_chain().ok


def test_rolled_back_entry_leaves_a_valid_chain():
    make_entries(1)
    with pytest.raises(RuntimeError), transaction.atomic():
        record(action=AuditEntry.Action.OTHER, summary="never happened")
        raise RuntimeError
    make_entries(1)
    assert list(AuditEntry.objects.values_list("sequence", flat=True)) == [1, 2]
    assert verify_chain().ok


def test_appends_from_nested_transactions_keep_a_valid_chain():
    with transaction.atomic():
        record(action=AuditEntry.Action.OTHER, summary="outer")
        with transaction.atomic():
            record(action=AuditEntry.Action.OTHER, summary="inner")
        record(action=AuditEntry.Action.OTHER, summary="outer again")
    assert verify_chain().ok
    assert verify_chain().checked == 3


@pytest.mark.django_db(transaction=True)
def test_concurrent_appends_keep_a_valid_chain(town):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite's in-memory test database cannot take concurrent writers.")
    threads_count, per_thread = 4, 10
    errors = []
    barrier = threading.Barrier(threads_count)

    def append():
        try:
            barrier.wait()
            with for_town(town):
                for n in range(per_thread):
                    record(action=AuditEntry.Action.OTHER, summary=f"thread entry {n}")
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=append) for _ in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    result = verify_chain()
    assert result.ok, result.problems
    assert result.checked == threads_count * per_thread


def test_permission_denied_is_recorded_with_the_actor():
    person = UserFactory()
    entry = record_permission_denied(
        actor=person, object_type="records.file", summary="opened a file of another unit"
    )
    assert entry.action == AuditEntry.Action.PERMISSION_DENIED
    assert entry.actor_id == str(person.pk)
    assert entry.object_type == "records.file"
    assert verify_chain().ok


def test_request_address_and_browser_are_recorded(rf):
    def view(request):
        record(action=AuditEntry.Action.VIEW, summary="looked")
        return HttpResponse()

    request = rf.get("/", REMOTE_ADDR="203.0.113.9", HTTP_USER_AGENT="TestBrowser/1.0")
    AuditContextMiddleware(view)(request)
    outside = record(action=AuditEntry.Action.OTHER, summary="outside a request")
    inside = AuditEntry.objects.get(action=AuditEntry.Action.VIEW)
    assert (inside.ip_address, inside.user_agent) == ("203.0.113.9", "TestBrowser/1.0")
    assert (outside.ip_address, outside.user_agent) == (None, "")
    assert verify_chain().ok


def test_forwarded_address_is_trusted_only_behind_configured_proxies(rf, settings):
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.7")
    settings.AXES_IPWARE_PROXY_COUNT = None
    assert client_ip(request) == "10.0.0.2"
    settings.AXES_IPWARE_PROXY_COUNT = 1
    assert client_ip(request) == "198.51.100.7"


def test_audit_verify_help_explains_exit_codes():
    from rathaus.core.audit.management.commands.audit_verify import Command

    assert "Exits with 0" in Command.help and "with 1" in Command.help


def test_numbers_in_changes_survive_the_database_round_trip():
    record(
        action=AuditEntry.Action.UPDATE,
        summary="numbers",
        changes={"amount": [1.0, 2.5], "big": [1e20, 3], "odd": [float("nan"), None]},
    )
    entry = AuditEntry.objects.get()
    assert entry.changes["amount"] == [1, 2.5]
    assert verify_chain().ok
