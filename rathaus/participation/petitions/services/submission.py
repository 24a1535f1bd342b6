"""Sending a petition: reference number, the e-file, the receipt to the submitter.

Petitions are sent with a citizen's account (like most online applications): the
submitter follows the status in their account and gets the answer into their postbox.
"""

import uuid

from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from rathaus.core.audit.models import AuditEntry
from rathaus.core.audit.services import record
from rathaus.core.notifications.services import notify
from rathaus.core.uploads.models import StoredFile
from rathaus.core.uploads.services import store_upload

from ..exceptions import (
    AddresseeUnavailable,
    ConsentMissing,
    KindUnavailable,
    NotAllowedToSubmit,
)
from ..models import Addressee, Petition, PetitionEvent, PetitionNumberSequence
from .efile import file_in_records

ATTACHMENT_KINDS = {"pdf", "jpeg", "png"}
ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024


def may_submit(user) -> bool:
    """People with a citizen's account; staff write to their colleagues directly."""
    return bool(getattr(user, "is_authenticated", False)) and not user.is_town_staff


def next_reference(year: int | None = None) -> str:
    """The next reference number of the active town, e.g. ``E-2026-0001``. The sequence
    row stays locked until the surrounding transaction ends, so numbers never repeat."""
    year = year or timezone.localdate().year
    for _attempt in range(3):
        updated = PetitionNumberSequence.objects.filter(year=year).update(
            last_number=F("last_number") + 1
        )
        if updated:
            number = PetitionNumberSequence.objects.get(year=year).last_number
            return f"E-{year}-{number:04d}"
        try:
            with transaction.atomic():
                PetitionNumberSequence.objects.create(year=year, last_number=0)
        except IntegrityError:
            continue
    raise RuntimeError("The petition number sequence could not be read.")


def store_attachment(*, uploaded_file, submitter) -> StoredFile:
    """Check and keep an attachment (PDF, JPEG or PNG); raises ``UploadError``."""
    return store_upload(
        uploaded_file=uploaded_file,
        kinds=ATTACHMENT_KINDS,
        max_bytes=ATTACHMENT_MAX_BYTES,
        uploaded_by=submitter,
    )


def kept_attachment(*, file_id, submitter) -> StoredFile | None:
    """An attachment this person uploaded with an earlier try of the form."""
    try:
        key = uuid.UUID(str(file_id))
    except ValueError:
        return None
    return StoredFile.objects.uploaded_by(submitter).filter(pk=key).first()


def submit_petition(
    *,
    submitter,
    addressee: Addressee,
    kind: str,
    subject: str,
    text: str,
    consent: bool,
    idempotency_key: uuid.UUID,
    attachment: StoredFile | None = None,
) -> Petition:
    """Send a petition. Safe to retry: a second request with the same key (a double
    click, a reload) returns the petition already sent and creates nothing."""
    for _attempt in range(3):
        try:
            with transaction.atomic():
                return _submit(
                    submitter, addressee, kind, subject, text, consent, idempotency_key, attachment
                )
        except IntegrityError:
            existing = Petition.objects.filter(
                idempotency_key=idempotency_key, submitter=submitter
            ).first()
            if existing is not None:
                return existing
    raise IntegrityError("Could not give the petition a unique reference number.")


def _submit(submitter, addressee, kind, subject, text, consent, key, attachment) -> Petition:
    if not may_submit(submitter):
        raise NotAllowedToSubmit
    already = Petition.objects.filter(idempotency_key=key).first()
    if already is not None:
        if already.submitter_id != submitter.pk:
            raise NotAllowedToSubmit
        return already
    if not consent:
        raise ConsentMissing
    if addressee is None or not Addressee.objects.offered().filter(pk=addressee.pk).exists():
        raise AddresseeUnavailable
    if kind not in Petition.Kind.values:
        raise KindUnavailable
    if attachment is not None and attachment.uploaded_by_id != submitter.pk:
        attachment = None
    petition = Petition.objects.create(
        reference=next_reference(),
        kind=kind,
        addressee=addressee,
        unit=addressee.unit,
        subject=subject.strip(),
        text=text.strip(),
        attachment=attachment,
        submitter=submitter,
        idempotency_key=key,
    )
    PetitionEvent.objects.create(
        petition=petition, kind=PetitionEvent.Kind.RECEIVED, actor=submitter
    )
    record(
        action=AuditEntry.Action.CREATE,
        actor=submitter,
        obj=petition,
        summary="petition sent",
        changes={"reference": [None, petition.reference], "addressee": [None, str(addressee)]},
    )
    file_in_records(petition=petition)
    notify(
        recipient=submitter,
        template="petitions/received",
        context={"petition": petition, "addressee": addressee.name},
        link=reverse("petitions:detail", args=[petition.pk]),
    )
    return petition
