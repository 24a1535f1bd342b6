"""Writes on service forms: draft versions, the designer's edits, publishing.

Published versions never change; the designer always works on a draft (a copy of the
newest version), which becomes the current form when published. Applications keep the
version they were started with.
"""

import copy

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from rathaus.core.audit.models import AuditEntry
from rathaus.core.audit.services import record

from ..exceptions import InvalidDefinition, NotHandling, WrongState
from ..formdefs.validation import validate_definition
from ..models import FormDefinition, Service
from .permissions import can_edit_service

EMPTY_DEFINITION = {
    "title": "",
    "pages": [
        {
            "id": "seite1",
            "title": "Angaben",
            "groups": [{"id": "gruppe1", "title": "", "fields": []}],
        }
    ],
    "rules": [],
}


def draft_of(service: Service) -> FormDefinition | None:
    return (
        FormDefinition.objects.filter(service=service, published_at__isnull=True)
        .order_by("-number")
        .first()
    )


def _next_number(service: Service) -> int:
    highest = FormDefinition.objects.filter(service=service).aggregate(top=Max("number"))["top"]
    return (highest or 0) + 1


@transaction.atomic
def start_draft(*, actor, service: Service) -> FormDefinition:
    """The service's draft form: the existing one, or a copy of the newest version."""
    if not can_edit_service(actor, service):
        raise NotHandling
    Service.objects.select_for_update().get(pk=service.pk)
    existing = draft_of(service)
    if existing is not None:
        return existing
    newest = FormDefinition.objects.filter(service=service).order_by("-number").first()
    definition = copy.deepcopy(newest.definition if newest else EMPTY_DEFINITION)
    if not definition.get("title"):
        definition["title"] = service.name
    draft = FormDefinition.objects.create(
        service=service,
        number=_next_number(service),
        definition=definition,
        source=newest.source if newest else "",
        created_by=actor,
    )
    record(
        action=AuditEntry.Action.CREATE,
        actor=actor,
        obj=draft,
        summary="form draft started",
        changes={"number": [None, draft.number]},
    )
    return draft


@transaction.atomic
def save_draft(*, actor, form: FormDefinition, definition: dict) -> FormDefinition:
    """Store the designer's edit after checking the whole definition."""
    if not can_edit_service(actor, form.service):
        raise NotHandling
    locked = FormDefinition.objects.select_for_update().get(pk=form.pk)
    if locked.is_published:
        raise WrongState
    problems = validate_definition(definition)
    if problems:
        raise InvalidDefinition(" ".join(str(problem) for problem in problems))
    locked.definition = definition
    locked.save(update_fields=["definition"])
    record(
        action=AuditEntry.Action.UPDATE,
        actor=actor,
        obj=locked,
        summary="form draft changed",
    )
    return locked


@transaction.atomic
def publish_form(*, actor, form: FormDefinition) -> FormDefinition:
    """The draft becomes the form new applications use; running drafts keep theirs."""
    if not can_edit_service(actor, form.service):
        raise NotHandling
    locked = FormDefinition.objects.select_for_update().get(pk=form.pk)
    if locked.is_published:
        raise WrongState
    problems = validate_definition(locked.definition)
    if not locked.definition.get("pages"):
        problems.append("")
    if problems:
        raise InvalidDefinition(" ".join(str(problem) for problem in problems if problem))
    locked.published_at = timezone.now()
    locked.save(update_fields=["published_at"])
    record(
        action=AuditEntry.Action.UPDATE,
        actor=actor,
        obj=locked,
        summary="form published",
        changes={"number": [None, locked.number]},
    )
    return locked


@transaction.atomic
def discard_draft(*, actor, form: FormDefinition) -> None:
    if not can_edit_service(actor, form.service):
        raise NotHandling
    if form.is_published or form.applications.exists():
        raise WrongState
    record(action=AuditEntry.Action.DELETE, actor=actor, obj=form, summary="form draft discarded")
    form.delete()
