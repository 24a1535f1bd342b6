"""Automatic datasets: the figures other apps publish about themselves through their
``open_data.py`` publishers. A data steward switches a publisher on and chooses the unit
that publishes it; a scheduled job (``manage.py opendata_refresh``) then builds the rows,
checks that they are flat aggregates, and adds one dated CSV version per run, stored as a
file and loaded into the datastore. Small counts are suppressed by the publishers
themselves; the check here refuses what plainly is not an aggregate."""

import csv
import datetime
import hashlib
import io
import logging
import math
import re
from decimal import Decimal

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from rathaus.core.audit.models import AuditEntry
from rathaus.core.audit.services import record
from rathaus.core.jobs.models import Job
from rathaus.core.jobs.services import start_job
from rathaus.core.registries import DatasetPublisher, open_data_registry
from rathaus.core.tenancy import for_town
from rathaus.core.uploads.services import delete_stored_file, store_upload

from ..automatic_tasks import refresh_automatic_dataset
from ..datastore.loading import load_rows
from ..exceptions import OpenDataError
from ..models import AutomaticDataset, Dataset, Resource, TableLoad
from ..permissions import require_steward
from .datasets import (
    create_dataset,
    publish_dataset,
    touch_dataset,
    update_dataset,
    withdraw_dataset,
)

logger = logging.getLogger(__name__)

LICENSE_ID = "dl-zero-de/2.0"  # Datenlizenz Deutschland – Zero – Version 2.0
FREQUENCY = "MONTHLY"
THEMES = ["GOVE"]  # figures about the administration's own work

# Column names that hold a person rather than a figure (normalised: lower case, "_").
PERSONAL_COLUMNS = frozenset(
    {
        "first_name",
        "given_name",
        "last_name",
        "family_name",
        "surname",
        "full_name",
        "vorname",
        "nachname",
        "familienname",
        "person",
        "applicant",
        "antragsteller",
        "reporter",
        "author",
        "user",
        "username",
        "email",
        "e_mail",
        "mail",
        "phone",
        "telefon",
        "address",
        "anschrift",
        "birth_date",
        "geburtsdatum",
        "ip_address",
    }
)
SUPPRESSED = re.compile(r"<\d+")  # a small count published as "<3"
EMAIL_VALUE = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class UnknownPublisher(OpenDataError):
    message = _("This automatic dataset is not offered (any more).")


class UnitRequired(OpenDataError):
    message = _("Choose the unit that publishes this dataset.")


class NotEnabled(OpenDataError):
    message = _("Switch this automatic dataset on first.")


class NoContactAddress(OpenDataError):
    message = _(
        "Enter a functional mailbox for the publishing unit or the town's e-mail address "
        "first: automatic datasets give it as their contact."
    )


class NothingToPublish(OpenDataError):
    message = _("There are no figures for this dataset yet; nothing was published.")


class NotAggregates(OpenDataError):
    """The publisher's rows are not a flat table of figures; nothing is published."""

    def __init__(self, reason):
        super().__init__(
            format_lazy(
                _("The figures were not published because they are not a flat table: {reason}"),
                reason=reason,
            )
        )


# --- listing and switching ------------------------------------------------------------------


def publishers() -> list[tuple[DatasetPublisher, AutomaticDataset | None]]:
    """Every registered publisher with the town's row for it, if the steward ever
    switched it on (one query)."""
    rows = {
        row.publisher_key: row
        for row in AutomaticDataset.objects.select_related("dataset", "organization")
    }
    return [(publisher, rows.get(publisher.key)) for publisher in open_data_registry.all()]


def _publisher(key: str) -> DatasetPublisher:
    if key not in open_data_registry:
        raise UnknownPublisher
    return open_data_registry.get(key)


