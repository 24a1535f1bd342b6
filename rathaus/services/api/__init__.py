"""The online services' JSON API (a django-ninja router that ``rathaus/api.py`` mounts):
the public catalogue, an applicant's own applications, and the clerks' case API.

Reads go through the same querysets as the pages, writes through the same service
functions (``services/cases.py``), so the API and the pages cannot disagree about who
sees or may do what. Refusals of the services become 409 (see ``rathaus/api.py``).
"""

import uuid
from typing import Any

from django.db.models import OuterRef, Subquery
from django.shortcuts import get_object_or_404
from ninja import Query, Router
from ninja.errors import HttpError, ValidationError
from ninja.pagination import PageNumberPagination, paginate
from ninja.responses import Status
from ninja.security import django_auth

from rathaus.core.accounts.api_tokens import ApiTokenAuth
from rathaus.core.accounts.models import User

from ..exceptions import NoForm
from ..formdefs.jsonschema import answers_schema
from ..models import Application, FormDefinition, Service
from ..querysets import QUEUE_FILTERS
from ..search import search_services
from ..services import applications as applying
from ..services import cases
from .schemas import (
    ApplicationOut,
    ApplicationSummaryOut,
    AssignIn,
    CaseMessageOut,
    CaseOut,
    CaseSummaryOut,
    CatalogueQuery,
    DecisionIn,
    ErrorOut,
    FormOut,
    InvalidInputOut,
    NoteOut,
    QueueQuery,
    ServiceOut,
    ServiceSummaryOut,
    TextIn,
)

router = Router()

PAGE_SIZE = 25
MAX_PAGE_SIZE = 100
TAG_CATALOGUE = "Service catalogue"
TAG_MINE = "My applications"
TAG_STAFF = "Staff: applications"


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
    """The town's published services by name; with `q`, the best matches first (at most
    50)."""
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
    return base.filter(QUEUE_FILTERS[filters.queue](user=request.auth)).for_queue()


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
