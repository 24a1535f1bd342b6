"""Writes of the provider area: towns, their host names, suspension, export and deletion.

Every function checks that the actor is a provider administrator working in the provider's
own tenant (the active scope), runs in one transaction and writes one audit entry to the
provider's chain naming the town concerned. What happens inside a town (its first
administrator) is recorded in that town's own chain as well.
"""

import hashlib
import uuid
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils.text import slugify
from django.utils.translation import gettext

from rathaus.core.accounts.models import RoleAssignment, User, email_lookup_for
from rathaus.core.accounts.permissions import require
from rathaus.core.accounts.roles import Role
from rathaus.core.audit.models import AuditEntry
from rathaus.core.audit.services import record
from rathaus.core.jobs.models import Job
from rathaus.core.models import Town, TownHost
from rathaus.core.tenancy import current_town, current_town_id, for_town
from rathaus.core.uploads.models import StoredFile
from rathaus.core.uploads.services import town_prefix

from . import exceptions
from .access import is_provider_administrator
from .hosts import clean_hostname

TOWN_FIELDS = ("name", "official_name", "ags", "ars")
EXPORT_CONTENT_TYPE = "application/zip"


def _require(actor: User, town: Town | None = None, summary: str = "provider area") -> None:
    require(
        is_provider_administrator(actor, current_town()), actor=actor, obj=town, summary=summary
    )


def _record(*, action: str, actor, town: Town, summary: str, changes: dict | None = None):
    """An entry in the provider's chain about ``town`` (the id is in the entry twice: as the
    object and in the changes, so a search for it finds entries about deleted towns too)."""
    return record(
        action=action,
        actor=actor,
        obj=town,
        summary=summary,
        changes={"town_id": str(town.pk), **(changes or {})},
    )


def _create_host(*, town: Town, hostname: str, is_primary: bool) -> TownHost:
    try:
        with transaction.atomic():
            return TownHost.objects.create(town=town, hostname=hostname, is_primary=is_primary)
    except IntegrityError as error:  # taken meanwhile by a concurrent request
        raise exceptions.HostTaken from error


def _unused_hostname(hostname: str) -> str:
    try:
        hostname = clean_hostname(hostname)
    except ValidationError as error:
        raise ValidationError({"hostname": error.messages}) from error
    if TownHost.objects.filter(hostname=hostname).exists():
        raise exceptions.HostTaken
    return hostname


# --- towns and their administrators -------------------------------------------------------


def _send_invitation(user: User, town: Town) -> None:
    """The staff invitation e-mail, with its set-password link on the town's primary host.

    Called inside the town's scope, so the link and the e-mail's footer are the town's.
    """
    from rathaus.core.notifications.services import absolute_url, send_templated_email
    from rathaus.core.staff.services import invitation_path

    send_templated_email(
        to=user.email,
        template="staff/staff_invitation",
        context={
            "user": user,
            "town": town,
            "link": absolute_url(invitation_path(user)),
            "valid_days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
        },
        language=user.preferred_language,
    )


def _invite_administrator(
    *, actor, town: Town, email: str, given_name: str = "", family_name: str = "", roles=()
) -> tuple[User, bool]:
    """Inside ``town``: a staff account holding ``roles`` and its invitation e-mail.

    An account of this address that never chose a password gets the invitation again;
    any other existing account is refused. Returns the account and whether it is new.
    """
    with for_town(town):
        user = User.objects.filter(email_lookup=email_lookup_for(email)).first()
        if user is not None:
            if not user.is_town_staff or not user.is_active or user.has_usable_password():
                raise exceptions.ProviderError(
                    gettext("An account with this e-mail address already exists in this town.")
                )
            created = False
        else:
            user = User.objects.create_user(
                email=email,
                password=None,
                kind=User.Kind.STAFF,
                given_name=given_name,
                family_name=family_name,
            )
            created = True
        for role in roles:
            assignment = RoleAssignment(user=user, role=role)
            if not RoleAssignment.objects.filter(user=user, role=role, unit=None).exists():
                assignment.full_clean(validate_constraints=False)
                assignment.save()
        record(
            action=AuditEntry.Action.CREATE if created else AuditEntry.Action.OTHER,
            actor=actor,
            obj=user,
            summary=(
                f"staff account created and invited by the IT provider ({', '.join(roles)})"
                if created
                else "invitation resent by the IT provider"
            ),
            changes={"kind": [None, user.kind], "roles": list(roles)} if created else {},
        )
        _send_invitation(user, town)
    return user, created


