"""Reporting a defect (Mängelmeldung): from the web form and from Open311 clients.

``submit_report`` checks everything first (category, description, place, contact,
answers to the category's questions, the photo) and stores nothing half: a report,
its number, its first history entry and its photo are written together. A report from
a person without a confirmed account waits for the link in the confirmation e-mail
before it is published (``confirm_report``).
"""

import logging
from decimal import Decimal

from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.urls import reverse
from django.utils import timezone, translation

from rathaus.core.audit.models import AuditEntry
from rathaus.core.audit.services import record
from rathaus.core.notifications.services import absolute_url, send_templated_email
from rathaus.core.uploads.exceptions import UploadError
from rathaus.core.uploads.images import read_photo, store_photo
from rathaus.core.uploads.models import StoredFile
from rathaus.participation.engagement import services as engagement

from .. import exceptions, geo
from ..models import (
    CategoryAttribute,
    DefectCategory,
    DefectReport,
    DefectSettings,
    ReportNumberSequence,
    ReportUpdate,
    Status,
    Street,
)

logger = logging.getLogger(__name__)

CONFIRM_SALT = "rathaus.defects.confirm"
CONFIRM_MAX_AGE = 14 * 24 * 3600
DESCRIPTION_LIMIT = 4000


# ------------------------------------------------------------------ places


def town_settings() -> DefectSettings | None:
    """The active town's defect reporter settings, if staff saved any."""
    return DefectSettings.objects.first()


def inside_town(latitude, longitude) -> bool:
    """Whether the point lies within the town boundary; a town without a boundary
    accepts every point."""
    found = town_settings()
    if found is None or not found.boundary:
        return True
    try:
        return geo.point_in_boundary(latitude, longitude, found.boundary)
    except (ValueError, TypeError):
        logger.warning("The stored town boundary is not valid GeoJSON; accepting the point.")
        return True


def locate_address(text: str) -> tuple[Decimal, Decimal, Street]:
    """The point of a street of the town named in ``text`` ("Bahnhofstraße 12",
    "Rheinstr. 3, 64331"); raises ``UnknownAddress``."""
    street_text, _number, postcode = geo.split_address(text)
    wanted = geo.normalise_street(street_text)
    if not wanted:
        raise exceptions.UnknownAddress
    matches = [
        street for street in Street.objects.all() if geo.normalise_street(street.name) == wanted
    ]
    if postcode and len(matches) > 1:
        matches = [street for street in matches if street.postcode == postcode] or matches
    if not matches:
        raise exceptions.UnknownAddress
    street = matches[0]
    return street.latitude, street.longitude, street


def format_address(street: Street, text: str) -> str:
    """The address as shown: the directory's spelling of the street, the house number
    given, the postcode and district of the street."""
    _street, number, _postcode = geo.split_address(text)
    line = f"{street.name} {number}".strip()
    place = " ".join(part for part in (street.postcode, street.district) if part)
    return f"{line}, {place}" if place else line


def resolve_location(latitude, longitude, address: str) -> tuple[Decimal, Decimal, str]:
    address = " ".join((address or "").split())[:300]
    try:
        latitude = geo.parse_coordinate(latitude)
        longitude = geo.parse_coordinate(longitude)
    except ValueError:
        raise exceptions.InvalidCoordinates from None
    if latitude is not None and longitude is not None:
        if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
            raise exceptions.InvalidCoordinates
    elif latitude is not None or longitude is not None:
        raise exceptions.InvalidCoordinates
    elif address:
        latitude, longitude, street = locate_address(address)
        address = format_address(street, address)
    else:
        raise exceptions.LocationMissing
    if not inside_town(latitude, longitude):
        raise exceptions.OutsideTown
    return latitude, longitude, address


# ------------------------------------------------------------------ checks


def _description(text: str) -> str:
    text = (text or "").replace("\r\n", "\n").strip()
    if not text:
        raise exceptions.DescriptionMissing
    if len(text) > DESCRIPTION_LIMIT:
        raise exceptions.DescriptionTooLong
    return text


