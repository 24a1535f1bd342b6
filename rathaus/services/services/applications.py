"""The applicant's side of an application: start, fill page by page, send, confirm, pay.

An application reaches the clerks (``received_at``) once it is sent, its e-mail address is
confirmed (applications without an account) and its fee is paid (where there is one). At
that moment it opens a procedure in the e-file with the answers as a PDF and every upload as
a document, and the applicant gets a receipt PDF by e-mail.
"""

import datetime
import logging
import secrets
import uuid

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import slugify

from rathaus.core.audit.models import AuditEntry
from rathaus.core.audit.services import record
from rathaus.core.notifications.services import absolute_url, notify, send_templated_email
from rathaus.core.tenancy import current_town
from rathaus.core.uploads.exceptions import UploadError
from rathaus.core.uploads.models import StoredFile
from rathaus.core.uploads.services import open_stored, store_upload
from rathaus.records.exceptions import RecordsError
from rathaus.records.letters import render_html_pdf
from rathaus.records.services.documents import file_incoming_document
from rathaus.records.services.procedures import open_intake_procedure

from ..exceptions import (
    AlreadySent,
    AnswersMissing,
    AppointmentMissing,
    ConfirmationInvalid,
    NoForm,
    NotAllowedToApply,
    NotPublished,
    NotYourApplication,
)
from ..formdefs import engine
from ..formdefs.fees import fee_items, total_cents
from ..models import Application, ApplicationEvent, FormDefinition, Service

logger = logging.getLogger(__name__)

UPLOAD_KINDS = {"pdf", "jpeg", "png"}
REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


class UploadRefused(AnswersMissing):
    """An upload on a page was refused; the message says why."""


# --- reads -------------------------------------------------------------------------------------


def current_form(service: Service) -> FormDefinition | None:
    """The newest published form version of the service."""
    return (
        FormDefinition.objects.filter(service=service, published_at__isnull=False)
        .order_by("-number")
        .first()
    )


def may_apply(user, service: Service, organisation=None) -> bool:
    if not service.is_published:
        return False
    if organisation is not None:
        return (
            service.for_businesses and user.memberships.filter(organisation=organisation).exists()
        )
    if not getattr(user, "is_authenticated", False):
        return service.without_account and service.for_citizens
    return service.for_citizens and not user.is_town_staff


def owns(user, application: Application, session=None) -> bool:
    """The applicant, a member of the business applied for, or (without an account) the
    browser session that started it."""
    if getattr(user, "is_authenticated", False):
        if application.applicant_id == user.pk:
            return True
        if application.organisation_id:
            return user.memberships.filter(organisation_id=application.organisation_id).exists()
    if session is not None and application.applicant_id is None:
        return str(application.pk) in session.get("applications", [])
    return False


def file_names(application: Application) -> dict[str, str]:
    ids = engine.file_ids(application.form.definition, application.answers)
    return {
        str(stored.pk): stored.original_name for stored in StoredFile.objects.filter(pk__in=ids)
    }


def booked_appointment(application: Application):
    """The appointment booked for the application (a collection date, a visit), if any."""
    return application.appointments.filter(state="booked").order_by("starts_at").first()


def fees_of(application: Application):
    return fee_items(application.service.fee_rule, application.answers)


# --- starting and filling in -----------------------------------------------------------------


@transaction.atomic
def start_application(*, service: Service, applicant=None, organisation=None, session=None):
    """A new draft of the service's current form, pre-filled from the profile."""
    if not service.is_published:
        raise NotPublished
    if not may_apply(applicant, service, organisation):
        raise NotAllowedToApply
    form = current_form(service)
    if form is None:
        raise NoForm
    signed_in = getattr(applicant, "is_authenticated", False)
    application = Application(
        service=service,
        form=form,
        applicant=applicant if signed_in else None,
        organisation=organisation,
    )
    application.answers = engine.prefill(
        form.definition, applicant if signed_in else None, organisation
    )
    if signed_in:
        application.contact_email = applicant.email
        application.applicant_name = (
            organisation.name if organisation else applicant.get_full_name()
        )
    application.save()
    if session is not None and not signed_in:
        session["applications"] = [*session.get("applications", []), str(application.pk)]
    return application


def _lock(application: Application) -> Application:
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("service", "form")
        .get(pk=application.pk)
    )


