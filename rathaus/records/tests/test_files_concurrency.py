"""Two clerks creating files at the same moment never get the same reference (PostgreSQL)."""

import threading

import pytest
from django.db import connection

from rathaus.core.tenancy import for_town
from rathaus.records.models import RecordFile
from rathaus.records.services import files as file_services

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks need PostgreSQL"
)


@pytest.mark.django_db(transaction=True)
def test_parallel_creates_get_distinct_numbers(town, clerk, units, plan_entry):
    from django.db import connections

    barrier = threading.Barrier(4)
    errors = []

    def work():
        try:
            with for_town(town):
                barrier.wait()
                for _ in range(3):
                    file_services.create_file(
                        actor=clerk,
                        data={"unit": units["building"], "plan_entry": plan_entry, "title": "T"},
                    )
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    numbers = sorted(RecordFile.objects.values_list("number", flat=True))
    assert numbers == list(range(1, 13))
    assert RecordFile.objects.values("reference").distinct().count() == 12
