"""Deleting a town completely, when it leaves the provider.

One transaction removes every row of the town (``contents.town_rows`` lists them): the
sessions and sign-in records of its accounts, its audit trail, all town-owned rows and
what hangs off them (second-factor devices, recovery codes, ...), its host names and the
town itself. Once that has committed, its stored files are deleted. Export the town first
(``export.export_town``) if it takes its data along.
"""

import shutil
import uuid
from collections import Counter
from collections.abc import Iterable, Iterator
from functools import partial
from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import connection, models, transaction

from rathaus.core.accounts.models import User
from rathaus.core.audit.models import AuditEntry
from rathaus.core.models import Town
from rathaus.core.tenancy import current_town_id, scopes_disabled, town_owned_models
from rathaus.core.uploads.services import town_prefix

from .contents import files_below, town_file_names
from .exceptions import ProviderTownProtected

BATCH = 500


def _batches(items: list, size: int = BATCH) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def delete_town(*, town: Town, actor=None, allow_provider: bool = False) -> dict[str, int]:
    """Delete everything of ``town``; returns how many rows of each model went
    (``{"accounts.user": 12, ..., "sessions.session": 3}``) and ``"files"``, the number of
    stored files deleted once the transaction commits.

    Nothing is deleted when anything fails. The provider's own town is refused
    (``ProviderTownProtected``) unless ``allow_provider``. The caller checks permissions;
    when ``actor`` is given and another town's scope is active (the provider's), the
    deletion is audited in that town's trail, inside the same transaction.
    """
    if town.is_provider and not allow_provider:
        raise ProviderTownProtected(str(town))
    town_id = town.pk
    acting_town_id = current_town_id()
    counts: Counter[str] = Counter()
    with scopes_disabled(), transaction.atomic():
        Town.objects.select_for_update().get(pk=town_id)
        file_names = town_file_names(town)
        users = User._base_manager.filter(town=town)
        counts["sessions.session"] = _delete_sessions(
            {str(pk) for pk in users.values_list("pk", flat=True)}
        )
        counts.update(_delete_sign_in_records(town))
        counts.update(_delete_task_results(town))
        counts["audit.auditentry"] = _delete_audit_trail(town_id)
        _release_protected_references(town)
        _total, by_model = Town.objects.filter(pk=town_id).delete()
        for label, count in by_model.items():
            counts[label.lower()] += count
        if actor is not None and acting_town_id not in (None, town_id):
            _audit(town=town, actor=actor, counts=counts)
        transaction.on_commit(
            partial(delete_town_files, town_id=town_id, names=file_names), robust=False
        )
    counts["files"] = len(file_names)
    return dict(counts)


def _delete_sessions(user_ids: set[str]) -> int:
    """Delete the stored sessions of these accounts.

    A session names its account only inside its encoded data, so every session row is
    read and decoded once. That is acceptable at a town's scale: sessions end after half
    an hour without a request, so the table stays small. Sessions kept only in a cache or
    a cookie cannot be listed; they stop working anyway once the account is gone.
    """
    store_class = import_module(settings.SESSION_ENGINE).SessionStore
    if not hasattr(store_class, "get_model_class") or not user_ids:
        return 0
    model = store_class.get_model_class()
    decoder = store_class()
    keys = [
        key
        for key, data in model.objects.values_list("session_key", "session_data").iterator(
            chunk_size=2000
        )
        if str(decoder.decode(data).get(SESSION_KEY, "")) in user_ids
    ]
    deleted = 0
    for batch in _batches(keys):
        deleted += model.objects.filter(session_key__in=batch).delete()[0]
    if settings.SESSION_ENGINE.endswith("cached_db"):
        # The cached copies go too, once the rows are gone for good.
        transaction.on_commit(lambda: [store_class(session_key=key).delete() for key in keys])
    return deleted


