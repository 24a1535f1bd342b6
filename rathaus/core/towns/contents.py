"""What belongs to a town: its rows in every model, and its stored files.

A town's rows are the town itself, every town-owned model's rows with its ``town``, and
the rows of other apps that hang off those by a cascading foreign key (the host names,
the audit chain head, the second-factor devices of its accounts and their recovery
codes, admin log entries). Those last ones are found from the models' relations, so a
newly installed app whose rows cascade from a town's accounts is included without a
change here.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.apps import apps
from django.core.files.storage import default_storage
from django.db import models

from rathaus.core.models import Town
from rathaus.core.tenancy import town_owned_models
from rathaus.core.uploads.services import town_prefix

# How many foreign keys a row of another app may be away from a town-owned row
# (a recovery code -> its device -> the account -> the town is three).
MAX_LINKS = 4


@dataclass(frozen=True)
class TownRows:
    """The rows of one model that belong to a town."""

    model: type[models.Model]
    queryset: models.QuerySet

    @property
    def label(self) -> str:
        return self.model._meta.label_lower


def _paths_to_town() -> dict[type[models.Model], list[str]]:
    """For each model holding a town's rows, the lookups that lead from a row to its town
    ("" for the town itself)."""
    paths: dict[type[models.Model], list[str]] = {Town: [""]}
    for model in town_owned_models():
        paths[model] = ["town"]
    owned = set(paths)
    changed = True
    while changed:
        changed = False
        for model in apps.get_models():
            if model in owned or model._meta.proxy:
                continue
            for field in model._meta.concrete_fields:
                if not field.is_relation or field.remote_field.on_delete is not models.CASCADE:
                    continue
                for path in list(paths.get(field.related_model, ())):
                    lookup = f"{field.name}__{path}" if path else field.name
                    if lookup.count("__") >= MAX_LINKS or lookup in paths.get(model, []):
                        continue
                    paths.setdefault(model, []).append(lookup)
                    changed = True
    return paths


def town_rows(town: Town) -> list[TownRows]:
    """Every model with rows of ``town`` and a queryset of exactly those rows, the town
    first, then by label. The querysets use the base manager: they work inside and
    outside any town's scope."""
    result = []
    for model, paths in _paths_to_town().items():
        manager = model._base_manager
        if model is Town:
            queryset = manager.filter(pk=town.pk)
        else:
            queryset = manager.filter(reduce(or_, (models.Q(**{path: town}) for path in paths)))
        result.append(TownRows(model=model, queryset=queryset.order_by("pk")))
    result.sort(key=lambda rows: (rows.model is not Town, rows.label))
    return result


def town_row_counts(town: Town) -> dict[str, int]:
    """How many rows of each model belong to ``town`` (``{"accounts.user": 12, ...}``)."""
    return {rows.label: rows.queryset.count() for rows in town_rows(town)}


def files_below(prefix: str, storage=None) -> Iterator[str]:
    """The names of all files in ``storage`` below the folder ``prefix``, walking it."""
    storage = storage or default_storage
    try:
        folders, files = storage.listdir(prefix)
    except FileNotFoundError:
        return
    base = prefix.rstrip("/") + "/"
    for name in sorted(files):
        yield base + name
    for folder in sorted(folders):
        yield from files_below(base + folder, storage)


def town_file_names(town: Town) -> list[str]:
    """The storage names of every file of ``town``: all below its prefix, and those its
    stored-file records name elsewhere (files uploaded before towns had prefixes)."""
    from rathaus.core.uploads.models import StoredFile

    names = set(files_below(town_prefix(town.pk)))
    names.update(StoredFile._base_manager.filter(town=town).values_list("storage_name", flat=True))
    return sorted(names)
