"""Inputs and answers of the online services' JSON API, with the descriptions the OpenAPI
document shows. Fields the models do not hold as such are computed by ``resolve_*``."""

import datetime
import uuid
from typing import Annotated, Any, Literal

from django.urls import NoReverseMatch, reverse
from ninja import Field, Schema
from pydantic import StringConstraints

from ..formdefs import engine
from ..models import Application, ApplicationEvent, ApplicationMessage, Service
from ..models.catalogue import Audience
from ..services import applications as applying
from ..services import cases

ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=5000)]
LongText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20000)]


class ErrorOut(Schema):
    detail: str = Field(description="What went wrong, translated (Accept-Language).")


class InputProblemOut(Schema):
    loc: list[str | int] = Field(description="Where: e.g. body, payload, text.")
    msg: str
    type: str


class InvalidInputOut(Schema):
    detail: list[InputProblemOut]


def _absolute(request, view_name: str, *args) -> str | None:
    try:
        return request.build_absolute_uri(reverse(view_name, args=args))
    except NoReverseMatch:  # a module (e.g. appointments) may be switched off
        return None


class LifeSituationOut(Schema):
    slug: str
    title: str


class ServiceRef(Schema):
    slug: str
    name: str


class ServiceSummaryOut(Schema):
    id: uuid.UUID
    slug: str
    name: str
    summary: str
    leika_key: str = Field(description="14-digit service key (Leistungsschlüssel); may be empty.")
    audience: Audience = Field(description="Who may apply.")
    maturity: Service.Maturity = Field(description="Online maturity (OZG level 0–4).")
    online: bool = Field(description="Whether it can be applied for online here.")
    url: str = Field(description="The service's page in the catalogue.")

    @staticmethod
    def resolve_online(obj) -> bool:
        return obj.form_version is not None

    @staticmethod
    def resolve_url(obj, context) -> str:
        return _absolute(context["request"], "catalogue:service", obj.slug)


class AlternativesOut(Schema):
    appointment_url: str | None = Field(description="Book an appointment in person.")
    callback_url: str | None = Field(description="Ask to be called back.")
    paper_form_url: str | None = Field(description="The form to print (PDF).")


class ServiceOut(ServiceSummaryOut):
    description: str
    easy_language: str = Field(description="The service in Leichte Sprache; may be empty.")
    unit: str = Field(description="Name of the responsible unit.")
    required_documents: list[str]
    fees: str = Field(description="The fees as text.")
    legal_basis: str
    processing_days: int | None = Field(description="Typical processing time, working days.")
    alternatives: AlternativesOut
    life_situations: list[LifeSituationOut]
    form_version: int | None = Field(description="Number of the current form version.")

    @staticmethod
    def resolve_unit(obj) -> str:
        return obj.unit.name

    @staticmethod
    def resolve_required_documents(obj) -> list[str]:
        return obj.document_list

    @staticmethod
    def resolve_life_situations(obj):
        return obj.life_situations.all()

    @staticmethod
    def resolve_alternatives(obj, context) -> dict:
        request = context["request"]
        appointment = obj.offers_appointment or obj.needs_appointment
        paper_form = obj.offers_paper_form and obj.form_version is not None
        return {
            "appointment_url": _absolute(request, "appointments:book", obj.slug)
            if appointment
            else None,
            "callback_url": _absolute(request, "catalogue:callback", obj.slug)
            if obj.offers_callback
            else None,
            "paper_form_url": _absolute(request, "catalogue:paper_form", obj.slug)
            if paper_form
            else None,
        }


class CatalogueQuery(Schema):
    q: str = Field(
        "", max_length=200, description="Search words; typos and word order do not matter."
    )
    audience: Literal["citizens", "businesses"] | None = Field(
        None, description="Only services for citizens, or for businesses."
    )
    situation: str | None = Field(None, description="Only services of this life situation (slug).")


class FormOut(Schema):
    version: int
    published_at: datetime.datetime
    source: str = Field(description="Where the form came from, e.g. a FIM schema.")
    definition: dict[str, Any] = Field(description="The form definition (pages, groups, fields).")

    @staticmethod
    def resolve_version(obj) -> int:
        return obj.number


class EventOut(Schema):
    kind: ApplicationEvent.Kind
    label: str
    created_at: datetime.datetime

    @staticmethod
    def resolve_label(obj) -> str:
        return obj.get_kind_display()


class MessageOut(Schema):
    id: uuid.UUID
    text: str
    direction: ApplicationMessage.Direction
    purpose: ApplicationMessage.Purpose
    created_at: datetime.datetime


def _organisation_name(application) -> str | None:
    return application.organisation.name if application.organisation_id else None


