"""The town's set-up of the defect reporter, by administrators: categories and their
questions, the street directory (CSV import), the town boundary and the settings."""

import csv
import io
import json
from decimal import Decimal

from django.db import transaction

from rathaus.core.accounts.permissions import is_administrator
from rathaus.core.audit.models import AuditEntry
from rathaus.core.audit.services import record, record_update, snapshot

from .. import exceptions, geo
from ..models import CategoryAttribute, DefectCategory, DefectSettings, Street


def may_administer(user) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and getattr(user, "is_town_staff", False)
        and is_administrator(user)
    )


def _require(user) -> None:
    if not may_administer(user):
        raise exceptions.NotResponsible


@transaction.atomic
def save_category(*, actor, category: DefectCategory) -> DefectCategory:
    """Create or change a category (validated by its form)."""
    _require(actor)
    created = category._state.adding
    before = None if created else snapshot(DefectCategory.objects.get(pk=category.pk))
    category.save()
    if created:
        record(
            action=AuditEntry.Action.CREATE,
            actor=actor,
            obj=category,
            summary=f"defect category {category.code} created",
        )
    else:
        record_update(
            actor=actor, obj=category, before=before, summary=f"defect category {category.code}"
        )
    return category


@transaction.atomic
def save_attribute(*, actor, attribute: CategoryAttribute) -> CategoryAttribute:
    _require(actor)
    created = attribute._state.adding
    attribute.save()
    record(
        action=AuditEntry.Action.CREATE if created else AuditEntry.Action.UPDATE,
        actor=actor,
        obj=attribute,
        summary=f"question {attribute.code} of category {attribute.category.code}",
    )
    return attribute


@transaction.atomic
def delete_attribute(*, actor, attribute: CategoryAttribute) -> None:
    _require(actor)
    record(
        action=AuditEntry.Action.DELETE,
        actor=actor,
        obj=attribute,
        summary=f"question {attribute.code} of category {attribute.category.code} deleted",
    )
    attribute.delete()


def parse_values(text: str) -> list[dict]:
    """Answer options, one a line as ``key=name`` (or only a name, which is its key)."""
    values = []
    for line in (text or "").splitlines():
        line = line.strip()
        if not line:
            continue
        key, _sep, name = line.partition("=")
        key, name = key.strip(), (name.strip() or key.strip())
        values.append({"key": key[:40], "name": name[:150]})
    return values


def settings_for_edit() -> DefectSettings:
    """The town's settings, or unsaved defaults for a first save."""
    return DefectSettings.objects.first() or DefectSettings(
        center_latitude=Decimal("51.163361"), center_longitude=Decimal("10.447683"), zoom=6
    )


@transaction.atomic
def save_settings(*, actor, settings: DefectSettings) -> DefectSettings:
    _require(actor)
    created = settings._state.adding
    settings.save()
    record(
        action=AuditEntry.Action.CREATE if created else AuditEntry.Action.UPDATE,
        actor=actor,
        obj=settings,
        summary="defect reporter settings",
    )
    return settings


def parse_boundary(text: str) -> dict:
    """The pasted GeoJSON as stored: a Polygon or MultiPolygon (a Feature or a
    FeatureCollection is unwrapped); ``BoundaryInvalid`` otherwise. Empty: no boundary."""
    text = (text or "").strip()
    if not text:
        return {}
    try:
        data = json.loads(text)
        polygons = geo.polygons_of(data)
    except (ValueError, TypeError):
        raise exceptions.BoundaryInvalid from None
    if len(polygons) == 1:
        return {"type": "Polygon", "coordinates": [[list(p) for p in r] for r in polygons[0]]}
    return {
        "type": "MultiPolygon",
        "coordinates": [[[list(p) for p in ring] for ring in polygon] for polygon in polygons],
    }


@transaction.atomic
def set_boundary(*, actor, text: str) -> DefectSettings:
    _require(actor)
    boundary = parse_boundary(text)
    found = settings_for_edit()
    if boundary and found._state.adding:
        south, west, north, east = geo.boundary_box(boundary)
        found.center_latitude = Decimal(f"{(south + north) / 2:.6f}")
        found.center_longitude = Decimal(f"{(west + east) / 2:.6f}")
        found.zoom = 13
    found.boundary = boundary
    found.save()
    record(
        action=AuditEntry.Action.UPDATE,
        actor=actor,
        obj=found,
        summary="town boundary " + ("set" if boundary else "removed"),
    )
    return found


@transaction.atomic
def import_streets(*, actor, data: bytes | str) -> tuple[int, int]:
    """Streets from a CSV file ``name;postcode;district;lat;lon`` (a header line is
    skipped; UTF-8, or Windows-1252 as spreadsheets save it). Known streets (same name
    and postcode) are updated. Returns (created, updated); one bad line imports nothing."""
    _require(actor)
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("cp1252")
    else:
        text = data
    rows = []
    for number, row in enumerate(csv.reader(io.StringIO(text), delimiter=";"), start=1):
        if not row or not any(cell.strip() for cell in row):
            continue
        if number == 1 and row[0].strip().lower() in ("name", "strasse", "straße", "street"):
            continue
        if len(row) < 5:
            raise exceptions.StreetImportInvalid(number)
        name, postcode, district = (cell.strip() for cell in row[:3])
        try:
            latitude = geo.parse_coordinate(row[3])
            longitude = geo.parse_coordinate(row[4])
        except ValueError:
            latitude = longitude = None
        if (
            not name
            or len(name) > 150
            or (postcode and (len(postcode) != 5 or not postcode.isdigit()))
            or latitude is None
            or longitude is None
            or not (-90 <= latitude <= 90 and -180 <= longitude <= 180)
        ):
            raise exceptions.StreetImportInvalid(number)
        rows.append((name, postcode, district[:100], latitude, longitude))
    existing = {(street.name, street.postcode): street for street in Street.objects.all()}
    created = updated = 0
    for name, postcode, district, latitude, longitude in rows:
        street = existing.get((name, postcode))
        if street is None:
            street = Street.objects.create(
                name=name,
                postcode=postcode,
                district=district,
                latitude=latitude,
                longitude=longitude,
            )
            existing[(name, postcode)] = street
            created += 1
        else:
            street.district, street.latitude, street.longitude = district, latitude, longitude
            street.save()
            updated += 1
    record(
        action=AuditEntry.Action.UPDATE,
        actor=actor,
        object_type="defects.street",
        summary=f"street directory imported: {created} new, {updated} updated",
    )
    return created, updated
