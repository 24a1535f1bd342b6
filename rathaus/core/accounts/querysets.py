"""Reads of accounts, units, roles and memberships."""

from django.db import models
from django.utils import timezone


class UserQuerySet(models.QuerySet):
    def staff(self):
        return self.filter(kind="staff")

    def citizens(self):
        return self.filter(kind="citizen")

    def active(self):
        return self.filter(is_active=True)

    def with_role(self, role: str, unit=None):
        filters = {"role_assignments__role": role}
        if unit is not None:
            filters["role_assignments__unit"] = unit
        return self.filter(**filters).distinct()


class UnitQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def roots(self):
        return self.filter(parent__isnull=True)

    def subtree_ids(self, root_ids) -> set:
        """The ids of the given units and every unit below them (one query per level)."""
        found = set(root_ids)
        frontier = set(root_ids)
        while frontier:
            frontier = set(
                self.filter(parent_id__in=frontier)
                .exclude(pk__in=found)
                .values_list("pk", flat=True)
            )
            found |= frontier
        return found


class RoleAssignmentQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(user=user).select_related("unit")


class MembershipQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(user=user).select_related("organisation")

    def owners(self):
        return self.filter(role="owner")

    def of_organisation(self, organisation):
        """The members of an organisation with their accounts, owners first."""
        return (
            self.filter(organisation=organisation)
            .select_related("user", "organisation")
            .order_by("-role", "created_at")
        )


class InvitationQuerySet(models.QuerySet):
    def open(self, valid_for):
        """Invitations not yet accepted and younger than ``valid_for``."""
        return self.filter(
            accepted_at__isnull=True, created_at__gte=timezone.now() - valid_for
        ).order_by("created_at")


class EmailChangeQuerySet(models.QuerySet):
    def pending(self, valid_for):
        return self.filter(
            confirmed_at__isnull=True, created_at__gte=timezone.now() - valid_for
        ).order_by("-created_at")
