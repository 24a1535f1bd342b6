"""Factories of the programme's models, one per model, with defaults that make a valid row of
the town in scope. Dates are relative to today unless a test needs the calendar year (see
``MeasureFactory``'s ``this_year``); amounts are round. The people and clients are fixtures
in ``conftest.py``."""

import datetime
import io
from decimal import Decimal

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from rathaus.core.accounts.tests.factories import StaffFactory, UnitFactory
from rathaus.core.uploads.services import store_upload

from ..models import (
    AnnualReport,
    BestPractice,
    BudgetAccount,
    BudgetAllocation,
    CostItem,
    Decision,
    ExpertGroupMember,
    FieldOfAction,
    FundingApplication,
    FundingProgramme,
    GroupDocument,
    GroupTask,
    KeyFigure,
    KeyFigureTarget,
    KeyFigureValue,
    Level,
    Measure,
    Meeting,
    Milestone,
    Posting,
    Risk,
    StaffPlanEntry,
)

THIS_YEAR = timezone.localdate().year

# The registry key of the key figure the ``fake_kpi`` fixture registers.
FAKE_KEY = "testing.figure"


def today() -> datetime.date:
    return timezone.localdate()


def days(number: int) -> datetime.date:
    """The day ``number`` days from today (before it when negative)."""
    return today() + datetime.timedelta(days=number)


