"""The town's list of addressees of petitions, kept by administrators."""

from django.db import transaction

from rathaus.core.accounts.permissions import is_administrator
from rathaus.core.audit.models import AuditEntry
from rathaus.core.audit.services import record, record_update, snapshot

from ..exceptions import NotAdministrator
from ..models import Addressee

FIELDS = ("name", "kind", "description", "unit", "record_file", "position", "is_active")


def can_manage_addressees(user) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and is_administrator(user)


def _require(actor) -> None:
    if not can_manage_addressees(actor):
        raise NotAdministrator


@transaction.atomic
def create_addressee(*, actor, data: dict) -> Addressee:
    _require(actor)
    addressee = Addressee.objects.create(**{key: data[key] for key in FIELDS if key in data})
    record(
        action=AuditEntry.Action.CREATE,
        actor=actor,
        obj=addressee,
        summary="petition addressee created",
        changes=snapshot(addressee),
    )
    return addressee


@transaction.atomic
def update_addressee(*, actor, addressee: Addressee, data: dict) -> Addressee:
    _require(actor)
    locked = Addressee.objects.select_for_update().get(pk=addressee.pk)
    before = snapshot(locked)
    for key in FIELDS:
        if key in data:
            setattr(locked, key, data[key])
    locked.save()
    record_update(actor=actor, obj=locked, before=before, summary="petition addressee changed")
    return locked