def _category(category) -> DefectCategory:
    if category is None:
        raise exceptions.CategoryMissing
    if not category.is_active:
        raise exceptions.CategoryInactive
    return category


def clean_attributes(category: DefectCategory, answers: dict | None) -> dict:
    """The answers to the category's extra questions, checked against their types;
    unknown codes are dropped."""
    answers = answers or {}
    cleaned = {}
    for attribute in CategoryAttribute.objects.filter(category=category):
        value = answers.get(attribute.code)
        if isinstance(value, list | tuple):
            values = [str(item).strip() for item in value if str(item).strip()]
        else:
            text = "" if value is None else str(value).strip()
            values = [text] if text else []
        if not values:
            if attribute.required:
                raise exceptions.AttributeMissing(attribute.question, attribute.code)
            continue
        cleaned[attribute.code] = _attribute_value(attribute, values)
    return cleaned


def _attribute_value(attribute: CategoryAttribute, values: list[str]):
    Datatype = CategoryAttribute.Datatype
    keys = {str(item.get("key")) for item in attribute.values or [] if isinstance(item, dict)}
    if attribute.datatype == Datatype.MULTIVALUELIST:
        if any(value not in keys for value in values):
            raise exceptions.AttributeInvalid(attribute.question, attribute.code)
        return values
    if len(values) > 1:
        raise exceptions.AttributeInvalid(attribute.question, attribute.code)
    value = values[0]
    if attribute.datatype == Datatype.SINGLEVALUELIST and value not in keys:
        raise exceptions.AttributeInvalid(attribute.question, attribute.code)
    if attribute.datatype == Datatype.NUMBER:
        try:
            number = Decimal(value.replace(",", "."))
        except ArithmeticError:
            raise exceptions.AttributeInvalid(attribute.question, attribute.code) from None
        if not number.is_finite():
            raise exceptions.AttributeInvalid(attribute.question, attribute.code)
        return str(number)
    if attribute.datatype == Datatype.DATETIME:
        from django.utils.dateparse import parse_date, parse_datetime

        try:
            parsed = parse_datetime(value) or parse_date(value)
        except ValueError:
            parsed = None
        if parsed is None:
            raise exceptions.AttributeInvalid(attribute.question, attribute.code)
        return value
    limit = 4000 if attribute.datatype == Datatype.TEXT else 300
    if len(value) > limit:
        raise exceptions.AttributeInvalid(attribute.question, attribute.code)
    return value


def _email(email: str) -> str:
    email = (email or "").strip()
    if not email:
        return ""
    try:
        validate_email(email)
    except ValidationError:
        raise exceptions.InvalidEmail from None
    return email


def _is_trusted(reporter, client) -> bool:
    """Published at once: a signed-in account with a confirmed e-mail address, or an
    Open311 client staff approved (and did not revoke)."""
    if client is not None:
        return client.revoked_at is None
    return bool(
        reporter is not None
        and reporter.is_authenticated
        and getattr(reporter, "email_confirmed", False)
    )


def read_uploaded_photo(uploaded):
    """The cleaned photo (EXIF stripped, position read) or ``PhotoRejected``."""
    try:
        return read_photo(uploaded)
    except UploadError as error:
        raise exceptions.PhotoRejected(cause=error) from error


def keep_photo(uploaded, *, uploaded_by=None) -> tuple[StoredFile, object]:
    """Store a photo unpublished while the person goes on through the form's steps;
    returns the stored file and the cleaned photo (for its position)."""
    photo = read_uploaded_photo(uploaded)
    try:
        stored = store_photo(photo, uploaded_by=_account(uploaded_by), is_public=False)
    except UploadError as error:
        raise exceptions.PhotoRejected(cause=error) from error
    return stored, photo


def _account(user):
    return user if user is not None and getattr(user, "is_authenticated", False) else None


# ------------------------------------------------------------------ numbers


