"""The cost plan and the staff plan: the e-Government officer adds, changes and removes
cost items (planned and committed costs of a measure in a year) and staff plan entries
(full-time equivalents of a unit in a year). Every change is audited."""

from decimal import Decimal

from django.db import transaction

from rathaus.core.accounts.models import Unit, User
from rathaus.core.audit.models import AuditEntry
from rathaus.core.audit.services import record, record_update, snapshot

from ..models import CostItem, Measure, StaffPlanEntry
from ..plan import check_year
from .common import check_amounts, remove_recorded, require_officer


@transaction.atomic
def add_cost_item(
    *,
    actor: User,
    measure: Measure,
    year: int,
    kind: str,
    category: str,
    planned: Decimal,
    committed: Decimal = Decimal("0"),
    description: str = "",
) -> CostItem:
    """The officer plans a cost of a measure in a year."""
    require_officer(actor)
    check_year(year)
    check_amounts(planned, committed)
    item = CostItem.objects.create(
        measure=measure,
        year=year,
        kind=kind,
        category=category,
        description=description,
        planned=planned,
        committed=committed,
    )
    record(
        action=AuditEntry.Action.CREATE,
        actor=actor,
        obj=item,
        summary=f"cost item added: {measure.code} {year}",
    )
    return item


@transaction.atomic
def change_cost_item(
    *,
    actor: User,
    item: CostItem,
    measure: Measure,
    year: int,
    kind: str,
    category: str,
    planned: Decimal,
    committed: Decimal,
    description: str = "",
) -> CostItem:
    require_officer(actor)
    check_year(year)
    check_amounts(planned, committed)
    item = CostItem.objects.select_for_update().get(pk=item.pk)
    before = snapshot(item)
    item.measure, item.year, item.kind, item.category = measure, year, kind, category
    item.planned, item.committed, item.description = planned, committed, description
    item.save()
    record_update(actor=actor, obj=item, before=before, summary="cost item changed")
    return item


@transaction.atomic
def remove_cost_item(*, actor: User, item: CostItem) -> None:
    require_officer(actor)
    remove_recorded(actor=actor, obj=item, summary="cost item removed")


@transaction.atomic
def add_staff_entry(
    *,
    actor: User,
    unit: Unit,
    year: int,
    fte: Decimal,
    measure: Measure | None = None,
    note: str = "",
) -> StaffPlanEntry:
    """The officer plans the full-time equivalents a unit puts into the programme (or into
    one measure) in a year."""
    require_officer(actor)
    check_year(year)
    check_amounts(fte)
    entry = StaffPlanEntry.objects.create(unit=unit, measure=measure, year=year, fte=fte, note=note)
    record(
        action=AuditEntry.Action.CREATE,
        actor=actor,
        obj=entry,
        summary=f"staff plan entry added: {unit.code} {year}",
    )
    return entry


@transaction.atomic
def change_staff_entry(
    *,
    actor: User,
    entry: StaffPlanEntry,
    unit: Unit,
    year: int,
    fte: Decimal,
    measure: Measure | None = None,
    note: str = "",
) -> StaffPlanEntry:
    require_officer(actor)
    check_year(year)
    check_amounts(fte)
    entry = StaffPlanEntry.objects.select_for_update().get(pk=entry.pk)
    before = snapshot(entry)
    entry.unit, entry.measure, entry.year, entry.fte, entry.note = unit, measure, year, fte, note
    entry.save()
    record_update(actor=actor, obj=entry, before=before, summary="staff plan entry changed")
    return entry


@transaction.atomic
def remove_staff_entry(*, actor: User, entry: StaffPlanEntry) -> None:
    require_officer(actor)
    remove_recorded(actor=actor, obj=entry, summary="staff plan entry removed")
