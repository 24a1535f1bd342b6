"""Towns as the unit of isolation (Mandanten): one installation serves many towns.

Every town-owned model inherits ``TownOwned``: it carries its town and its default
manager is scoped with django-scopes. Inside ``with scope(town=town):`` (the request
middleware, jobs and commands open one) queries see only that town's rows and new rows
get that town; outside a scope a query on a town-owned model raises ``ScopeError``, so a
forgotten filter fails loudly instead of leaking another town's data.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django.apps import apps
from django.db import models
from django_scopes import ScopeError, get_scope, scope, scopes_disabled
from django_scopes.manager import DisabledQuerySet, ScopedManager

__all__ = [
    "ScopeError",
    "TownOwned",
    "current_town",
    "for_town",
    "scoped_manager",
    "scopes_disabled",
    "town_owned_models",
]


# django-scopes 2.1 guards most queryset methods outside a scope but not these, so e.g.
# ``Model.objects.exists()`` would answer for every town; refuse them the same way.
for _name in (
    "exists",
    "contains",
    "in_bulk",
    "explain",
    "exclude",
    "select_related",
    "prefetch_related",
    "distinct",
    "defer",
    "alias",
    "extra",
    "bulk_update",
):
    setattr(DisabledQuerySet, _name, DisabledQuerySet.error)


def current_town():
    """The town of the active scope, or None outside one."""
    return get_scope().get("town")


def current_town_id():
    town = current_town()
    return getattr(town, "pk", town)


def scoped_manager(queryset_class: type[models.QuerySet] = models.QuerySet, base=None):
    """A default manager scoped to the current town, with the given queryset's methods."""
    manager_class = base or models.Manager.from_queryset(queryset_class)
    return ScopedManager(_manager_class=manager_class, town="town")


class CrossTownWrite(Exception):
    """A row of one town was about to be saved while another town's scope is active."""


class TownOwned(models.Model):
    town = models.ForeignKey(
        "core.Town",
        on_delete=models.CASCADE,
        related_name="+",
        default=current_town_id,
        editable=False,
    )

    objects = scoped_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        active = current_town_id()
        if active is not None and self.town_id is not None and self.town_id != active:
            raise CrossTownWrite(f"{self._meta.label} of another town cannot be saved here.")
        for field in self._meta.concrete_fields:
            related = field.is_relation and field.get_cached_value(self, None)
            if isinstance(related, TownOwned) and related.town_id != self.town_id:
                raise CrossTownWrite(
                    f"{self._meta.label}.{field.name} points to a row of another town."
                )
        super().save(*args, **kwargs)


@contextmanager
def for_town(town) -> Iterator[None]:
    """Run code as a request of ``town`` would: queries and new rows belong to it."""
    with scope(town=town):
        yield


def town_owned_models() -> list[type[models.Model]]:
    """Every concrete model whose rows belong to a town."""
    return [
        model
        for model in apps.get_models()
        if issubclass(model, TownOwned) and not model._meta.abstract
    ]


def town_for_command(host: str | None):
    """The town a management command works on: the one served under ``host``, or the only
    town of a single-town installation."""
    from django.core.management.base import CommandError

    from .models import Town

    if host:
        town = Town.objects.for_host(host)
        if town is None:
            raise CommandError(f"No town is served under {host!r}.")
        return town
    towns = list(Town.objects.all()[:2])
    if len(towns) != 1:
        raise CommandError("This installation has several towns: name one with --host.")
    return towns[0]


def hide_installation_wide_models_from_admin(site) -> None:
    """Django's admin would list every town's second-factor devices and queued tasks (they
    are not town-owned rows); staff manage those through Rathaus's own screens."""
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice
    from django_tasks_db.models import DBTaskResult

    for model in (TOTPDevice, StaticDevice, DBTaskResult):
        if site.is_registered(model):
            site.unregister(model)