@transaction.atomic
def create_town(
    *,
    actor: User,
    name: str,
    hostname: str,
    admin_email: str,
    official_name: str = "",
    ags: str = "",
    ars: str = "",
    admin_given_name: str = "",
    admin_family_name: str = "",
) -> Town:
    """Open a new town served under ``hostname``, with a first administrator who receives an
    invitation to choose a password on the new town's host."""
    _require(actor, summary="create town")
    hostname = _unused_hostname(hostname)
    town = Town(name=name, official_name=official_name, ags=ags, ars=ars)
    town.full_clean()
    town.save()
    _create_host(town=town, hostname=hostname, is_primary=True)
    _invite_administrator(
        actor=actor,
        town=town,
        email=admin_email,
        given_name=admin_given_name,
        family_name=admin_family_name,
        roles=[Role.ADMINISTRATOR],
    )
    _record(
        action=AuditEntry.Action.CREATE,
        actor=actor,
        town=town,
        summary="town created with its first administrator",
        changes={
            **{field: [None, getattr(town, field)] for field in TOWN_FIELDS},
            "hostname": [None, hostname],
        },
    )
    return town


@transaction.atomic
def invite_town_administrator(
    *, actor: User, town: Town, email: str, given_name: str = "", family_name: str = ""
) -> bool:
    """Invite one more administrator into ``town`` (or invite the same person again, when
    they have not chosen a password yet). Returns whether a new account was made."""
    _require(actor, town, summary="invite town administrator")
    _user, created = _invite_administrator(
        actor=actor,
        town=town,
        email=email,
        given_name=given_name,
        family_name=family_name,
        roles=[Role.ADMINISTRATOR],
    )
    _record(
        action=AuditEntry.Action.OTHER,
        actor=actor,
        town=town,
        summary="administrator invited" if created else "administrator invitation resent",
    )
    return created


@transaction.atomic
def create_provider_tenant(
    *,
    name: str,
    hostname: str,
    admin_email: str,
    official_name: str = "",
    admin_given_name: str = "",
    admin_family_name: str = "",
) -> tuple[Town, User]:
    """The IT provider's own tenant with its first provider administrator (who is also its
    administrator, to invite colleagues); for the ``create_provider`` command."""
    if Town.objects.filter(is_provider=True).exists():
        raise exceptions.ProviderExists
    hostname = _unused_hostname(hostname)
    town = Town(name=name, official_name=official_name, is_provider=True)
    town.full_clean()
    town.save()
    _create_host(town=town, hostname=hostname, is_primary=True)
    user, _created = _invite_administrator(
        actor=None,
        town=town,
        email=admin_email,
        given_name=admin_given_name,
        family_name=admin_family_name,
        roles=[Role.PROVIDER_ADMINISTRATOR, Role.ADMINISTRATOR],
    )
    with for_town(town):
        _record(
            action=AuditEntry.Action.CREATE,
            actor=None,
            town=town,
            summary="IT provider's tenant created on the command line",
            changes={"hostname": [None, hostname]},
        )
    return town, user


# --- host names ---------------------------------------------------------------------------