def _store_uploads(form: engine.PageForm, actor) -> dict[str, str]:
    stored = {}
    for name, slot in form.slots.items():
        upload = form.cleaned_data.get(name)
        if slot.item["type"] != "file" or not upload:
            continue
        kinds = set(slot.item.get("kinds") or UPLOAD_KINDS)
        try:
            result = store_upload(uploaded_file=upload, kinds=kinds, uploaded_by=actor)
        except UploadError as error:
            form.add_error(name, error.message)
            raise UploadRefused(error.message) from error
        stored[name] = str(result.pk)
    return stored


def save_page(*, application: Application, form: engine.PageForm, actor=None) -> Application:
    """Keep a page's answers (uploads stored through the upload service) in the draft."""
    with transaction.atomic():
        locked = _lock(application)
        if not locked.is_draft:
            raise AlreadySent
        stored = _store_uploads(form, actor if getattr(actor, "is_authenticated", False) else None)
        answers = engine.merge_page(locked.answers, form, form.page_answers(stored))
        locked.answers = answers
        locked.current_page = max(locked.current_page, _page_number(locked, form.page))
        locked.updated_at = timezone.now()
        locked.save(update_fields=["answers_json", "current_page", "updated_at"])
    return locked


def keep_uploads(*, application: Application, form: engine.PageForm, actor=None) -> Application:
    """Keep the files of a page that cannot be saved yet because other answers are wrong,
    so the person does not have to choose them again (a browser never re-fills a file
    field). Files in repeatable groups are kept once the page is saved."""
    wanted = {
        name: slot
        for name, slot in form.slots.items()
        if slot.item["type"] == "file" and slot.row is None and form.cleaned_data.get(name)
    }
    if not wanted:
        return application
    person = actor if getattr(actor, "is_authenticated", False) else None
    with transaction.atomic():
        locked = _lock(application)
        if not locked.is_draft:
            raise AlreadySent
        answers = locked.answers
        for name, slot in wanted.items():
            kinds = set(slot.item.get("kinds") or UPLOAD_KINDS)
            try:
                stored = store_upload(
                    uploaded_file=form.cleaned_data[name], kinds=kinds, uploaded_by=person
                )
            except UploadError as error:
                form.add_error(name, error.message)
                continue
            answers[slot.item["id"]] = str(stored.pk)
        locked.answers = answers
        locked.save(update_fields=["answers_json"])
    return locked


def _page_number(application: Application, page: dict) -> int:
    for index, candidate in enumerate(engine.pages(application.form.definition)):
        if candidate is page or candidate.get("id") == page.get("id"):
            return index + 1
    return 0


def next_page_index(application: Application, after: int | None) -> int | None:
    """The next page a person sees after page ``after`` (None: the check page comes)."""
    for index, _page in engine.visible_pages(application.form.definition, application.answers):
        if after is None or index > after:
            return index
    return None


def previous_page_index(application: Application, before: int) -> int | None:
    earlier = [
        index
        for index, _page in engine.visible_pages(application.form.definition, application.answers)
        if index < before
    ]
    return earlier[-1] if earlier else None


def switch_to_current_form(*, application: Application) -> Application:
    """Keep a draft on its form version, unless the person chooses the new one; answers to
    fields that still exist are carried over."""
    with transaction.atomic():
        locked = _lock(application)
        if not locked.is_draft:
            raise AlreadySent
        newest = current_form(locked.service)
        if newest is None or newest.pk == locked.form_id:
            return locked
        known = set(engine.field_index(newest.definition)) | {
            group["id"]
            for page in engine.pages(newest.definition)
            for group in page.get("groups", [])
        }
        locked.form = newest
        locked.answers = {key: value for key, value in locked.answers.items() if key in known}
        locked.save(update_fields=["form", "answers_json"])
    return locked


# --- sending -------------------------------------------------------------------------------------


def _new_reference() -> str:
    year = timezone.localdate().year
    code = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(6))
    return f"{year}-{code[:3]}-{code[3:]}"


def _add_working_days(start: datetime.date, days: int) -> datetime.date:
    current = start
    while days > 0:
        current += datetime.timedelta(days=1)
        if current.weekday() < 5:
            days -= 1
    return current


