"""Reads of the defect reporter: public reports, the staff queue, nearby reports."""

from django.core.paginator import Paginator
from django.utils.functional import cached_property

from rathaus.core.accounts.permissions import is_administrator, unit_ids_of

from . import geo
from .models import FINISHED_STATUSES, OPEN_STATUSES, CategoryAttribute, DefectReport, Status

# The public list's status filter: key in the URL → statuses.
STATUS_GROUPS = {
    "offen": OPEN_STATUSES,
    "erledigt": (Status.FIXED,),
    "abgeschlossen": FINISHED_STATUSES,
}
PUBLIC_STATUSES = OPEN_STATUSES + FINISHED_STATUSES


def public_reports():
    """Reports anyone may see: confirmed (not waiting for the e-mail link), not hidden."""
    return DefectReport.objects.filter(status__in=PUBLIC_STATUSES, is_hidden=False)


def filter_public(queryset, *, category=None, status: str = ""):
    if category is not None:
        queryset = queryset.filter(category=category)
    if status in STATUS_GROUPS:
        queryset = queryset.filter(status__in=STATUS_GROUPS[status])
    return queryset


def for_list(queryset):
    """What a list row shows, newest first, without a query per row."""
    return queryset.select_related("category").order_by("-created_at")


def staff_reports(user):
    """Reports a member of staff works on: administrators all, clerks and unit leads
    those of their units (and the units below)."""
    reports = DefectReport.objects.all()
    if is_administrator(user):
        return reports
    units = unit_ids_of(user)
    if not units:
        return reports.none()
    return reports.filter(unit_id__in=units)


def nearby_open(*, category, latitude, longitude, radius_m: int, exclude=None, limit=10):
    """Open public reports of ``category`` within ``radius_m`` of the point, nearest
    first (a box on the coordinates first, the exact distance after)."""
    south, west, north, east = geo.box_around(latitude, longitude, radius_m)
    candidates = (
        public_reports()
        .filter(
            category=category,
            status__in=OPEN_STATUSES,
            latitude__gte=south,
            latitude__lte=north,
            longitude__gte=west,
            longitude__lte=east,
        )
        .select_related("category")
        .order_by("-created_at")[:200]
    )
    found = []
    for report in candidates:
        if exclude is not None and report.pk == exclude.pk:
            continue
        distance = geo.distance_m(latitude, longitude, report.latitude, report.longitude)
        if distance <= radius_m:
            report.distance_m = round(distance)
            found.append(report)
    found.sort(key=lambda report: report.distance_m)
    return found[:limit]


class CappedPaginator(Paginator):
    """Counts at most ``cap`` rows: a list of a million reports pages as fast as one of
    a thousand (beyond the cap, filters narrow the list)."""

    def __init__(self, object_list, per_page, cap: int = 10_000, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.cap = cap

    @cached_property
    def count(self) -> int:
        return self.object_list[: self.cap + 1].count()

    @property
    def is_capped(self) -> bool:
        return self.count > self.cap


def paginate_capped(request, queryset, per_page: int = 25):
    return CappedPaginator(queryset, per_page).get_page(request.GET.get("page"))


def answers_of(found) -> list[tuple[str, str]]:
    """The answers to the category's questions as (question, answer) pairs."""
    if not found.attributes or not found.category_id:
        return []
    rows = []
    for attribute in CategoryAttribute.objects.filter(category_id=found.category_id):
        value = found.attributes.get(attribute.code)
        if value in (None, "", []):
            continue
        names = {str(item.get("key")): item.get("name") for item in attribute.values or []}
        values = value if isinstance(value, list) else [value]
        rows.append((attribute.question, ", ".join(str(names.get(v, v)) for v in values)))
    return rows
