"""The e-file's key figures count the documents filed in a period, in the town's scope."""

import datetime

import time_machine
from django.utils import timezone

from rathaus.core.registries import kpi_registry
from rathaus.core.tenancy import current_town
from rathaus.records.models import Document

from .factories import DocumentFactory, ProcedureFactory

MARCH = (datetime.date(2026, 3, 1), datetime.date(2026, 3, 31))


def _filed_on(day: datetime.date, **fields) -> Document:
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(23, 30)))
    with time_machine.travel(moment, tick=False):
        return DocumentFactory(**fields)


def test_documents_filed_in_the_period_are_counted(db):
    procedure = ProcedureFactory()
    _filed_on(datetime.date(2026, 2, 28), procedure=procedure)
    _filed_on(datetime.date(2026, 3, 1), procedure=procedure, kind=Document.Kind.INCOMING)
    _filed_on(datetime.date(2026, 3, 31), procedure=procedure)
    _filed_on(datetime.date(2026, 4, 1), procedure=procedure, kind=Document.Kind.INCOMING)
    town = current_town()
    filed = kpi_registry.get("records.documents_filed").compute
    incoming = kpi_registry.get("records.incoming_filed").compute
    assert filed(town, MARCH) == 2
    assert incoming(town, MARCH) == 1
    assert filed(town, None) == 4
    assert incoming(town, None) == 2


def test_another_towns_documents_do_not_count(db, other_town):
    _filed_on(datetime.date(2026, 3, 10))
    assert kpi_registry.get("records.documents_filed").compute(other_town, MARCH) == 0