def add_event(application: Application, kind: str, actor=None) -> None:
    """One step in the history the applicant and the clerks see."""
    ApplicationEvent.objects.create(
        application=application,
        kind=kind,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
    )


def submit_application(
    *,
    application: Application,
    actor,
    idempotency_key: uuid.UUID,
    contact_email: str = "",
    session=None,
) -> Application:
    """Send a completed draft. Safe to retry: a second request with the same key (a double
    click, a reload) returns the application already sent and creates nothing."""
    for _attempt in range(3):
        try:
            with transaction.atomic():
                return _submit(application, actor, idempotency_key, contact_email, session)
        except IntegrityError:
            existing = Application.objects.filter(idempotency_key=idempotency_key).first()
            if existing is not None:
                return existing
    raise IntegrityError("Could not give the application a unique reference.")


def _submit(application, actor, idempotency_key, contact_email, session) -> Application:
    already = Application.objects.filter(idempotency_key=idempotency_key).first()
    if already is not None:
        if not owns(actor, already, session):
            raise NotYourApplication
        return already
    locked = _lock(application)
    if not owns(actor, locked, session):
        raise NotYourApplication
    if not locked.is_draft:
        raise AlreadySent
    definition = locked.form.definition
    locked.answers = engine.prune_hidden(definition, locked.answers)
    if engine.missing_answers(definition, locked.answers):
        raise AnswersMissing
    if locked.service.needs_appointment and booked_appointment(locked) is None:
        raise AppointmentMissing
    now = timezone.now()
    locked.reference = _new_reference()
    locked.idempotency_key = idempotency_key
    locked.submitted_at = now
    locked.fee_cents = total_cents(fee_items(locked.service.fee_rule, locked.answers))
    if locked.applicant_id is None:
        locked.contact_email = contact_email
        locked.confirmation_token = secrets.token_urlsafe(32)
        locked.state = Application.State.AWAITING_CONFIRMATION
    elif locked.fee_cents:
        locked.state = Application.State.AWAITING_PAYMENT
    locked.save()
    add_event(locked, ApplicationEvent.Kind.SUBMITTED, actor)
    record(
        action=AuditEntry.Action.CREATE,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        obj=locked,
        summary="application sent",
        changes={"reference": [None, locked.reference], "fee_cents": [None, locked.fee_cents]},
    )
    if locked.state == Application.State.AWAITING_CONFIRMATION:
        _ask_for_confirmation(locked)
    elif locked.state == Application.State.DRAFT:
        receive_application(application=locked)
    return locked


def _ask_for_confirmation(application: Application) -> None:
    from django.urls import reverse

    link = absolute_url(
        reverse(
            "applications:confirm",
            args=[application.pk, application.confirmation_token],
        )
    )
    send_templated_email(
        to=application.contact_email,
        template="services/confirm_application",
        context={"application": application, "service": application.service, "link": link},
        language=translation.get_language() or "de",
    )


def confirmation_matches(application: Application, token: str) -> bool:
    """Whether ``token`` is the application's pending confirmation token."""
    expected = application.confirmation_token
    return bool(expected and token) and secrets.compare_digest(token, expected)


@transaction.atomic
def confirm_email(*, application: Application, token: str) -> Application:
    """The link from the e-mail: the address is confirmed, the application goes on."""
    locked = _lock(application)
    if locked.state != Application.State.AWAITING_CONFIRMATION:
        if locked.confirmation_token == "" and locked.submitted_at:
            return locked
        raise ConfirmationInvalid
    if not token or not secrets.compare_digest(token, locked.confirmation_token):
        raise ConfirmationInvalid
    locked.confirmation_token = ""
    locked.state = (
        Application.State.AWAITING_PAYMENT if locked.fee_cents else Application.State.DRAFT
    )
    locked.save(update_fields=["confirmation_token", "state"])
    add_event(locked, ApplicationEvent.Kind.CONFIRMED)
    if locked.state == Application.State.DRAFT:
        receive_application(application=locked)
    return locked


@transaction.atomic
def payment_received(*, application: Application) -> Application:
    """The fee is paid (status fetched from the provider): the application goes to the
    clerks. A second call changes nothing."""
    locked = _lock(application)
    if locked.state != Application.State.AWAITING_PAYMENT:
        return locked
    add_event(locked, ApplicationEvent.Kind.PAID)
    receive_application(application=locked)
    return locked


