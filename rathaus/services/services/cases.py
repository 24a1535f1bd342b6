"""The clerk's side of an application: assignment, queries, the applicant's answers, notes,
the decision with a notice, closing. Every step is filed in the e-file."""

from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from rathaus.core.accounts.permissions import unit_ids_of
from rathaus.core.audit.models import AuditEntry
from rathaus.core.audit.services import record
from rathaus.core.notifications.services import notify
from rathaus.core.uploads.exceptions import UploadError
from rathaus.core.uploads.services import open_stored, store_upload
from rathaus.records.services.documents import create_letter, file_incoming_document
from rathaus.records.services.procedures import add_note, mark_done
from rathaus.records.services.routes import has_running_route

from ..exceptions import NotHandling, NotYourApplication, RouteStillRunning, WrongState
from ..models import Application, ApplicationEvent, ApplicationMessage, ChannelCount
from .applications import UPLOAD_KINDS, UploadRefused, add_event, file_in_records, owns

OPEN_STATES = (
    Application.State.SUBMITTED,
    Application.State.IN_PROGRESS,
    Application.State.QUERY,
)


def can_handle(user, application: Application) -> bool:
    """Clerks and leads of the service's unit (and the units above it)."""
    if not getattr(user, "is_authenticated", False) or not user.is_town_staff:
        return False
    return application.reached_clerks and application.service.unit_id in unit_ids_of(user)


def _require_handler(actor, application: Application) -> None:
    if not can_handle(actor, application):
        raise NotHandling


def _lock(application: Application) -> Application:
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("service", "form", "procedure", "procedure__file", "applicant")
        .get(pk=application.pk)
    )


def _require_open(application: Application) -> None:
    if application.state not in OPEN_STATES:
        raise WrongState


def _audit(actor, application, summary: str, changes: dict | None = None) -> None:
    record(
        action=AuditEntry.Action.UPDATE,
        actor=actor,
        obj=application,
        summary=summary,
        changes=changes or {},
    )


def _applicant_link(application: Application) -> str:
    return reverse("applications:detail", args=[application.pk])


def _tell_applicant(application: Application, template: str, context: dict, attachments=()):
    context = {**context, "application": application, "service": application.service}
    if application.applicant is not None:
        notify(
            recipient=application.applicant,
            template=template,
            context=context,
            link=_applicant_link(application),
            attachments=attachments,
        )
    elif application.contact_email:
        from rathaus.core.notifications.services import send_templated_email

        send_templated_email(
            to=application.contact_email,
            template=template,
            context=context,
            attachments=attachments,
        )


@transaction.atomic
def assign(*, actor, application: Application, to) -> Application:
    """Give the application to a clerk of the unit (oneself: take it)."""
    locked = _lock(application)
    _require_handler(actor, locked)
    _require_open(locked)
    if to is not None and not can_handle(to, locked):
        raise NotHandling
    before = locked.assigned_to_id
    locked.assigned_to = to
    if locked.state == Application.State.SUBMITTED:
        locked.state = Application.State.IN_PROGRESS
    locked.save(update_fields=["assigned_to", "state"])
    add_event(locked, ApplicationEvent.Kind.ASSIGNED, actor)
    _audit(actor, locked, "application assigned", {"assigned_to": [str(before), str(to and to.pk)]})
    return locked


def _letter_recipient(application: Application) -> str:
    answers = application.answers
    address = next(
        (value for value in answers.values() if isinstance(value, dict) and "street" in value),
        None,
    )
    lines = [application.applicant_name or application.contact_email]
    if address:
        lines += [
            address.get("street", ""),
            f"{address.get('postcode', '')} {address.get('city', '')}",
        ]
    return "\n".join(line for line in lines if line.strip())


@transaction.atomic
def send_query(*, actor, application: Application, text: str) -> ApplicationMessage:
    """Ask the applicant for something (e.g. a missing document): the query goes to their
    postbox and by e-mail, and is filed in the e-file as a letter."""
    locked = _lock(application)
    _require_handler(actor, locked)
    _require_open(locked)
    message = ApplicationMessage.objects.create(
        application=locked,
        direction=ApplicationMessage.Direction.TO_APPLICANT,
        purpose=ApplicationMessage.Purpose.QUERY,
        text=text,
        author=actor,
    )
    if locked.procedure is not None:
        message.document = create_letter(
            actor=actor,
            procedure=locked.procedure,
            template="letter",
            title=f"Nachfrage zu {locked.reference}",
            recipient=_letter_recipient(locked),
            subject=f"{locked.service.name} – {locked.reference}",
            body=text,
            has_personal_data=True,
        )
        message.save(update_fields=["document"])
    locked.state = Application.State.QUERY
    if locked.assigned_to_id is None:
        locked.assigned_to = actor
    locked.save(update_fields=["state", "assigned_to"])
    add_event(locked, ApplicationEvent.Kind.QUERY, actor)
    _audit(actor, locked, "query sent to the applicant")
    _tell_applicant(locked, "services/query", {"text": text})
    return message