def next_number(count: int = 1) -> int:
    """Reserve ``count`` numbers in the active town; returns the first. The sequence row
    stays locked until the surrounding transaction ends."""
    for _attempt in range(3):
        updated = ReportNumberSequence.objects.filter().update(last_number=F("last_number") + count)
        if updated:
            return ReportNumberSequence.objects.get().last_number - count + 1
        start = DefectReport.objects.aggregate(top=Max("number"))["top"] or 0
        try:
            with transaction.atomic():
                ReportNumberSequence.objects.create(last_number=start + count)
            return start + 1
        except IntegrityError:
            continue
    raise RuntimeError("The report number sequence could not be read.")


# ------------------------------------------------------------------ submitting


def check_report(
    *,
    category,
    description,
    latitude=None,
    longitude=None,
    address="",
    attributes=None,
    reporter=None,
    email="",
    client=None,
) -> dict:
    """Everything ``submit_report`` checks before storing (the photo aside): the form's
    check step asks this before showing nearby reports. Returns the cleaned values."""
    reporter = _account(reporter)
    if reporter is not None:
        engagement.require_may_contribute(reporter)
    category = _category(category)
    description = _description(description)
    latitude, longitude, address = resolve_location(latitude, longitude, address)
    attributes = clean_attributes(category, attributes)
    email = _email(email)
    if reporter is None and client is None and not email:
        raise exceptions.EmailRequired
    return {
        "category": category,
        "description": description,
        "latitude": latitude,
        "longitude": longitude,
        "address": address,
        "attributes": attributes,
        "reporter_email": email,
    }


def submit_report(
    *,
    category,
    description,
    latitude=None,
    longitude=None,
    address="",
    photo=None,
    attributes=None,
    reporter=None,
    email="",
    name="",
    phone="",
    show_name=False,
    client=None,
    device_id="",
    account_id="",
    submission_key="",
) -> DefectReport:
    """Take one report. ``photo`` is an uploaded file (or a ``StoredFile`` kept by
    ``keep_photo`` during the form's steps). The same ``submission_key`` returns the
    report already taken. Raises a ``DefectError`` (a ``UserFacingError``) and stores
    nothing when something is missing or wrong."""
    submission_key = (submission_key or "")[:64]
    reporter = _account(reporter)
    if submission_key:
        existing = DefectReport.objects.filter(submission_key=submission_key).first()
        if existing is not None:
            return existing
    checked = check_report(
        category=category,
        description=description,
        latitude=latitude,
        longitude=longitude,
        address=address,
        attributes=attributes,
        reporter=reporter,
        email=email,
        client=client,
    )
    cleaned_photo = stored_photo = None
    if isinstance(photo, StoredFile):
        if not photo.is_image:
            raise exceptions.PhotoRejected
        stored_photo = photo
    elif photo:
        cleaned_photo = read_uploaded_photo(photo)
    trusted = _is_trusted(reporter, client)
    fields = {
        **checked,
        "unit_id": checked["category"].unit_id,
        "reporter": reporter,
        "reporter_name": " ".join((name or "").split())[:200],
        "reporter_phone": " ".join((phone or "").split())[:40],
        "show_name": bool(show_name),
        "client": client,
        "device_id": (device_id or "")[:100],
        "account_id": (account_id or "")[:100],
        "submission_key": submission_key,
    }
    try:
        with transaction.atomic():
            report = _create(fields, trusted, cleaned_photo, stored_photo)
    except IntegrityError:
        if submission_key:
            existing = DefectReport.objects.filter(submission_key=submission_key).first()
            if existing is not None:
                return existing
        raise
    return report


def _create(fields: dict, trusted: bool, cleaned_photo, stored_photo) -> DefectReport:
    now = timezone.now()
    if cleaned_photo is not None:
        stored_photo = store_photo(
            cleaned_photo, name="meldung", uploaded_by=fields["reporter"], is_public=trusted
        )
    elif stored_photo is not None and trusted and not stored_photo.is_public:
        StoredFile.objects.filter(pk=stored_photo.pk).update(is_public=True)
        stored_photo.is_public = True
    report = DefectReport.objects.create(
        number=next_number(),
        photo=stored_photo,
        status=Status.CONFIRMED if trusted else Status.UNCONFIRMED,
        confirmed_at=now if trusted else None,
        created_at=now,
        updated_at=now,
        **fields,
    )
    ReportUpdate.objects.create(report=report, status=report.status, created_at=now)
    record(
        action=AuditEntry.Action.CREATE,
        actor=fields["reporter"],
        obj=report,
        summary=f"defect report {report.number} received",
    )
    if trusted:
        _start_following(report)
        alert_unit(report, "defects/new_report")
    else:
        _ask_for_confirmation(report)
    return report