# --- reaching the clerks -------------------------------------------------------------------------


def receive_application(*, application: Application) -> Application:
    """The application reaches the unit: state submitted, due date, a procedure in the
    e-file with the form and the uploads, and a receipt to the applicant. Called inside
    the sending, confirming or paying transaction."""
    now = timezone.now()
    application.state = Application.State.SUBMITTED
    application.received_at = now
    days = application.service.processing_days
    application.due_on = _add_working_days(timezone.localdate(), days) if days else None
    application.save(update_fields=["state", "received_at", "due_on"])
    add_event(application, ApplicationEvent.Kind.RECEIVED)
    file_in_records(application=application)
    _send_receipt(application)
    return application


def _applicant_label(application: Application) -> str:
    return application.applicant_name or application.contact_email


def render_application_pdf(application: Application, *, receipt: bool = False) -> bytes:
    """The answers as a PDF/A document (for the e-file), or the receipt for the applicant."""
    from rathaus.records.letters import logo_data_uri

    context = {
        "town": current_town(),
        "logo": logo_data_uri(current_town()),
        "application": application,
        "service": application.service,
        "applicant": _applicant_label(application),
        "sections": engine.summary(
            application.form.definition, application.answers, file_names(application)
        ),
        "fees": fees_of(application),
        "receipt": receipt,
        "date": timezone.localdate(),
    }
    return render_html_pdf(render_to_string("services/pdf/application.html", context))


def file_in_records(*, application: Application) -> None:
    """Open the procedure and file the form and the uploads (nothing is typed twice). If
    the service has no open e-file, the application still arrives and the clerks file it
    from its page once one is configured."""
    service = application.service
    if service.record_file is None or application.procedure_id:
        return
    submitter = application.applicant
    try:
        with transaction.atomic():
            procedure = open_intake_procedure(
                file=service.record_file,
                title=f"{service.name} – {application.reference} – {_applicant_label(application)}",
                submitted_by=submitter,
            )
            file_incoming_document(
                procedure=procedure,
                title=f"Antrag {application.reference}",
                uploaded_file=ContentFile(
                    render_application_pdf(application),
                    name=f"antrag-{slugify(application.reference)}.pdf",
                ),
                submitted_by=submitter,
            )
            definition = application.form.definition
            labels = {item["id"]: item["label"] for _p, _g, item in engine.all_fields(definition)}
            for stored in _uploads_in_order(application):
                with open_stored(stored) as handle:
                    file_incoming_document(
                        procedure=procedure,
                        title=_upload_title(application, stored, labels),
                        uploaded_file=ContentFile(handle.read(), name=stored.original_name),
                        submitted_by=submitter,
                    )
            application.procedure = procedure
            application.save(update_fields=["procedure"])
    except RecordsError:
        logger.exception("Application %s could not be filed in the e-file.", application.pk)


def _uploads_in_order(application: Application) -> list[StoredFile]:
    ids = engine.file_ids(application.form.definition, application.answers)
    by_id = {str(s.pk): s for s in StoredFile.objects.filter(pk__in=ids)}
    return [by_id[i] for i in ids if i in by_id]


def _upload_title(application: Application, stored: StoredFile, labels: dict) -> str:
    answers = application.answers
    for field_id, value in answers.items():
        if str(value) == str(stored.pk):
            return labels.get(field_id, stored.original_name)
        if isinstance(value, list):
            for row in value:
                if isinstance(row, dict):
                    for key, inner in row.items():
                        if str(inner) == str(stored.pk):
                            return labels.get(key, stored.original_name)
    return stored.original_name


def _send_receipt(application: Application) -> None:
    from django.urls import reverse

    attachment = (
        f"eingangsbestaetigung-{slugify(application.reference)}.pdf",
        render_application_pdf(application, receipt=True),
        "application/pdf",
    )
    context = {"application": application, "service": application.service}
    link = reverse("applications:detail", args=[application.pk])
    if application.applicant is not None:
        notify(
            recipient=application.applicant,
            template="services/receipt",
            context=context,
            link=link,
            attachments=[attachment],
        )
    elif application.contact_email:
        send_templated_email(
            to=application.contact_email,
            template="services/receipt",
            context=context,
            language=translation.get_language() or "de",
            attachments=[attachment],
        )
