"""The online services' JSON API (a django-ninja router that ``rathaus/api.py`` mounts):
the public catalogue, an applicant's own applications, and the clerks' case API.

Reads go through the same querysets as the pages, writes through the same service
functions (``services/cases.py``), so the API and the pages cannot disagree about who
sees or may do what. Refusals of the services become 409 (see ``rathaus/api.py``).
"""

import datetime
import uuid
from typing import Annotated, Any, Literal

from django.db.models import OuterRef, Subquery
from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch, reverse
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError, ValidationError
from ninja.pagination import PageNumberPagination, paginate
from ninja.responses import Status
from ninja.security import django_auth
from pydantic import StringConstraints

from rathaus.core.accounts.api_tokens import ApiTokenAuth
from rathaus.core.accounts.models import User

from .exceptions import NoForm
from .formdefs import engine
from .formdefs.jsonschema import answers_schema
from .models import Application, ApplicationEvent, ApplicationMessage, FormDefinition, Service
from .models.catalogue import Audience
from .search import search_services
from .services import applications as applying
from .services import cases
from .views.staff import QUEUES

router = Router()

PAGE_SIZE = 25
MAX_PAGE_SIZE = 100
TAG_CATALOGUE = "Service catalogue"
TAG_MINE = "My applications"
TAG_STAFF = "Staff: applications"

# The queues of the clerks' page (``views.staff.QUEUES``) under English names.
QUEUE_KEYS = {
    "new": "neu",
    "mine": "meine",
    "waiting": "rueckfrage",
    "due_soon": "bald-faellig",
    "overdue": "ueberfaellig",
    "open": "offen",
    "decided": "erledigt",
}

ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=5000)]
LongText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20000)]


# --- schemas -------------------------------------------------------------------------------


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


# --- reads -----------------------------------------------------------------------------------


def _published_services():
    """Published services with the number of their current form (null: not online)."""
    forms = FormDefinition.objects.filter(
        service=OuterRef("pk"), published_at__isnull=False
    ).order_by("-number")
    return Service.objects.published().annotate(form_version=Subquery(forms.values("number")[:1]))


def _service_or_404(slug: str) -> Service:
    return get_object_or_404(
        _published_services().select_related("unit").prefetch_related("life_situations"),
        slug=slug,
    )


def _current_form_or_404(service: Service) -> FormDefinition:
    form = applying.current_form(service)
    if form is None:
        raise HttpError(404, str(NoForm.message))
    return form


def _case(request, pk) -> Application:
    """An application the token's owner may see, or 404."""
    return get_object_or_404(
        Application.objects.visible_to_staff(request.auth).select_related(
            "service", "form", "procedure", "procedure__file", "assigned_to", "organisation"
        ),
        pk=pk,
    )


# --- the public catalogue --------------------------------------------------------------------


@router.get(
    "/services/",
    response=list[ServiceSummaryOut],
    tags=[TAG_CATALOGUE],
    summary="List published services",
    auth=None,
)
@paginate(PageNumberPagination, page_size=PAGE_SIZE, max_page_size=MAX_PAGE_SIZE)
def list_services(request, filters: Query[CatalogueQuery]):
    """The town's published services by name; with `q`, the best matches first."""
    services = _published_services()
    if filters.audience:
        services = services.for_audience(filters.audience)
    if filters.situation:
        services = services.filter(life_situations__slug=filters.situation)
    query = filters.q.strip()
    if query:
        return search_services(services.prefetch_related("life_situations"), query)
    return services


@router.get(
    "/services/{slug}",
    response={200: ServiceOut, 404: ErrorOut},
    tags=[TAG_CATALOGUE],
    summary="A service with everything the catalogue says about it",
    auth=None,
)
def get_service(request, slug: str):
    return _service_or_404(slug)


@router.get(
    "/services/{slug}/form",
    response={200: FormOut, 404: ErrorOut},
    tags=[TAG_CATALOGUE],
    summary="The current published form definition",
    auth=None,
)
def get_form(request, slug: str):
    return _current_form_or_404(_service_or_404(slug))


@router.get(
    "/services/{slug}/form/schema",
    response={200: dict[str, Any], 404: ErrorOut},
    tags=[TAG_CATALOGUE],
    summary="JSON Schema of the answers to the current form",
    auth=None,
)
def get_form_schema(request, slug: str):
    """A JSON Schema (draft 2020-12) that stored answers to the current form satisfy."""
    service = _service_or_404(slug)
    return answers_schema(_current_form_or_404(service).definition, title=service.name)


# --- the applicant's own applications (signed-in session) ----------------------------------


def _own_applications(request):
    return Application.objects.of_applicant(request.auth).select_related("service", "organisation")