def _start_following(report: DefectReport) -> None:
    """The reporter hears about every step: by account, or by the e-mail address given."""
    if report.reporter_id:
        engagement.follow(target=report, user=report.reporter)
    elif report.reporter_email:
        follow_by_email(report, report.reporter_email)


# ------------------------------------------------------------------ confirming


def confirmation_token(report: DefectReport) -> str:
    return signing.dumps({"r": str(report.pk)}, salt=CONFIRM_SALT, compress=True)


def confirmation_url(report: DefectReport) -> str:
    return absolute_url(reverse("defects:confirm", args=[confirmation_token(report)]))


def _ask_for_confirmation(report: DefectReport) -> None:
    send_templated_email(
        to=report.reporter_email,
        template="defects/confirm_report",
        context={
            "report": report,
            "category": report.category.name if report.category else "",
            "link": confirmation_url(report),
            "days": CONFIRM_MAX_AGE // 86400,
        },
        language=translation.get_language() or "de",
    )


def report_for_token(token: str) -> DefectReport:
    try:
        payload = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    except signing.BadSignature:
        raise exceptions.ConfirmationInvalid from None
    report = DefectReport.objects.filter(pk=payload.get("r")).first()
    if report is None:
        raise exceptions.ConfirmationInvalid
    return report


@transaction.atomic
def confirm_report(token: str) -> DefectReport:
    """The link from the confirmation e-mail: the report is published, its photo too,
    and the reporter follows it by e-mail. A second click changes nothing."""
    report = report_for_token(token)
    report = DefectReport.objects.select_for_update().get(pk=report.pk)
    if report.status != Status.UNCONFIRMED:
        return report
    now = timezone.now()
    report.status = Status.CONFIRMED
    report.confirmed_at = now
    report.updated_at = now
    report.save(update_fields=["status", "confirmed_at", "updated_at"])
    if report.photo_id:
        StoredFile.objects.filter(pk=report.photo_id).update(is_public=True)
    ReportUpdate.objects.create(report=report, status=Status.CONFIRMED, created_at=now)
    record(
        action=AuditEntry.Action.UPDATE,
        actor=None,
        obj=report,
        summary=f"defect report {report.number} confirmed by e-mail",
    )
    _start_following(report)
    alert_unit(report, "defects/new_report")
    return report


def alert_unit(report: DefectReport, template: str, context: dict | None = None) -> int:
    """Tell the clerks and unit leads of the report's unit (postbox and e-mail)."""
    from rathaus.core.accounts.models import User
    from rathaus.core.accounts.roles import Role
    from rathaus.core.notifications.services import notify

    if report.unit_id is None:
        return 0
    link = reverse("defects_staff:report", args=[report.number])
    recipients = (
        User.objects.staff()
        .active()
        .filter(
            role_assignments__unit_id=report.unit_id,
            role_assignments__role__in=[Role.CLERK, Role.UNIT_LEAD],
        )
        .distinct()
    )
    context = {
        "report": report,
        "category": report.category.name if report.category else "",
        "url": absolute_url(link),
        **(context or {}),
    }
    sent = 0
    for user in recipients:
        notify(recipient=user, template=template, context=context, link=link)
        sent += 1
    return sent


def follow_by_email(report: DefectReport, email: str):
    """Someone without an account follows ``report`` with an address they confirmed (by
    opening the link sent to it); an address already following is not added twice."""
    from rathaus.participation.engagement.models import Follow

    email = _email(email)
    if not email:
        raise exceptions.InvalidEmail
    for row in Follow.objects.of(report).filter(user__isnull=True):
        if row.email.lower() == email.lower():
            return row
    return engagement.follow(target=report, email=email)