def _delete_sign_in_records(town: Town) -> dict[str, int]:
    """Delete django-axes' records of sign-ins to the town's accounts.

    Axes keys its records by a hash of the e-mail address (``accounts.backends.
    axes_username``: the first 32 characters of the blind index), which is the same in
    every town. Records of an address that also has an account in another town stay, so
    that town's lockout counting is untouched; records of addresses without an account
    cannot be told apart by town and expire with axes' own clean-up.
    """
    if not apps.is_installed("axes"):
        return {}
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    lookups = set(User._base_manager.filter(town=town).values_list("email_lookup", flat=True))
    for batch in _batches(sorted(lookups)):
        lookups -= set(
            User._base_manager.exclude(town=town)
            .filter(email_lookup__in=batch)
            .values_list("email_lookup", flat=True)
        )
    usernames = sorted({lookup[:32] for lookup in lookups})
    counts: Counter[str] = Counter()
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        for batch in _batches(usernames):
            _total, by_model = model.objects.filter(username__in=batch).delete()
            for label, count in by_model.items():
                counts[label.lower()] += count
    return dict(counts)


def _delete_task_results(town: Town) -> dict[str, int]:
    """Delete the task queue's entries of the town's background jobs (their arguments)."""
    if not apps.is_installed("django_tasks_db"):
        return {}
    from django_tasks_db.models import DBTaskResult

    from rathaus.core.jobs.models import Job

    ids = []
    for value in Job._base_manager.filter(town=town).values_list("task_result_id", flat=True):
        try:
            ids.append(uuid.UUID(value))
        except ValueError:
            continue
    deleted = sum(DBTaskResult.objects.filter(id__in=batch).delete()[0] for batch in _batches(ids))
    return {"django_tasks_db.dbtaskresult": deleted}


def _delete_audit_trail(town_id) -> int:
    """Delete the town's audit entries.

    The trail is append-only: the model refuses ``delete()`` and, on PostgreSQL, a
    trigger refuses DELETE unless the transaction names the town being purged
    (audit migration 0003). This sets that name for this transaction only and deletes
    with plain SQL, so nothing else can use the opening.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # set_config(..., true) is SET LOCAL: it ends with the transaction.
            cursor.execute(
                "SELECT set_config('rathaus.audit_purge_town', %s, true)", [str(town_id)]
            )
    town_field = AuditEntry._meta.get_field("town")
    table = connection.ops.quote_name(AuditEntry._meta.db_table)
    column = connection.ops.quote_name(town_field.column)
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {table} WHERE {column} = %s",  # noqa: S608 - names from the model
            [town_field.get_db_prep_value(town_id, connection)],
        )
        return cursor.rowcount


def _release_protected_references(town: Town) -> None:
    """Empty nullable references between the town's own rows that protect their target
    (a unit's parent unit): deleting a whole tree at once would otherwise be refused.
    Rows of other models that protect the town's rows still stop the deletion."""
    targets = {Town, *town_owned_models()}
    for model in town_owned_models():
        for field in model._meta.concrete_fields:
            if (
                field.is_relation
                and field.null
                and field.related_model in targets
                and field.remote_field.on_delete in (models.PROTECT, models.RESTRICT)
            ):
                model._base_manager.filter(town=town, **{f"{field.name}__isnull": False}).update(
                    **{field.name: None}
                )


def _audit(*, town: Town, actor, counts: Counter) -> None:
    from rathaus.core.audit.services import record

    record(
        action=AuditEntry.Action.DELETE,
        actor=actor,
        object_type="core.town",
        object_id=str(town.pk),
        object_repr=str(town)[:200],
        summary="town deleted with all its data",
        changes={"deleted": {label: count for label, count in sorted(counts.items()) if count}},
    )


def delete_town_files(*, town_id, names: Iterable[str] = ()) -> int:
    """Delete the stored files of a deleted town: everything below its prefix, and
    ``names`` (its files stored before towns had prefixes). Returns how many were
    deleted; safe to run again, e.g. after the storage failed halfway."""
    storage = default_storage
    prefix = town_prefix(town_id)
    deleted = 0
    for name in sorted(set(names) | set(files_below(prefix, storage))):
        if storage.exists(name):
            storage.delete(name)
            deleted += 1
    if isinstance(storage, FileSystemStorage):
        # The emptied folders of the town.
        shutil.rmtree(storage.path(prefix), ignore_errors=True)
    return deleted
