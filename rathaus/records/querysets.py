"""Reads of the e-file. Who may see what is decided here once, for pages, search,
downloads and exports alike.

A file is visible to its responsible unit (and the units above it, through the unit
tree), to units and persons it is shared with, and — once closed and due for disposal —
to archivists. A procedure is also visible to the unit or clerk it was handed over to and to
the recipients of its routes. Everyone else gets 404.
"""

from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from rathaus.core.accounts.permissions import direct_unit_ids, has_role, unit_ids_of
from rathaus.core.accounts.roles import Role


def _is_staff(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_town_staff", False))


def member_unit_ids(user) -> set:
    """Units whose files the person sees: where they hold a unit role, and those below."""
    return unit_ids_of(user) if _is_staff(user) else set()


class FilePlanEntryQuerySet(models.QuerySet):
    def active(self) -> "FilePlanEntryQuerySet":
        return self.filter(retired_at__isnull=True)


class RecordFileQuerySet(models.QuerySet):
    def visible_to(self, user) -> "RecordFileQuerySet":
        if not _is_staff(user):
            return self.none()
        units = member_unit_ids(user)
        from .models import FileShare

        shared = FileShare.objects.filter(file=OuterRef("pk")).filter(
            Q(user=user) | Q(unit__in=units)
        )
        condition = Q(unit__in=units) | Exists(shared)
        if has_role(user, Role.ARCHIVIST):
            condition |= Q(state="closed", retention_ends_on__lte=timezone.localdate())
            condition |= ~Q(disposal_state="")
        return self.filter(condition)

    def open(self) -> "RecordFileQuerySet":
        return self.filter(state="open")

    def closed(self) -> "RecordFileQuerySet":
        return self.filter(state="closed")

    def due_for_disposal(self, on=None) -> "RecordFileQuerySet":
        """Closed files whose retention has run out and that are not yet in disposal."""
        on = on or timezone.localdate()
        return self.filter(state="closed", retention_ends_on__lte=on, disposal_state="")


def _reached_directly(user, units) -> Q:
    """Procedures that reach a person other than through their file: handed over to them
    or one of their units, or on a route to them or their unit."""
    from .models import RouteStep

    on_route = RouteStep.objects.filter(
        Q(assigned_user=user) | Q(assigned_unit__in=direct_unit_ids(user))
    ).values("route__procedure_id")
    return Q(assigned_unit__in=units) | Q(assigned_to=user) | Q(pk__in=on_route)


class ProcedureQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ProcedureQuerySet":
        if not _is_staff(user):
            return self.none()
        from .models import RecordFile

        units = member_unit_ids(user)
        return self.filter(
            Q(file__in=RecordFile.objects.visible_to(user)) | _reached_directly(user, units)
        )

    def reached_directly(self, user) -> "ProcedureQuerySet":
        """The visible procedures that reach ``user`` other than through their file."""
        if not _is_staff(user):
            return self.none()
        return self.filter(_reached_directly(user, member_unit_ids(user)))

    def open(self) -> "ProcedureQuerySet":
        return self.filter(state="open")


class DocumentQuerySet(models.QuerySet):
    def visible_to(self, user) -> "DocumentQuerySet":
        from .models import Procedure

        return self.filter(procedure__in=Procedure.objects.visible_to(user))


class RouteStepQuerySet(models.QuerySet):
    def inbox_of(self, user) -> "RouteStepQuerySet":
        """Steps waiting for this person's decision: addressed to them or to their unit."""
        return self.filter(state="pending").filter(
            Q(assigned_user=user) | Q(assigned_unit__in=direct_unit_ids(user))
        )

    def overdue(self, on=None) -> "RouteStepQuerySet":
        return self.filter(due_on__lt=on or timezone.localdate())
