"""Writes on the catalogue: services, life situations, call-back requests."""

from django.db import transaction

from rathaus.core.accounts.models import User
from rathaus.core.audit.models import AuditEntry
from rathaus.core.audit.services import record, record_update, snapshot
from rathaus.core.notifications.services import notify

from ..exceptions import NotHandling, ServicesError
from ..formdefs.fees import check_rule
from ..models import CallbackRequest, Service
from .permissions import can_edit_catalogue, can_edit_service, can_handle_service


class FeeRuleInvalid(ServicesError):
    pass


def _search_text(service: Service) -> str:
    return " ".join([service.description, service.easy_language, service.leika_key])[:5000]


def _check(service: Service) -> None:
    problems = check_rule(service.fee_rule)
    if problems:
        raise FeeRuleInvalid(" ".join(problems))
    service.full_clean(exclude=["life_situations", "town"])


@transaction.atomic
def create_service(*, actor, data: dict, life_situations=()) -> Service:
    if not can_edit_catalogue(actor, unit=data.get("unit")):
        raise NotHandling
    service = Service(**data)
    service.search_text = _search_text(service)
    _check(service)
    service.save()
    service.life_situations.set(life_situations)
    record(
        action=AuditEntry.Action.CREATE,
        actor=actor,
        obj=service,
        summary="service created",
        changes=snapshot(service),
    )
    return service


@transaction.atomic
def update_service(*, actor, service: Service, data: dict, life_situations=None) -> Service:
    if not can_edit_service(actor, service):
        raise NotHandling
    locked = Service.objects.select_for_update().get(pk=service.pk)
    before = snapshot(locked)
    for name, value in data.items():
        setattr(locked, name, value)
    if "unit" in data and not can_edit_catalogue(actor, unit=locked.unit):
        raise NotHandling
    locked.search_text = _search_text(locked)
    locked.version += 1
    _check(locked)
    locked.save()
    if life_situations is not None:
        locked.life_situations.set(life_situations)
    record_update(actor=actor, obj=locked, before=before, summary="service changed")
    return locked


@transaction.atomic
def request_callback(*, service: Service, name: str, phone: str, preferred_time: str = ""):
    """Someone asks to be called back; the unit's clerks find it in their postbox."""
    callback = CallbackRequest.objects.create(
        service=service, name=name, phone=phone, preferred_time=preferred_time
    )
    clerks = User.objects.staff().active().with_role("clerk", unit=service.unit)
    for clerk in clerks:
        notify(
            recipient=clerk,
            template="services/callback",
            context={"service": service, "callback": callback},
            link="/staff/leistungen/",
        )
    return callback


@transaction.atomic
def mark_callback_done(*, actor, callback: CallbackRequest) -> CallbackRequest:
    from django.utils import timezone

    if not can_handle_service(actor, callback.service):
        raise NotHandling
    callback.done_at = timezone.now()
    callback.save(update_fields=["done_at"])
    record(action=AuditEntry.Action.UPDATE, actor=actor, obj=callback, summary="called back")
    return callback