@router.get(
    "/me/applications",
    response=list[ApplicationSummaryOut],
    tags=[TAG_MINE],
    summary="My applications",
    auth=django_auth,
)
@paginate(PageNumberPagination, page_size=PAGE_SIZE, max_page_size=MAX_PAGE_SIZE)
def list_my_applications(request):
    """Applications of the signed-in person and of the businesses they act for, latest
    first (drafts included)."""
    return _own_applications(request).order_by("-updated_at", "-created_at")


@router.get(
    "/me/applications/{application_id}",
    response={200: ApplicationOut, 401: ErrorOut, 404: ErrorOut},
    tags=[TAG_MINE],
    summary="One of my applications, with its history and messages",
    auth=django_auth,
)
def get_my_application(request, application_id: uuid.UUID):
    return get_object_or_404(_own_applications(request), pk=application_id)


# --- the clerks' case API (API token) --------------------------------------------------------

staff_auth = ApiTokenAuth()
STAFF_ERRORS = {401: ErrorOut, 404: ErrorOut, 409: ErrorOut}
STAFF_INPUT_ERRORS = {**STAFF_ERRORS, 422: InvalidInputOut}


@router.get(
    "/staff/applications",
    response=list[CaseSummaryOut],
    tags=[TAG_STAFF],
    summary="A work queue",
    auth=staff_auth,
)
@paginate(PageNumberPagination, page_size=PAGE_SIZE, max_page_size=MAX_PAGE_SIZE)
def list_cases(request, filters: Query[QueueQuery]):
    """The applications of a queue that reached the units of the token's owner, due first."""
    base = Application.objects.visible_to_staff(request.auth)
    if filters.service:
        base = base.filter(service_id=filters.service)
    select = QUEUES[QUEUE_KEYS[filters.queue]][1]
    return select(base, request.auth).for_queue()


@router.get(
    "/staff/applications/{application_id}",
    response={200: CaseOut, **STAFF_ERRORS},
    tags=[TAG_STAFF],
    summary="An application with everything the case page shows",
    auth=staff_auth,
)
def get_case(request, application_id: uuid.UUID):
    return _case(request, application_id)


@router.post(
    "/staff/applications/{application_id}/assign",
    response={200: CaseOut, **STAFF_INPUT_ERRORS},
    tags=[TAG_STAFF],
    summary="Assign the application, or take it",
    auth=staff_auth,
)
def assign_case(request, application_id: uuid.UUID, payload: AssignIn):
    """Give the application to a clerk of its unit; with `clerk` null, take it yourself."""
    application = _case(request, application_id)
    clerk = request.auth
    if payload.clerk is not None:
        clerk = User.objects.staff().active().filter(pk=payload.clerk).first()
        if clerk is None:
            raise ValidationError(
                [
                    {
                        "type": "value_error",
                        "loc": ["body", "payload", "clerk"],
                        "msg": "No active member of staff has this id.",
                    }
                ]
            )
    cases.assign(actor=request.auth, application=application, to=clerk)
    return _case(request, application_id)


@router.post(
    "/staff/applications/{application_id}/queries",
    response={201: CaseMessageOut, **STAFF_INPUT_ERRORS},
    tags=[TAG_STAFF],
    summary="Ask the applicant for something",
    auth=staff_auth,
)
def send_query(request, application_id: uuid.UUID, payload: TextIn):
    """The query goes to the applicant's postbox and by e-mail, and is filed in the e-file
    as a letter; the application then waits for the reply (state `query`)."""
    application = _case(request, application_id)
    message = cases.send_query(actor=request.auth, application=application, text=payload.text)
    return Status(201, message)


@router.post(
    "/staff/applications/{application_id}/notes",
    response={201: NoteOut, **STAFF_INPUT_ERRORS},
    tags=[TAG_STAFF],
    summary="File a note (Vermerk) in the e-file",
    auth=staff_auth,
)
def add_note(request, application_id: uuid.UUID, payload: TextIn):
    application = _case(request, application_id)
    note = cases.add_case_note(actor=request.auth, application=application, text=payload.text)
    return Status(201, note)


@router.post(
    "/staff/applications/{application_id}/decision",
    response={201: CaseMessageOut, **STAFF_INPUT_ERRORS},
    tags=[TAG_STAFF],
    summary="Decide with a notice (Bescheid)",
    auth=staff_auth,
)
def decide(request, application_id: uuid.UUID, payload: DecisionIn):
    """The notice is filed in the e-file and sent to the applicant as PDF. Refused (409)
    while a co-signing route still runs."""
    application = _case(request, application_id)
    message = cases.decide(
        actor=request.auth, application=application, subject=payload.subject, body=payload.body
    )
    return Status(201, message)


@router.post(
    "/staff/applications/{application_id}/close",
    response={200: CaseOut, **STAFF_ERRORS},
    tags=[TAG_STAFF],
    summary="Close a decided application",
    auth=staff_auth,
)
def close(request, application_id: uuid.UUID):
    """Close a decided application; its procedure in the e-file is marked done."""
    application = _case(request, application_id)
    cases.close_application(actor=request.auth, application=application)
    return _case(request, application_id)
