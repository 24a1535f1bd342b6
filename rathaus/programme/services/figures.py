"""Key figures (Kennzahlen): the officer defines them and their targets and enters the
values of manual figures with evidence; the monthly job records the values of the computed
ones. Every write by a person is audited; the job's are not (no one acted)."""

import datetime
import logging
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from rathaus.core.audit.models import AuditEntry
from rathaus.core.audit.services import record, record_update, snapshot
from rathaus.core.uploads.models import StoredFile
from rathaus.core.uploads.services import delete_stored_file, store_upload

from ..exceptions_figures import (
    EvidenceMissing,
    MonthInFuture,
    MonthNotOver,
    NotAManualFigure,
    UnknownRegistryKey,
)
from ..figures import compute, month_end, month_start, registry_entry
from ..models import KeyFigure, KeyFigureTarget, KeyFigureValue
from .common import remove_recorded, require_officer

logger = logging.getLogger(__name__)

# Evidence is a scan, a photo, or an office document or spreadsheet.
EVIDENCE_KINDS = {"pdf", "png", "jpeg", "gif", "webp", "tiff", "docx", "odt", "xlsx"}
# Parts of the figures' addresses that are pages, not figures.
RESERVED_SLUGS = {"neu", "nachweis"}
# Spelled out in addresses as Germans do (slugify would drop the dots: "Antrage").
GERMAN_LETTERS = {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"}


def _unique_slug(title: str, exclude=None) -> str:
    for letter, spelled in GERMAN_LETTERS.items():
        title = title.replace(letter, spelled)
    base = (slugify(title) or "kennzahl")[:70].strip("-")
    taken = KeyFigure.objects.all()
    if exclude is not None:
        taken = taken.exclude(pk=exclude.pk)
    slug, number = base, 1
    while slug in RESERVED_SLUGS or taken.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


def _source_fields(source: str, registry_key: str) -> str:
    """The registry key to store: a registered one for a computed figure, none otherwise."""
    if source == KeyFigure.Source.COMPUTED:
        if registry_entry(registry_key) is None:
            raise UnknownRegistryKey
        return registry_key
    return ""


@transaction.atomic
def create_figure(
    *,
    actor,
    title: str,
    unit: str,
    direction: str,
    source: str,
    registry_key: str = "",
    description: str = "",
    position: int = 0,
) -> KeyFigure:
    """The officer defines a key figure: computed from one of the platform's key figures,
    or entered by hand with evidence."""
    require_officer(actor)
    figure = KeyFigure.objects.create(
        slug=_unique_slug(title),
        title=title,
        unit=unit,
        description=description,
        direction=direction,
        source=source,
        registry_key=_source_fields(source, registry_key),
        position=position,
    )
    record(action=AuditEntry.Action.CREATE, actor=actor, obj=figure, summary="key figure defined")
    return figure


@transaction.atomic
def update_figure(
    *,
    actor,
    figure: KeyFigure,
    title: str,
    unit: str,
    direction: str,
    source: str,
    registry_key: str = "",
    description: str = "",
    position: int = 0,
) -> KeyFigure:
    """The officer changes a definition. Its address stays; recorded values stay too."""
    require_officer(actor)
    figure = KeyFigure.objects.select_for_update().get(pk=figure.pk)
    before = snapshot(figure)
    figure.registry_key = _source_fields(source, registry_key)
    figure.title, figure.unit, figure.description = title, unit, description
    figure.direction, figure.source, figure.position = direction, source, position
    figure.save()
    record_update(actor=actor, obj=figure, before=before, summary="key figure changed")
    return figure


@transaction.atomic
def delete_figure(*, actor, figure: KeyFigure) -> None:
    """The officer deletes a key figure with its targets, its values and their evidence
    files; measures and the budget account no longer show it. Published annual reports keep
    it, being frozen."""
    require_officer(actor)
    figure = KeyFigure.objects.select_for_update().get(pk=figure.pk)
    evidence = list(
        StoredFile.objects.filter(
            pk__in=figure.values.exclude(evidence_file=None).values("evidence_file")
        )
    )
    remove_recorded(actor=actor, obj=figure, summary="key figure deleted")
    for stored_file in evidence:
        delete_stored_file(stored_file=stored_file, actor=actor)


@transaction.atomic
def set_target(
    *, actor, figure: KeyFigure, year: int, value: Decimal | None
) -> KeyFigureTarget | None:
    """The officer sets the target of a year; no value removes it."""
    require_officer(actor)
    existing = KeyFigureTarget.objects.select_for_update().filter(figure=figure, year=year).first()
    if value is None:
        if existing is not None:
            record(
                action=AuditEntry.Action.DELETE,
                actor=actor,
                obj=existing,
                summary="key figure target removed",
            )
            existing.delete()
        return None
    if existing is None:
        target = KeyFigureTarget.objects.create(figure=figure, year=year, value=value)
        record(
            action=AuditEntry.Action.CREATE,
            actor=actor,
            obj=target,
            summary="key figure target set",
        )
        return target
    before = snapshot(existing)
    existing.value = value
    existing.save()
    record_update(actor=actor, obj=existing, before=before, summary="key figure target changed")
    return existing


@transaction.atomic
def record_value(
    *,
    actor,
    figure: KeyFigure,
    month: datetime.date,
    value: Decimal,
    evidence: str,
    evidence_upload=None,
    today: datetime.date | None = None,
) -> KeyFigureValue:
    """The officer enters a manual figure's value of a month (up to the current one) with
    the evidence it comes from, and optionally a file (a scan, a report). Entering a month
    again replaces its value and evidence; the earlier file stays unless a new one comes."""
    require_officer(actor)
    if figure.is_computed:
        raise NotAManualFigure
    today = today or timezone.localdate()
    month = month_start(month)
    if month > month_start(today):
        raise MonthInFuture
    evidence = evidence.strip()
    if not evidence:
        raise EvidenceMissing
    stored = None
    if evidence_upload is not None:
        # Served to the town's staff only, by ``views_figures.evidence_file``.
        stored = store_upload(
            uploaded_file=evidence_upload, kinds=EVIDENCE_KINDS, uploaded_by=actor
        )
    existing = KeyFigureValue.objects.select_for_update().filter(figure=figure, month=month).first()
    now = timezone.now()
    if existing is None:
        entry = KeyFigureValue.objects.create(
            figure=figure,
            month=month,
            value=value,
            evidence=evidence,
            evidence_file=stored,
            recorded_by=actor,
            recorded_at=now,
        )
        record(
            action=AuditEntry.Action.CREATE,
            actor=actor,
            obj=entry,
            summary="key figure value recorded",
        )
        return entry
    before = snapshot(existing)
    existing.value, existing.evidence = value, evidence
    if stored is not None:
        existing.evidence_file = stored
    existing.recorded_by, existing.recorded_at = actor, now
    existing.save()
    record_update(
        actor=actor,
        obj=existing,
        before=before,
        summary="key figure value changed",
        ignore=("recorded_at",),
    )
    return existing


# --- The monthly job ------------------------------------------------------------------------


@dataclass
class MonthlyCounts:
    """What one run recorded in one town."""

    recorded: int = 0
    updated: int = 0
    failed: list[str] = field(default_factory=list)
    unregistered: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "recorded": self.recorded,
            "updated": self.updated,
            "failed": list(self.failed),
            "unregistered": list(self.unregistered),
        }