@transaction.atomic
def add_host(*, actor: User, town: Town, hostname: str) -> TownHost:
    """Serve ``town`` under one more host name (unique across the installation)."""
    _require(actor, town, summary="add host name")
    hostname = _unused_hostname(hostname)
    is_primary = not town.hosts.filter(is_primary=True).exists()
    host = _create_host(town=town, hostname=hostname, is_primary=is_primary)
    _record(
        action=AuditEntry.Action.UPDATE,
        actor=actor,
        town=town,
        summary="host name added",
        changes={"hostname": [None, hostname]},
    )
    return host


@transaction.atomic
def remove_host(*, actor: User, town: Town, host: TownHost, request_host: str = "") -> None:
    """Stop serving ``town`` under ``host``; the last host name, and the one the provider
    administrator is using right now, stay."""
    _require(actor, town, summary="remove host name")
    host = TownHost.objects.select_for_update().get(pk=host.pk, town=town)
    if host.hostname == request_host:
        raise exceptions.CurrentHost
    others = town.hosts.exclude(pk=host.pk).order_by("hostname")
    if not others.exists():
        raise exceptions.LastHost
    successor = others.first()
    host.delete()
    if host.is_primary:
        TownHost.objects.filter(pk=successor.pk).update(is_primary=True)
    _record(
        action=AuditEntry.Action.UPDATE,
        actor=actor,
        town=town,
        summary="host name removed",
        changes={"hostname": [host.hostname, None]},
    )


@transaction.atomic
def make_primary_host(*, actor: User, town: Town, host: TownHost) -> None:
    """Use ``host`` in the links the town's e-mails contain."""
    _require(actor, town, summary="primary host name")
    host = TownHost.objects.select_for_update().get(pk=host.pk, town=town)
    if host.is_primary:
        raise exceptions.AlreadyHandled
    previous = town.hosts.filter(is_primary=True).first()
    town.hosts.exclude(pk=host.pk).update(is_primary=False)
    TownHost.objects.filter(pk=host.pk).update(is_primary=True)
    _record(
        action=AuditEntry.Action.UPDATE,
        actor=actor,
        town=town,
        summary="primary host name changed",
        changes={"primary_host": [previous.hostname if previous else None, host.hostname]},
    )


# --- suspension ---------------------------------------------------------------------------


def _set_active(*, actor: User, town: Town, active: bool, summary: str) -> Town:
    _require(actor, town, summary=summary)
    if town.is_provider:
        raise exceptions.ProviderTenant
    town = Town.objects.select_for_update().get(pk=town.pk)
    if town.is_active == active:
        raise exceptions.AlreadyHandled
    town.is_active = active
    town.save(update_fields=["is_active", "updated_at"])
    _record(
        action=AuditEntry.Action.UPDATE,
        actor=actor,
        town=town,
        summary=summary,
        changes={"is_active": [not active, active]},
    )
    return town


@transaction.atomic
def suspend_town(*, actor: User, town: Town) -> Town:
    """Take a town offline: every page of it answers 503 until it is resumed."""
    return _set_active(actor=actor, town=town, active=False, summary="town suspended")


@transaction.atomic
def resume_town(*, actor: User, town: Town) -> Town:
    return _set_active(actor=actor, town=town, active=True, summary="town resumed")


# --- export -------------------------------------------------------------------------------


@transaction.atomic
def start_town_export(*, actor: User, town: Town) -> Job:
    """Export all of a town's data into a ZIP archive in the background; the job's page
    offers the archive for download when it is done."""
    from rathaus.core.jobs.services import start_job

    from .tasks import export_town_job

    _require(actor, town, summary="export town")
    _record(action=AuditEntry.Action.OTHER, actor=actor, town=town, summary="town export started")
    return start_job(
        task=export_town_job,
        label=gettext("Export of %(town)s") % {"town": town.name},
        started_by=actor,
        kwargs={"town_id": str(town.pk)},
    )


def export_file_name(town: Town, day) -> str:
    return f"rathaus-export-{slugify(town.name) or 'town'}-{day:%Y-%m-%d}.zip"