@transaction.atomic
def enable(*, actor, publisher_key: str, organization=None) -> AutomaticDataset:
    """Switch a publisher on, published by ``organization`` (a unit of the town). Without
    a unit the one chosen before is kept. The figures appear with the next refresh;
    a dataset withdrawn by ``disable`` is published again at once."""
    require_steward(actor)
    publisher = _publisher(publisher_key)
    automatic, _created = AutomaticDataset.objects.get_or_create(publisher_key=publisher.key)
    organization = organization or automatic.organization
    if organization is None or not organization.is_active:
        raise UnitRequired
    before = {
        "is_enabled": automatic.is_enabled,
        "organization": str(automatic.organization) if automatic.organization else None,
    }
    automatic.is_enabled = True
    automatic.organization = organization
    automatic.save(update_fields=["is_enabled", "organization"])
    dataset = automatic.dataset
    if dataset is not None:
        if dataset.organization_id != organization.pk:
            update_dataset(actor=actor, dataset=dataset, organization=organization)
        if dataset.resources.exists():
            publish_dataset(actor=actor, dataset=dataset)
    record(
        action=AuditEntry.Action.UPDATE,
        actor=actor,
        obj=automatic,
        summary=gettext("Automatic dataset switched on"),
        changes={
            "is_enabled": [before["is_enabled"], True],
            "organization": [before["organization"], str(organization)],
        },
    )
    return automatic


@transaction.atomic
def disable(*, actor, publisher_key: str) -> AutomaticDataset:
    """Switch a publisher off: its dataset is withdrawn from the portal and no longer
    refreshed; its versions are kept for when it is switched on again."""
    require_steward(actor)
    automatic = AutomaticDataset.objects.filter(publisher_key=publisher_key).first()
    if automatic is None or not automatic.is_enabled:
        raise NotEnabled
    automatic.is_enabled = False
    automatic.save(update_fields=["is_enabled"])
    if automatic.dataset is not None:
        withdraw_dataset(actor=actor, dataset=automatic.dataset)
    record(
        action=AuditEntry.Action.UPDATE,
        actor=actor,
        obj=automatic,
        summary=gettext("Automatic dataset switched off"),
        changes={"is_enabled": [True, False]},
    )
    return automatic


def start_refresh(*, actor, publisher_key: str) -> Job:
    """Start "refresh now": a background job that builds a new version at once; the
    steward follows it on the job's page."""
    require_steward(actor)
    automatic = AutomaticDataset.objects.filter(publisher_key=publisher_key).first()
    if automatic is None or not automatic.is_enabled:
        raise NotEnabled
    return start_job(
        task=refresh_automatic_dataset,
        label=gettext("Update “%(title)s”") % {"title": _publisher(publisher_key).title},
        started_by=actor,
        kwargs={"automatic_id": automatic.pk},
    )


# --- checking the rows ----------------------------------------------------------------------


