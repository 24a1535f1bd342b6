"""Reads of petitions: who may see which petition, the staff queue, the submitter's list."""

from django.db import models


class AddresseeQuerySet(models.QuerySet):
    def offered(self) -> "AddresseeQuerySet":
        """The addressees a person can choose on the form."""
        return self.filter(is_active=True).order_by("position", "name")


class PetitionQuerySet(models.QuerySet):
    def of_submitter(self, user) -> "PetitionQuerySet":
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(submitter=user)

    def visible_to_staff(self, user) -> "PetitionQuerySet":
        """Administrators see every petition; clerks and unit leads those of their units
        (and the units below them)."""
        from rathaus.core.accounts.permissions import is_administrator, unit_ids_of

        if not getattr(user, "is_authenticated", False) or not user.is_town_staff:
            return self.none()
        if is_administrator(user):
            return self
        units = unit_ids_of(user)
        return self.filter(unit_id__in=units) if units else self.none()

    def open(self) -> "PetitionQuerySet":
        from .models import Petition

        return self.filter(status__in=Petition.OPEN_STATUSES)

    def for_list(self) -> "PetitionQuerySet":
        return self.select_related("addressee", "unit").order_by("-created_at", "pk")
