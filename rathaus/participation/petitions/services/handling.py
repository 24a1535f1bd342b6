"""The staff's handling of a petition: forward, examine, answer with reasons, close.

Clerks and unit leads of the responsible unit (and the units above it) and administrators
handle a petition. Every step is audited, appears in the submitter's history, and the
submitter is told through their postbox (and by e-mail).
"""

import logging

from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from rathaus.core.accounts.permissions import is_administrator, unit_ids_of
from rathaus.core.audit.models import AuditEntry
from rathaus.core.audit.services import record
from rathaus.core.notifications.services import notify
from rathaus.core.uploads.services import store_upload
from rathaus.records.exceptions import RecordsError
from rathaus.records.services.procedures import can_work_on, hand_over, mark_done

from ..exceptions import (
    AddresseeUnavailable,
    AnswerMissing,
    EFileRefused,
    NoEFile,
    NotHandling,
    SameAddressee,
    WrongStatus,
)
from ..models import Addressee, Petition, PetitionEvent
from .efile import file_answer_letter, file_in_records, render_answer_letter

logger = logging.getLogger(__name__)


def can_handle(user, petition: Petition) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_town_staff:
        return False
    return is_administrator(user) or petition.unit_id in unit_ids_of(user)


def _lock(petition: Petition) -> Petition:
    return (
        Petition.objects.select_for_update(of=("self",))
        .select_related(
            "addressee", "addressee__record_file", "submitter", "procedure", "procedure__file"
        )
        .get(pk=petition.pk)
    )


def _require_handler(actor, petition: Petition) -> None:
    if not can_handle(actor, petition):
        raise NotHandling


def _require_open(petition: Petition) -> None:
    if not petition.is_open:
        raise WrongStatus


def _step(petition: Petition, kind: str, actor, note: str = "") -> None:
    petition.updated_at = timezone.now()
    petition.save()
    PetitionEvent.objects.create(petition=petition, kind=kind, actor=actor, note=note)


def _audit(actor, petition: Petition, summary: str, changes: dict | None = None) -> None:
    record(
        action=AuditEntry.Action.UPDATE,
        actor=actor,
        obj=petition,
        summary=summary,
        changes=changes or {},
    )


def _tell_submitter(petition: Petition, template: str, context=None, attachments=()) -> None:
    if petition.submitter is None:
        return
    notify(
        recipient=petition.submitter,
        template=template,
        context={"petition": petition, **(context or {})},
        link=reverse("petitions:detail", args=[petition.pk]),
        attachments=attachments,
    )


@transaction.atomic
def forward_petition(*, actor, petition: Petition, addressee: Addressee, note: str) -> Petition:
    """Give the petition to another addressee (and so to its unit). The note is shown to
    the submitter in the history. An open procedure is handed over to the new unit."""
    locked = _lock(petition)
    _require_handler(actor, locked)
    _require_open(locked)
    if addressee is None or not addressee.is_active:
        raise AddresseeUnavailable
    if addressee.pk == locked.addressee_id:
        raise SameAddressee
    before = (str(locked.addressee), str(locked.unit_id))
    locked.addressee = addressee
    locked.unit = addressee.unit
    locked.status = Petition.Status.FORWARDED
    _step(locked, PetitionEvent.Kind.FORWARDED, actor, note.strip())
    procedure = locked.procedure
    if procedure is None:
        file_in_records(petition=locked)
    elif procedure.state == "open" and can_work_on(actor, procedure):
        try:
            with transaction.atomic():
                hand_over(actor=actor, procedure=procedure, unit=addressee.unit)
        except RecordsError:
            logger.exception("The procedure of petition %s was not handed over.", locked.pk)
    _audit(
        actor,
        locked,
        "petition forwarded",
        {"addressee": [before[0], str(addressee)], "unit": [before[1], str(addressee.unit_id)]},
    )
    _tell_submitter(
        locked, "petitions/forwarded", {"addressee": addressee.name, "note": note.strip()}
    )
    return locked


@transaction.atomic
def start_examination(*, actor, petition: Petition) -> Petition:
    locked = _lock(petition)
    _require_handler(actor, locked)
    _require_open(locked)
    if locked.status == Petition.Status.IN_EXAMINATION:
        return locked
    before = locked.status
    locked.status = Petition.Status.IN_EXAMINATION
    _step(locked, PetitionEvent.Kind.IN_EXAMINATION, actor)
    _audit(actor, locked, "petition in examination", {"status": [before, locked.status]})
    _tell_submitter(locked, "petitions/examination")
    return locked


@transaction.atomic
def answer_petition(*, actor, petition: Petition, answer: str) -> Petition:
    """The reasoned answer: kept with the petition, as a letter (PDF) in the e-file and
    in the submitter's postbox and e-mail."""
    locked = _lock(petition)
    _require_handler(actor, locked)
    _require_open(locked)
    answer = answer.strip()
    if not answer:
        raise AnswerMissing
    before = locked.status
    locked.answer = answer
    locked.answered_at = timezone.now()
    locked.answered_by = actor
    locked.status = Petition.Status.ANSWERED
    content = render_answer_letter(petition=locked, author=actor)
    name = f"antwort-{slugify(locked.reference)}.pdf"
    locked.answer_letter = store_upload(
        uploaded_file=ContentFile(content, name=name), kinds={"pdf"}, uploaded_by=actor
    )
    _step(locked, PetitionEvent.Kind.ANSWERED, actor)
    filed = file_answer_letter(petition=locked, content=content, actor=actor)
    _audit(
        actor,
        locked,
        "petition answered",
        {"status": [before, locked.status], "letter_filed": [None, filed]},
    )
    _tell_submitter(locked, "petitions/answered", attachments=[(name, content, "application/pdf")])
    return locked


@transaction.atomic
def close_petition(*, actor, petition: Petition) -> Petition:
    """Close an answered petition; its procedure in the e-file is marked done where the
    person closing works on it."""
    locked = _lock(petition)
    _require_handler(actor, locked)
    if locked.status != Petition.Status.ANSWERED:
        raise WrongStatus
    locked.status = Petition.Status.CLOSED
    locked.closed_at = timezone.now()
    _step(locked, PetitionEvent.Kind.CLOSED, actor)
    procedure = locked.procedure
    if procedure is not None and procedure.state == "open" and can_work_on(actor, procedure):
        try:
            with transaction.atomic():
                mark_done(actor=actor, procedure=procedure)
        except RecordsError:
            logger.exception("The procedure of petition %s stays open.", locked.pk)
    _audit(actor, locked, "petition closed", {"status": [Petition.Status.ANSWERED, "closed"]})
    return locked


@transaction.atomic
def file_now(*, actor, petition: Petition) -> Petition:
    """File a petition that arrived while its addressee had no e-file configured."""
    locked = _lock(petition)
    _require_handler(actor, locked)
    if locked.procedure_id:
        return locked
    if locked.addressee is None or locked.addressee.record_file is None:
        raise NoEFile
    if not file_in_records(petition=locked):
        raise EFileRefused
    _audit(actor, locked, "petition filed in the e-file")
    return locked