def record_computed_value(
    figure: KeyFigure, month: datetime.date, *, today: datetime.date | None = None
) -> tuple[KeyFigureValue, bool]:
    """Store what the registry gives for a computed figure in a month that is over
    (first to last day); a second run updates the same row. Returns (value, created)."""
    today = today or timezone.localdate()
    month = month_start(month)
    if not figure.is_computed:
        raise NotAManualFigure
    if month_end(month) >= today:
        raise MonthNotOver
    value = compute(figure, (month, month_end(month)))
    return KeyFigureValue.objects.update_or_create(
        figure=figure,
        month=month,
        defaults={
            "value": value,
            "evidence": "",
            "evidence_file": None,
            "recorded_by": None,
            "recorded_at": timezone.now(),
        },
    )


def record_computed_months(
    months: list[datetime.date], *, today: datetime.date | None = None
) -> MonthlyCounts:
    """Record every computed figure of the current town for each month (that is over).

    A figure whose computation fails is logged and named in the result; the others are
    still recorded. A figure whose key no app registers any more is skipped and named."""
    today = today or timezone.localdate()
    counts = MonthlyCounts()
    figures = KeyFigure.objects.filter(source=KeyFigure.Source.COMPUTED).order_by("slug")
    for figure in figures:
        if registry_entry(figure.registry_key) is None:
            counts.unregistered.append(figure.slug)
            continue
        for month in months:
            if month_end(month) >= today:
                continue
            try:
                with transaction.atomic():
                    _value, created = record_computed_value(figure, month, today=today)
            except Exception:
                logger.exception(
                    "Key figure %s (%s) could not be computed for %s.",
                    figure.slug,
                    figure.registry_key,
                    f"{month:%Y-%m}",
                )
                counts.failed.append(f"{figure.slug} {month:%Y-%m}")
                continue
            if created:
                counts.recorded += 1
            else:
                counts.updated += 1
    return counts