@transaction.atomic
def store_town_export(*, actor: User | None, town: Town, archive: Path, name: str) -> StoredFile:
    """Keep a finished export archive as a file of the provider's tenant (never public),
    in the tenant's folder of the storage."""
    if actor is not None:
        _require(actor, town, summary="export town")
    file_id = uuid.uuid4()
    storage_name = f"{_exports_folder(current_town_id())}{file_id.hex[:2]}/{file_id.hex}.zip"
    digest = hashlib.sha256()
    with archive.open("rb") as handle:
        for chunk in iter(lambda: handle.read(64 * 1024), b""):
            digest.update(chunk)
        handle.seek(0)
        saved = default_storage.save(storage_name, File(handle))
    try:
        stored = StoredFile.objects.create(
            id=file_id,
            storage_name=saved,
            original_name=name,
            content_type=EXPORT_CONTENT_TYPE,
            extension="zip",
            size=archive.stat().st_size,
            sha256=digest.hexdigest(),
            is_public=False,
            uploaded_by=actor,
        )
        _record(
            action=AuditEntry.Action.CREATE,
            actor=actor,
            town=town,
            summary="town exported",
            changes={"file_id": str(stored.pk), "size": stored.size},
        )
    except BaseException:
        default_storage.delete(saved)
        raise
    return stored


def _exports_folder(town_id) -> str:
    return f"{town_prefix(town_id)}exports/"


def is_town_export(stored_file: StoredFile) -> bool:
    return stored_file.content_type == EXPORT_CONTENT_TYPE and stored_file.storage_name.startswith(
        _exports_folder(stored_file.town_id)
    )


def note_export_download(*, actor: User, stored_file: StoredFile) -> None:
    """Record that a provider administrator downloaded an export archive."""
    _require(actor, summary="download town export")
    record(
        action=AuditEntry.Action.VIEW,
        actor=actor,
        obj=stored_file,
        summary="town export downloaded",
    )


# --- deletion -----------------------------------------------------------------------------


@transaction.atomic
def start_town_deletion(*, actor: User, town: Town, confirm_name: str) -> Job:
    """Delete a town with all its data in the background, after the provider administrator
    typed its name. The town is suspended at once, so nobody works in it meanwhile."""
    from rathaus.core.jobs.services import start_job

    from .tasks import delete_town_job

    _require(actor, town, summary="delete town")
    if town.is_provider:
        raise exceptions.ProviderTenant
    if confirm_name.strip() != town.name:
        raise ValidationError(
            {"confirm_name": gettext("Type the town's name exactly as shown to confirm.")}
        )
    was_active = town.is_active
    Town.objects.filter(pk=town.pk).update(is_active=False)
    _record(
        action=AuditEntry.Action.OTHER,
        actor=actor,
        town=town,
        summary="town deletion started",
        changes={"is_active": [was_active, False]},
    )
    return start_job(
        task=delete_town_job,
        label=gettext("Deletion of %(town)s") % {"town": town.name},
        started_by=actor,
        kwargs={"town_id": str(town.pk)},
    )


@transaction.atomic
def delete_town_now(*, actor: User | None, town: Town) -> None:
    """Remove the town and everything it owns (run by the deletion job)."""
    from rathaus.core.towns.deletion import delete_town

    if actor is not None:
        _require(actor, town, summary="delete town")
    if town.is_provider:
        raise exceptions.ProviderTenant
    town_id, town_name = str(town.pk), str(town.name)
    deleted = delete_town(town=town)
    record(
        action=AuditEntry.Action.DELETE,
        actor=actor,
        object_type=Town._meta.label_lower,
        object_id=town_id,
        object_repr=town_name,
        summary="town deleted with all its data",
        changes={"town_id": town_id, "deleted": {k: v for k, v in sorted(deleted.items()) if v}},
    )