def _normalised(column: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", column.casefold()).strip("_")


def _is_missing(value) -> bool:
    return value is None or value == ""


def check_rows(rows) -> tuple[list[dict], list[str]]:
    """The rows as a list and their columns, if they are a flat table of figures.

    Refused (``NotAggregates``): anything but a list of dicts with the same text keys;
    values other than text, numbers, yes/no and dates (a timestamp or a nested list
    points to single events, not aggregates); and, as a simple guard against personal
    data slipping in, a column named like a person's details (``email``, ``vorname``,
    ``applicant``, …) or any value that looks like an e-mail address. A column of
    personal names under another name cannot be told from, say, street names by
    looking; the publishers are responsible for publishing aggregates only.
    """
    if isinstance(rows, dict | str | bytes) or not hasattr(rows, "__iter__"):
        raise NotAggregates(gettext("the publisher did not return a list of rows."))
    rows = list(rows)
    if not rows:
        raise NothingToPublish
    if not all(isinstance(row, dict) for row in rows):
        raise NotAggregates(gettext("every row must be a set of named values."))
    columns = list(rows[0])
    if not columns or not all(isinstance(column, str) and column.strip() for column in columns):
        raise NotAggregates(gettext("every column needs a name."))
    expected = set(columns)
    for number, row in enumerate(rows, 1):
        if set(row) != expected:
            raise NotAggregates(
                gettext("row %(row)d has other columns than the first row.") % {"row": number}
            )
    for column in columns:
        if _normalised(column) in PERSONAL_COLUMNS:
            raise NotAggregates(
                gettext("the column “%(column)s” would hold personal data.") % {"column": column}
            )
    for number, row in enumerate(rows, 1):
        for column, value in row.items():
            if not _is_figure(value):
                raise NotAggregates(
                    gettext("row %(row)d, column “%(column)s” is not a single value.")
                    % {"row": number, "column": column}
                )
            if isinstance(value, str) and EMAIL_VALUE.search(value):
                raise NotAggregates(
                    gettext("row %(row)d, column “%(column)s” contains an e-mail address.")
                    % {"row": number, "column": column}
                )
    return rows, columns


def _is_figure(value) -> bool:
    if value is None or isinstance(value, str | bool | int | Decimal):
        return True
    if isinstance(value, float):
        return math.isfinite(value)
    # A datetime is a date too, but a moment points to a single event.
    return isinstance(value, datetime.date) and not isinstance(value, datetime.datetime)


def _is_suppressed(value) -> bool:
    return isinstance(value, str) and SUPPRESSED.fullmatch(value) is not None


def _field_type(values) -> str:
    present = [value for value in values if not _is_missing(value)]
    counts = [value for value in present if not _is_suppressed(value)]
    if len(counts) < len(present):  # suppressed counts ("<3") among numbers
        if all(isinstance(value, int) and not isinstance(value, bool) for value in counts):
            return "integer"
        if all(_is_number(value) for value in counts):
            return "number"
        return "string"
    if not present:
        return "string"
    if all(isinstance(value, bool) for value in present):
        return "boolean"
    if all(isinstance(value, int) and not isinstance(value, bool) for value in present):
        return "integer"
    if all(_is_number(value) for value in present):
        return "number"
    if all(isinstance(value, datetime.date) for value in present):
        return "date"
    return "string"


def _is_number(value) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def table_schema(rows: list[dict], columns: list[str]) -> dict:
    """A Frictionless Table Schema from the values' Python types. Empty text is a missing
    value; so is a suppressed count ("<3") in a column of numbers, which keeps the column
    a number column (the CSV file shows "<3", the datastore an empty cell)."""
    fields = [
        {"name": column, "type": _field_type(row[column] for row in rows)} for column in columns
    ]
    numeric = {field["name"] for field in fields if field["type"] in ("integer", "number")}
    markers = {row[column] for row in rows for column in numeric if _is_suppressed(row[column])}
    return {"fields": fields, "missingValues": ["", *sorted(markers)]}


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, str):
        # A spreadsheet would run a cell starting like a formula; a quote keeps it text.
        return "'" + value if value.startswith(FORMULA_START) else value
    return str(value)