class ApplicationSummaryOut(Schema):
    id: uuid.UUID
    reference: str = Field(description="Reference number; empty for drafts.")
    service: ServiceRef
    state: Application.State
    state_label: str
    organisation: str | None = Field(description="The business applied for, if any.")
    submitted_at: datetime.datetime | None
    received_at: datetime.datetime | None = Field(description="When it reached the clerks.")
    decided_at: datetime.datetime | None
    fee_cents: int

    @staticmethod
    def resolve_state_label(obj) -> str:
        return obj.get_state_display()

    @staticmethod
    def resolve_organisation(obj) -> str | None:
        return _organisation_name(obj)


class ApplicationOut(ApplicationSummaryOut):
    events: list[EventOut]
    messages: list[MessageOut]

    @staticmethod
    def resolve_events(obj):
        return obj.events.all()

    @staticmethod
    def resolve_messages(obj):
        return obj.messages.all()


class PersonRef(Schema):
    id: uuid.UUID
    name: str

    @staticmethod
    def resolve_name(obj) -> str:
        return obj.get_full_name() or obj.email


class CaseSummaryOut(Schema):
    id: uuid.UUID
    reference: str
    service: ServiceRef
    state: Application.State
    state_label: str
    applicant_name: str
    organisation: str | None
    assigned_to: PersonRef | None
    received_at: datetime.datetime | None
    due_on: datetime.date | None

    @staticmethod
    def resolve_state_label(obj) -> str:
        return obj.get_state_display()

    @staticmethod
    def resolve_applicant_name(obj) -> str:
        return obj.applicant_name or obj.contact_email

    @staticmethod
    def resolve_organisation(obj) -> str | None:
        return _organisation_name(obj)


class SummaryRowOut(Schema):
    label: str
    value: str


class SummarySectionOut(Schema):
    title: str
    rows: list[SummaryRowOut]


class FeeItemOut(Schema):
    label: str
    quantity: str = Field(description="A decimal number as text.")
    unit_cents: int
    amount_cents: int

    @staticmethod
    def resolve_quantity(obj) -> str:
        return str(obj.quantity)


class ProcedureOut(Schema):
    id: uuid.UUID
    reference: str = Field(description="File reference of the procedure (Vorgang).")
    title: str
    state: str


class CaseEventOut(EventOut):
    actor: PersonRef | None


class CaseMessageOut(MessageOut):
    author: PersonRef | None
    document_id: uuid.UUID | None = Field(description="The message as a document in the e-file.")
    answered_at: datetime.datetime | None


class CaseOut(CaseSummaryOut):
    contact_email: str
    submitted_at: datetime.datetime | None
    decided_at: datetime.datetime | None
    closed_at: datetime.datetime | None
    is_open: bool = Field(description="Whether clerks can still act on it (query, decide).")
    fee_cents: int
    fees: list[FeeItemOut]
    answers: dict[str, Any] = Field(description="The answers as stored (see the form schema).")
    summary: list[SummarySectionOut] = Field(description="The answers as the case page shows them.")
    events: list[CaseEventOut]
    messages: list[CaseMessageOut]
    procedure: ProcedureOut | None = Field(description="The procedure in the e-file, if filed.")
    co_signing_running: bool = Field(description="A co-signing route still waits; no decision.")

    @staticmethod
    def resolve_is_open(obj) -> bool:
        return obj.state in cases.OPEN_STATES

    @staticmethod
    def resolve_fees(obj):
        return applying.fees_of(obj)

    @staticmethod
    def resolve_summary(obj) -> list[dict]:
        return engine.summary(obj.form.definition, obj.answers, applying.file_names(obj))

    @staticmethod
    def resolve_events(obj):
        return obj.events.select_related("actor")

    @staticmethod
    def resolve_messages(obj):
        return obj.messages.select_related("author")

    @staticmethod
    def resolve_co_signing_running(obj) -> bool:
        from rathaus.records.services.routes import has_running_route

        return bool(obj.procedure and has_running_route(obj.procedure))


class QueueQuery(Schema):
    queue: Literal["new", "mine", "waiting", "due_soon", "overdue", "open", "decided"] = Field(
        "open", description="The work queue, as on the clerks' page."
    )
    service: uuid.UUID | None = Field(None, description="Only applications for this service.")


class AssignIn(Schema):
    clerk: uuid.UUID | None = Field(
        None, description="Id of the member of staff to give it to; null: take it yourself."
    )


class TextIn(Schema):
    text: Text


class DecisionIn(Schema):
    subject: ShortText = Field(description="The decision in one line.")
    body: LongText = Field(description="Text of the notice (Bescheid).")


class NoteOut(Schema):
    id: uuid.UUID
    text: str
    created_at: datetime.datetime