def pdf_upload(name: str = "protokoll.pdf") -> SimpleUploadedFile:
    """A small real PDF (the upload service checks the content, not the name)."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    output = io.BytesIO()
    writer.write(output)
    return SimpleUploadedFile(name, output.getvalue(), content_type="application/pdf")


# --- Concept and measures ---------------------------------------------------------------


class FieldOfActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FieldOfAction

    slug = factory.Sequence(lambda n: f"handlungsfeld-{n}")
    title = factory.Sequence(lambda n: f"Handlungsfeld {n}")
    description = "Was die Stadt in diesem Feld erreichen will."
    position = factory.Sequence(int)


class MeasureFactory(factory.django.DjangoModelFactory):
    """A planned measure that started a month ago (or earlier when it ends before that) and
    ends in 120 days.

    ``this_year=True``: in progress from 1 January to 31 December of this year, as the
    plan's and budget's tests count by the calendar year.
    """

    class Meta:
        model = Measure
        skip_postgeneration_save = True

    class Params:
        this_year = factory.Trait(
            status=Measure.Status.IN_PROGRESS,
            starts_on=datetime.date(THIS_YEAR, 1, 1),
            ends_on=datetime.date(THIS_YEAR, 12, 31),
        )

    field = factory.SubFactory(FieldOfActionFactory)
    code = factory.Sequence(lambda n: f"9.{n}")
    title = factory.Sequence(lambda n: f"Maßnahme {n}")
    goal = "Anträge können online gestellt werden."
    status = Measure.Status.PLANNED
    starts_on = factory.LazyAttribute(
        lambda measure: min(days(-30), measure.ends_on) if measure.ends_on else days(-30)
    )
    ends_on = factory.LazyFunction(lambda: days(120))


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    measure = factory.SubFactory(MeasureFactory)
    title = factory.Sequence(lambda n: f"Meilenstein {n}")
    due_on = factory.LazyFunction(lambda: days(30))


class RiskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Risk

    measure = factory.SubFactory(MeasureFactory)
    description = factory.Sequence(lambda n: f"Risiko {n}: Der Dienstleister liefert spät.")
    likelihood = Level.MEDIUM
    impact = Level.HIGH
    mitigation = "Vertragsstrafe vereinbaren."


# --- Costs, staff and the budget account ------------------------------------------------


class CostItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CostItem

    measure = factory.SubFactory(MeasureFactory, this_year=True)
    year = THIS_YEAR
    kind = CostItem.Kind.ONE_OFF
    category = "services"
    planned = Decimal("1000.00")
    committed = Decimal("0.00")


class StaffPlanEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffPlanEntry

    unit = factory.SubFactory(UnitFactory)
    year = THIS_YEAR
    fte = Decimal("1.00")


class BudgetAccountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BudgetAccount

    number = factory.Sequence(lambda n: f"5431{n:04d}")
    product = "1.1.10 Informationstechnik"
    title = "Digitalisierung / E-Government"


class BudgetAllocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BudgetAllocation

    account = factory.SubFactory(BudgetAccountFactory)
    year = THIS_YEAR
    amount = Decimal("100000.00")


class PostingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Posting

    account = factory.SubFactory(BudgetAccountFactory)
    booked_on = datetime.date(THIS_YEAR, 3, 15)
    amount = Decimal("100.00")
    text = factory.Sequence(lambda n: f"Rechnung {n}")
    reference = factory.Sequence(lambda n: f"RE-{n:05d}")


# --- Key figures --------------------------------------------------------------------------


class KeyFigureFactory(factory.django.DjangoModelFactory):
    """A manual figure, higher is better.

    ``computed=True``: computed from the key figure the ``fake_kpi`` fixture registers.
    """

    class Meta:
        model = KeyFigure

    class Params:
        computed = factory.Trait(source=KeyFigure.Source.COMPUTED, registry_key=FAKE_KEY)

    slug = factory.Sequence(lambda n: f"kennzahl-{n}")
    title = factory.Sequence(lambda n: f"Kennzahl {n}")
    unit = "%"
    description = "Was gezählt wird."
    direction = KeyFigure.Direction.UP
    source = KeyFigure.Source.MANUAL
    registry_key = ""
    position = factory.Sequence(int)


class KeyFigureTargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KeyFigureTarget

    figure = factory.SubFactory(KeyFigureFactory)
    year = factory.LazyFunction(lambda: today().year)
    value = Decimal("50")


class KeyFigureValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KeyFigureValue

    figure = factory.SubFactory(KeyFigureFactory)
    month = datetime.date(2025, 1, 1)
    value = Decimal("10")
    evidence = "Zählung der Registratur."


# --- Funding and best practices -----------------------------------------------------------


class FundingProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FundingProgramme
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Förderprogramm {n}")
    level = FundingProgramme.Level.LAND
    funder = "Land Hessen"
    funds = "Digitalisierung der Verwaltung"
    source = "https://example.org/richtlinie (geprüft am 29.11.2026)"


class FundingApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FundingApplication

    programme = factory.SubFactory(FundingProgrammeFactory)
    status = FundingApplication.Status.PREPARING
    amount_requested = Decimal("50000.00")


class BestPracticeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BestPractice
        skip_postgeneration_save = True

    municipality = factory.Sequence(lambda n: f"Musterstadt {n}")
    topic = "Digitales Bauamt"
    summary = "Bauanträge werden digital gestellt und bearbeitet."
    source = "https://example.org/bericht (geprüft am 29.11.2026)"


# --- Expert group -------------------------------------------------------------------------


class ExpertGroupMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExpertGroupMember

    person = factory.SubFactory(StaffFactory)
    organisation = "Stadt Weiterstadt"


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    title = factory.Sequence(lambda n: f"{n + 1}. Sitzung")
    starts_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=3))
    place = "Rathaus, Sitzungszimmer 2"
    agenda = "1. Begrüßung\n2. Stand der Maßnahmen"


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Decision

    meeting = factory.SubFactory(MeetingFactory)
    number = factory.Sequence(lambda n: n + 1)
    text = "Die Gruppe empfiehlt, den Förderantrag zu stellen."


class GroupTaskFactory(factory.django.DjangoModelFactory):
    """An open task from a decision, due in two weeks."""

    class Meta:
        model = GroupTask

    decision = factory.SubFactory(DecisionFactory)
    title = factory.Sequence(lambda n: f"Aufgabe {n}: Antragsskizze entwerfen")
    owner = factory.SubFactory(StaffFactory)
    due_on = factory.LazyFunction(lambda: days(14))


class GroupDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GroupDocument

    meeting = factory.SubFactory(MeetingFactory)
    title = factory.Sequence(lambda n: f"Protokoll {n}")
    file = factory.LazyFunction(lambda: store_upload(uploaded_file=pdf_upload(), kinds={"pdf"}))


# --- Annual report ------------------------------------------------------------------------


class AnnualReportFactory(factory.django.DjangoModelFactory):
    """A draft report of this year."""

    class Meta:
        model = AnnualReport

    year = THIS_YEAR