def rows_to_csv(rows: list[dict], columns: list[str]) -> bytes:
    """UTF-8 CSV (RFC 4180, comma, header row) of the rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row[column]) for column in columns])
    return buffer.getvalue().encode("utf-8")


def _table_rows(rows: list[dict], schema: dict) -> list[dict]:
    """The rows as the datastore stores them under ``schema``."""
    types = {field["name"]: field["type"] for field in schema["fields"]}
    result = []
    for row in rows:
        converted = {}
        for column, kind in types.items():
            value = row[column]
            if kind == "string":
                converted[column] = value if isinstance(value, str | None) else _cell(value)
            elif _is_missing(value) or _is_suppressed(value):
                converted[column] = None
            elif isinstance(value, Decimal):
                converted[column] = float(value)
            else:
                converted[column] = value
        result.append(converted)
    return result


def add_table_version(
    *,
    dataset: Dataset,
    name: str,
    rows: list[dict],
    columns: list[str],
    description: str = "",
    version_date: datetime.date | None = None,
    file_name: str = "",
    uploaded_by=None,
) -> Resource:
    """Store ``rows`` as a CSV resource of ``dataset`` and load them into the datastore.

    With a ``version_date`` the resource is that day's version: an existing version of
    the same day is replaced, a new one goes first (the newest version first). Without
    one the resource is added after the others. The caller indexes the dataset.
    """
    schema = table_schema(rows, columns)
    content = rows_to_csv(rows, columns)
    file_name = file_name or f"{dataset.name}.csv"
    stored = store_upload(
        uploaded_file=ContentFile(content, name=file_name),
        kinds={"csv"},
        max_bytes=max(len(content), settings.RATHAUS_UPLOAD_MAX_BYTES),
        uploaded_by=uploaded_by,
    )
    resource = None
    if version_date is not None:
        resource = dataset.resources.filter(version_date=version_date).first()
    replaced_file = None
    if resource is None:
        last = dataset.resources.order_by("-position").first()
        resource = Resource(
            dataset=dataset,
            version_date=version_date,
            position=0 if version_date is not None else (last.position + 1 if last else 0),
        )
    else:
        replaced_file = resource.file
    resource.name = name[:300]
    resource.description = description
    resource.format = "CSV"
    resource.file = stored
    resource.url = ""
    resource.size = stored.size
    resource.schema = schema
    resource.modified_at = timezone.now()
    resource.save()
    load_rows(resource, schema, _table_rows(rows, schema))
    if version_date is not None:
        _order_versions(dataset)
    if replaced_file is not None and not TableLoad.objects.filter(file=replaced_file).exists():
        delete_stored_file(stored_file=replaced_file)
    resource.refresh_from_db()
    return resource


def _order_versions(dataset: Dataset) -> None:
    """Dated versions first, the newest at the top; other resources after them."""
    resources = list(dataset.resources.all())
    resources.sort(
        key=lambda resource: (
            resource.version_date is None,
            -(resource.version_date.toordinal() if resource.version_date else 0),
            resource.position,
            resource.created_at,
        )
    )
    changed = []
    for position, resource in enumerate(resources):
        if resource.position != position:
            resource.position = position
            changed.append(resource)
    Resource.objects.bulk_update(changed, ["position"])


# --- refreshing -----------------------------------------------------------------------------


def _dataset_name(publisher: DatasetPublisher) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", publisher.key.casefold()).strip("-")[:90] or "daten"
    name, number = base, 1
    while Dataset.objects.filter(name=name).exists():
        number += 1
        name = f"{base}-{number}"
    return name


def _contact_email(unit, town) -> str:
    email = unit.email or getattr(town, "email", "")
    if not email:
        raise NoContactAddress
    return email


def _notes(publisher: DatasetPublisher) -> str:
    # Dataset content in the town's language (German), like the publishers' titles.
    return (
        f"{publisher.description}\n\n"
        "Dieser Datensatz wird automatisch aus den Daten der Plattform erzeugt und "
        "regelmäßig aktualisiert. Er enthält nur zusammengefasste Zahlen; kleine "
        "Fallzahlen sind unkenntlich gemacht. Jede Aktualisierung wird als eigene, "
        "datierte Datei veröffentlicht."
    ).strip()


def _temporal(rows: list[dict]) -> tuple[datetime.date | None, datetime.date | None]:
    """The time covered, from a ``month`` column ("2026-03") or a ``year`` column."""
    months = sorted(
        {
            row["month"]
            for row in rows
            if isinstance(row.get("month"), str) and re.fullmatch(r"\d{4}-\d{2}", row["month"])
        }
    )
    if months:
        first_year, first_month = map(int, months[0].split("-"))
        last_year, last_month = map(int, months[-1].split("-"))
        following = datetime.date(last_year + last_month // 12, last_month % 12 + 1, 1)
        return (
            datetime.date(first_year, first_month, 1),
            following - datetime.timedelta(days=1),
        )
    years = sorted(
        {
            row["year"]
            for row in rows
            if isinstance(row.get("year"), int) and not isinstance(row.get("year"), bool)
        }
    )
    if years:
        return datetime.date(years[0], 1, 1), datetime.date(years[-1], 12, 31)
    return None, None


def _create_dataset(automatic: AutomaticDataset, publisher: DatasetPublisher, town) -> Dataset:
    unit = automatic.organization
    if unit is None:
        raise UnitRequired
    return create_dataset(
        actor=None,
        publisher_key=publisher.key,
        keywords=publisher.keywords,
        name=_dataset_name(publisher),
        title=publisher.title[:300],
        notes=_notes(publisher),
        organization=unit,
        themes=list(THEMES),
        license_id=LICENSE_ID,
        contact_name=unit.name,
        contact_email=_contact_email(unit, town),
        frequency=FREQUENCY,
    )


def _version_description(rows: list[dict], columns: list[str], day: datetime.date) -> str:
    text = (
        f"Stand {day.strftime('%d.%m.%Y')}, automatisch erzeugt. "
        f"{len(rows)} Zeilen, Spalten: {', '.join(columns)}."
    )
    if any(_is_suppressed(value) for row in rows for value in row.values()):
        text += (
            " Angaben wie „<3“ stehen für kleine Fallzahlen, die zum Schutz der Beteiligten "
            "nicht genau veröffentlicht werden; in der Tabellenansicht sind diese Zellen leer."
        )
    return text


def _unchanged(dataset: Dataset, content_hash: str) -> Resource | None:
    """The newest version, if it holds exactly these figures already."""
    newest = (
        dataset.resources.filter(version_date__isnull=False)
        .select_related("file")
        .order_by("-version_date")
        .first()
    )
    if newest and newest.file and newest.file.sha256 == content_hash and newest.datastore_table:
        return newest
    return None


@transaction.atomic
def refresh(automatic: AutomaticDataset) -> Resource:
    """Build the publisher's rows and publish them as today's version of its dataset.

    The dataset is created (and published) on the first run. Figures equal to the newest
    version add nothing (that version stays current); a second run on the same day
    replaces that day's version. Raises an ``OpenDataError`` and changes nothing when the
    rows cannot be published.
    """
    if not automatic.is_enabled:
        raise NotEnabled
    publisher = _publisher(automatic.publisher_key)
    town = automatic.town
    built = publisher.build(town)
    rows, columns = check_rows(built)
    today = timezone.localdate()
    dataset = automatic.dataset
    if dataset is not None:
        current = _unchanged(dataset, hashlib.sha256(rows_to_csv(rows, columns)).hexdigest())
        if current is not None:
            _mark_run(automatic)
            return current
    created = dataset is None
    if created:
        dataset = _create_dataset(automatic, publisher, town)
        automatic.dataset = dataset
        automatic.save(update_fields=["dataset"])
    resource = add_table_version(
        dataset=dataset,
        name=f"{publisher.title} (Stand {today.isoformat()})",
        description=_version_description(rows, columns, today),
        rows=rows,
        columns=columns,
        version_date=today,
        file_name=f"{dataset.name}-{today.isoformat()}.csv",
    )
    start, end = _temporal(rows)
    if start and (start, end) != (dataset.temporal_start, dataset.temporal_end):
        update_dataset(actor=None, dataset=dataset, temporal_start=start, temporal_end=end)
    if created:
        publish_dataset(actor=None, dataset=dataset)
    touch_dataset(dataset)
    record(
        action=AuditEntry.Action.UPDATE,
        obj=dataset,
        summary=gettext("New version of an automatic dataset"),
        changes={"version_date": [None, today.isoformat()], "rows": [None, len(rows)]},
    )
    _mark_run(automatic)
    return resource


def _mark_run(automatic: AutomaticDataset, error: str = "") -> None:
    automatic.last_run_at = timezone.now()
    automatic.last_error = error[:500]
    AutomaticDataset.objects.filter(pk=automatic.pk).update(
        last_run_at=automatic.last_run_at, last_error=automatic.last_error
    )


def run_refresh(automatic: AutomaticDataset) -> Resource | None:
    """``refresh`` that records a failure in ``last_error`` instead of raising: what the
    scheduled job and "refresh now" use, so one publisher cannot stop the others. The
    error is written in the town's language, whoever started the run."""
    with translation.override(settings.LANGUAGE_CODE):
        try:
            return refresh(automatic)
        except OpenDataError as error:
            message = str(error.message)
        except Exception:
            logger.exception("Automatic dataset %s failed.", automatic.publisher_key)
            message = gettext(
                "The figures could not be built. The details are in the server's log."
            )
    _mark_run(automatic, message)
    return None


def refresh_all(town) -> int:
    """Refresh every automatic dataset the town switched on; returns how many succeeded.
    Each runs in its own transaction; failures are recorded on the automatic dataset."""
    refreshed = 0
    with for_town(town):
        enabled = AutomaticDataset.objects.filter(is_enabled=True).select_related(
            "dataset", "organization"
        )
        for automatic in enabled:
            if run_refresh(automatic) is not None:
                refreshed += 1
    return refreshed
