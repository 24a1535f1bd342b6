"""Forms from FIM: a data-field schema becomes a new, unpublished version of a service's form;
code lists the schemas refer to are cached per town beforehand (never fetched at run time)."""

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from rathaus.core.audit.models import AuditEntry
from rathaus.core.audit.services import record, record_update, snapshot

from ..exceptions import FimImportError
from ..formdefs.fim import parse_code_list, parse_fim_schema
from ..models import CodeList, FormDefinition, Service
from .permissions import can_edit_catalogue, can_edit_service


def cached_code_list(uri: str, version: str) -> CodeList | None:
    """The town's cached code list; without a version the one imported last."""
    lists = CodeList.objects.filter(uri=uri)
    if version:
        return lists.filter(version=version).first()
    return lists.order_by("-imported_at").first()


def import_fim_form(*, actor, service: Service, data: bytes) -> FormDefinition:
    """Read a FIM data-field schema into a new, unpublished form version of the service
    (the next number), for those who may edit the service (``can_edit_service``). Code
    lists come from the town's cache. Raises ``FimImportError`` with a translated message
    when the file cannot become a form; nothing is stored then."""
    if not can_edit_service(actor, service):
        raise FimImportError(_("You may not change the forms of this service."))
    form = parse_fim_schema(data, code_lists=cached_code_list)
    with transaction.atomic():
        # Lock the service so two imports at once get consecutive numbers.
        Service.objects.select_for_update().filter(pk=service.pk).first()
        highest = FormDefinition.objects.filter(service=service).aggregate(Max("number"))
        definition = FormDefinition.objects.create(
            service=service,
            number=(highest["number__max"] or 0) + 1,
            definition=form.definition,
            source=form.source,
            created_by=actor,
        )
        record(
            action=AuditEntry.Action.CREATE,
            actor=actor,
            obj=definition,
            summary="form imported from FIM",
        )
    return definition


def import_code_list(*, actor, data: bytes) -> CodeList:
    """Cache a genericode code list for the town: a new list, or the entries of the list
    with the same URI and version replaced."""
    # Code lists are shared by the whole town: whoever may edit some part of the catalogue.
    if not can_edit_catalogue(actor):
        raise FimImportError(_("You may not import code lists."))
    parsed = parse_code_list(data)
    with transaction.atomic():
        existing = (
            CodeList.objects.select_for_update()
            .filter(uri=parsed["uri"], version=parsed["version"])
            .first()
        )
        if existing is None:
            code_list = CodeList.objects.create(**parsed)
            record(
                action=AuditEntry.Action.CREATE,
                actor=actor,
                obj=code_list,
                summary="code list imported",
            )
            return code_list
        before = snapshot(existing)
        existing.name = parsed["name"]
        existing.entries = parsed["entries"]
        existing.imported_at = timezone.now()
        existing.save(update_fields=["name", "entries", "imported_at"])
        record_update(actor=actor, obj=existing, before=before, summary="code list imported again")
        return existing