def answer_query(
    *, actor, application: Application, text: str, files=(), session=None
) -> ApplicationMessage:
    """The applicant answers in the postbox (text and uploads); both are filed."""
    stored = []
    with transaction.atomic():
        locked = _lock(application)
        if not owns(actor, locked, session):
            raise NotYourApplication
        if locked.state != Application.State.QUERY:
            raise WrongState
        person = actor if getattr(actor, "is_authenticated", False) else None
        for upload in files:
            try:
                stored.append(
                    store_upload(uploaded_file=upload, kinds=UPLOAD_KINDS, uploaded_by=person)
                )
            except UploadError as error:
                raise UploadRefused(error.message) from error
        message = ApplicationMessage.objects.create(
            application=locked,
            direction=ApplicationMessage.Direction.FROM_APPLICANT,
            text=text,
            author=person,
        )
        message.attachments.set(stored)
        ApplicationMessage.objects.filter(
            application=locked, purpose=ApplicationMessage.Purpose.QUERY, answered_at=None
        ).update(answered_at=timezone.now())
        if locked.procedure is not None:
            _file_answer(locked, message, stored, person)
        locked.state = Application.State.IN_PROGRESS
        locked.save(update_fields=["state"])
        add_event(locked, ApplicationEvent.Kind.ANSWERED, person)
        record(
            action=AuditEntry.Action.UPDATE,
            actor=person,
            obj=locked,
            summary="applicant answered a query",
            changes={"attachments": [0, len(stored)]},
        )
        if locked.assigned_to is not None:
            notify(
                recipient=locked.assigned_to,
                template="services/answered",
                context={"application": locked, "service": locked.service},
                link=reverse("services_staff:case", args=[locked.pk]),
            )
    return message


def _file_answer(application, message, stored, person) -> None:
    procedure = application.procedure
    if message.text.strip():
        message.document = file_incoming_document(
            procedure=procedure,
            title=f"Antwort zu {application.reference}",
            uploaded_file=ContentFile(
                message.text.encode("utf-8"),
                name=f"antwort-{slugify(application.reference)}.txt",
            ),
            submitted_by=person,
        )
        message.save(update_fields=["document"])
    for item in stored:
        with open_stored(item) as handle:
            file_incoming_document(
                procedure=procedure,
                title=f"Nachgereicht: {item.original_name}",
                uploaded_file=ContentFile(handle.read(), name=item.original_name),
                submitted_by=person,
            )


@transaction.atomic
def add_case_note(*, actor, application: Application, text: str):
    """A note (Vermerk) on the application's procedure in the e-file."""
    locked = _lock(application)
    _require_handler(actor, locked)
    if locked.procedure is None:
        raise WrongState
    return add_note(actor=actor, procedure=locked.procedure, text=text)


@transaction.atomic
def file_now(*, actor, application: Application) -> Application:
    """File an application that arrived while its service had no e-file configured."""
    locked = _lock(application)
    _require_handler(actor, locked)
    file_in_records(application=locked)
    return locked


@transaction.atomic
def decide(*, actor, application: Application, subject: str, body: str) -> ApplicationMessage:
    """Decide with a notice (Bescheid) from the template: filed in the e-file and sent to the
    applicant's postbox as PDF. Refused while a co-signing route is still running."""
    locked = _lock(application)
    _require_handler(actor, locked)
    _require_open(locked)
    if locked.procedure is None:
        raise WrongState
    if has_running_route(locked.procedure):
        raise RouteStillRunning
    document = create_letter(
        actor=actor,
        procedure=locked.procedure,
        template="notice",
        title=f"Bescheid {locked.reference}",
        recipient=_letter_recipient(locked),
        subject=subject,
        body=body,
        has_personal_data=True,
    )
    message = ApplicationMessage.objects.create(
        application=locked,
        direction=ApplicationMessage.Direction.TO_APPLICANT,
        purpose=ApplicationMessage.Purpose.NOTICE,
        text=subject,
        author=actor,
        document=document,
    )
    locked.state = Application.State.DECIDED
    locked.decided_at = timezone.now()
    if locked.assigned_to_id is None:
        locked.assigned_to = actor
    locked.save(update_fields=["state", "decided_at", "assigned_to"])
    add_event(locked, ApplicationEvent.Kind.DECIDED, actor)
    _audit(actor, locked, "application decided", {"notice": [None, str(document.pk)]})
    with open_stored(document.current_version.stored_file) as handle:
        pdf = handle.read()
    _tell_applicant(
        locked,
        "services/decided",
        {"subject": subject},
        attachments=[(f"bescheid-{slugify(locked.reference)}.pdf", pdf, "application/pdf")],
    )
    return message


@transaction.atomic
def close_application(*, actor, application: Application) -> Application:
    """Close a decided application; its procedure in the e-file is marked done."""
    locked = _lock(application)
    _require_handler(actor, locked)
    if locked.state != Application.State.DECIDED:
        raise WrongState
    locked.state = Application.State.CLOSED
    locked.closed_at = timezone.now()
    locked.save(update_fields=["state", "closed_at"])
    if locked.procedure is not None and locked.procedure.state == "open":
        mark_done(actor=actor, procedure=locked.procedure)
    add_event(locked, ApplicationEvent.Kind.CLOSED, actor)
    _audit(actor, locked, "application closed")
    return locked


@transaction.atomic
def record_channel_count(*, actor, service, channel: str, month, count: int) -> ChannelCount:
    """Staff count applications that came in person or on paper in a month."""
    if service.unit_id not in unit_ids_of(actor):
        raise NotHandling
    entry, _created = ChannelCount.objects.update_or_create(
        service=service,
        channel=channel,
        month=month.replace(day=1),
        defaults={"count": count, "recorded_by": actor},
    )
    record(
        action=AuditEntry.Action.UPDATE,
        actor=actor,
        obj=service,
        summary="applications counted",
        changes={
            "channel": [None, channel],
            "month": [None, str(entry.month)],
            "count": [None, count],
        },
    )
    return entry
