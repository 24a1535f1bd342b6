"""Extension points other apps plug into: key figures (``kpis.py``), open-data
dataset publishers (``open_data.py``), tiles on the staff start page (``staff_areas.py``),
links on a person's own account page to the parts of an app they belong to
(``account_areas.py``), the public start page's links to each app's public part
(``public_areas.py``) and the demo town's data of each app (``demo.py``).

An app declares its entries in those modules with the ``register`` decorators;
``autodiscover()`` imports every installed app's module at start-up, the way
Django's admin finds ``admin.py``. Consumers (the programme and the open-data
portal) read the registries and never import the producing app.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.module_loading import autodiscover_modules


@dataclass(frozen=True)
class KeyFigure:
    """A key figure (Kennzahl) computed from live data."""

    key: str
    label: str
    unit: str
    compute: Callable[..., Any]
    description: str = ""
    app_label: str = ""


@dataclass(frozen=True)
class DatasetPublisher:
    """A dataset an app publishes about itself, as anonymised aggregates."""

    key: str
    title: str
    build: Callable[..., Any]
    description: str = ""
    app_label: str = ""
    keywords: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class StaffArea:
    """A tile on the staff start page leading to an app's staff pages."""

    key: str
    title: str
    text: str
    url_name: str
    is_visible: Callable[[Any], bool]
    app_label: str = ""


@dataclass(frozen=True)
class AccountArea(StaffArea):
    """A link on the signed-in person's account page ("My account") to an app's pages for
    them, such as a group they are a member of without being staff."""


@dataclass(frozen=True)
class PublicArea:
    """A link on the public start page to an app's public part."""

    key: str
    title: str
    text: str
    url_name: str
    order: int = 100


@dataclass(frozen=True)
class DemoData:
    """An app's part of the demo town, loaded by ``load_demo`` after the foundation's."""

    key: str
    load: Callable[..., int]
    order: int = 100
    app_label: str = ""
    # (label, e-mail) of demo accounts the app adds, printed with the foundation's logins.
    logins: tuple[tuple[str, str], ...] = ()


class DuplicateRegistration(Exception):
    pass


class Registry:
    def __init__(self, kind: type):
        self.kind = kind
        self._entries: dict[str, Any] = {}

    def add(self, entry) -> None:
        if not isinstance(entry, self.kind):
            raise TypeError(f"Expected {self.kind.__name__}, got {type(entry).__name__}.")
        existing = self._entries.get(entry.key)
        if existing is not None and existing != entry:
            raise DuplicateRegistration(f"{entry.key!r} is registered twice.")
        self._entries[entry.key] = entry

    def remove(self, key: str) -> None:
        self._entries.pop(key, None)

    def get(self, key: str):
        return self._entries[key]

    def all(self) -> list:
        return sorted(self._entries.values(), key=lambda entry: entry.key)

    def __contains__(self, key: str) -> bool:
        return key in self._entries

    def __len__(self) -> int:
        return len(self._entries)


kpi_registry = Registry(KeyFigure)
open_data_registry = Registry(DatasetPublisher)
staff_area_registry = Registry(StaffArea)
account_area_registry = Registry(AccountArea)
public_area_registry = Registry(PublicArea)
demo_data_registry = Registry(DemoData)


def _app_label_of(func: Callable) -> str:
    from django.apps import apps

    config = apps.get_containing_app_config(func.__module__)
    return config.label if config else ""


def register_kpi(*, key: str, label: str, unit: str, description: str = ""):
    """Decorate a function ``compute(town, period) -> number`` as a key figure."""

    def decorator(func):
        kpi_registry.add(
            KeyFigure(key, label, unit, func, description, app_label=_app_label_of(func))
        )
        return func

    return decorator


def register_dataset(*, key: str, title: str, description: str = "", keywords=()):
    """Decorate a function ``build(town) -> rows`` as a published dataset."""

    def decorator(func):
        open_data_registry.add(
            DatasetPublisher(
                key,
                title,
                func,
                description,
                app_label=_app_label_of(func),
                keywords=tuple(keywords),
            )
        )
        return func

    return decorator


SMALL_COUNT = 3


def suppress_small(count: int) -> int | str:
    """A count for open data: 1 and 2 are published as "<3", since they could point to a
    person; 0 and counts from 3 up are published as they are."""
    return f"<{SMALL_COUNT}" if 0 < count < SMALL_COUNT else count


def _area_decorator(registry: Registry, *, key: str, title, text, url_name: str):
    def decorator(func):
        registry.add(registry.kind(key, title, text, url_name, func, app_label=_app_label_of(func)))
        return func

    return decorator


def register_staff_area(*, key: str, title, text, url_name: str):
    """Decorate a function ``is_visible(user) -> bool`` as a tile on the staff start page."""
    return _area_decorator(staff_area_registry, key=key, title=title, text=text, url_name=url_name)


def register_account_area(*, key: str, title, text, url_name: str):
    """Decorate a function ``is_visible(user) -> bool`` as a link on the account page."""
    return _area_decorator(
        account_area_registry, key=key, title=title, text=text, url_name=url_name
    )


def visible_areas(registry: Registry, user) -> list:
    return [area for area in registry.all() if area.is_visible(user)]


def register_public_area(*, key: str, title, text, url_name: str, order: int = 100) -> None:
    """List an app's public part on the start page (called in the app's ``public_areas.py``)."""
    public_area_registry.add(PublicArea(key, title, text, url_name, order))


def public_areas_in_order() -> list[PublicArea]:
    return sorted(public_area_registry.all(), key=lambda entry: (entry.order, entry.key))


def register_demo_data(*, key: str, order: int = 100, logins: tuple[tuple[str, str], ...] = ()):
    """Decorate a function ``load(*, units, people) -> created count`` as demo data.

    It runs inside the demo town's scope and must be idempotent (``load_demo`` may run
    again); ``units`` maps unit codes to units, ``people`` maps e-mail addresses to users.
    ``logins`` names the (label, e-mail) of accounts it adds with the demo password.
    """

    def decorator(func):
        demo_data_registry.add(
            DemoData(key, func, order, app_label=_app_label_of(func), logins=tuple(logins))
        )
        return func

    return decorator


def demo_data_in_order() -> list[DemoData]:
    return sorted(demo_data_registry.all(), key=lambda entry: (entry.order, entry.key))


def autodiscover() -> None:
    autodiscover_modules(
        "kpis", "open_data", "staff_areas", "account_areas", "public_areas", "demo"
    )
