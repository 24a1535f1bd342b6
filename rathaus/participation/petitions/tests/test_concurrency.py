"""Petitions sent at the same moment get different reference numbers (the sequence row is
locked while a number is taken). Threads on their own database connections; on SQLite
they run one after the other, on PostgreSQL they really overlap."""

import uuid

import pytest

from rathaus.services.appointments.tests.test_concurrency import (  # noqa: F401
    database_for_threads,
    run_in_parallel,
)

from ..models import Petition
from ..services.submission import submit_petition

pytestmark = pytest.mark.django_db(transaction=True)


def test_parallel_petitions_get_unique_reference_numbers(
    database_for_threads,  # noqa: F811
    town,
    citizen,
    council,
):
    def send(number):
        return submit_petition(
            submitter=citizen,
            addressee=council,
            kind="suggestion",
            subject=f"Anregung {number}",
            text="Text",
            consent=True,
            idempotency_key=uuid.uuid4(),
        ).reference

    results = run_in_parallel(town, send, 4)
    assert all(isinstance(result, str) for result in results), results
    assert len(set(results)) == 4
    assert Petition.objects.count() == 4
    assert sorted(int(r.rsplit("-", 1)[1]) for r in results) == [1, 2, 3, 4]
