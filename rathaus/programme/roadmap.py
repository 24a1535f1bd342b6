"""The roadmap: measures and milestones on a timeline by quarter, as a server-rendered SVG
(a Gantt chart) and as rows for its table alternative.

The chart is an ``<svg role="img">`` named by its ``<title>`` and described by its
``<desc>``, which lists every measure, so a screen reader gets the whole roadmap. Overdue
measures and milestones are hatched AND labelled in words, never marked by colour alone;
each row also names the measure's status in words. Colours are presentation attributes,
not inline styles, so the strict Content-Security-Policy needs no exception. Every text is
escaped here.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import Measure, Milestone

WIDTH = 1000
LABEL_WIDTH = 300
STATUS_WIDTH = 170
TIMELINE_X = LABEL_WIDTH
TIMELINE_WIDTH = WIDTH - LABEL_WIDTH - STATUS_WIDTH
HEADER_HEIGHT = 46
FIELD_ROW_HEIGHT = 28
MEASURE_ROW_HEIGHT = 36
BAR_HEIGHT = 16
LEGEND_HEIGHT = 100
LABEL_CHARACTERS = 40

# Colours with at least 3:1 contrast to white (WCAG 1.4.11); text is dark grey (above 10:1).
TEXT = "#1b1b1b"
MUTED_TEXT = "#4a4a4a"
GRID = "#c8c8c8"
BAND = "#f2f2f2"
OVERDUE = "#a4000b"
TODAY = "#6c3d91"
# A reached milestone is filled, an open one hollow: told apart without colour.
REACHED = "#1b1b1b"
STATUS_STYLE = {
    # status: (fill, stroke)
    Measure.Status.PLANNED: ("#ffffff", "#004b76"),
    Measure.Status.IN_PROGRESS: ("#004b76", "#004b76"),
    Measure.Status.DONE: ("#2a6b2e", "#2a6b2e"),
    Measure.Status.STOPPED: ("#767676", "#4a4a4a"),
}


# ------------------------------------------------------------------ quarters


def quarter_of(day: datetime.date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def quarter_start(quarter: tuple[int, int]) -> datetime.date:
    year, number = quarter
    return datetime.date(year, 3 * (number - 1) + 1, 1)


def next_quarter(quarter: tuple[int, int]) -> tuple[int, int]:
    year, number = quarter
    return (year + 1, 1) if number == 4 else (year, number + 1)


def quarter_end(quarter: tuple[int, int]) -> datetime.date:
    return quarter_start(next_quarter(quarter)) - datetime.timedelta(days=1)


def quarters_between(first: tuple[int, int], last: tuple[int, int]) -> list[tuple[int, int]]:
    quarters, quarter = [], first
    while quarter <= last:
        quarters.append(quarter)
        quarter = next_quarter(quarter)
    return quarters


def quarter_label(quarter: tuple[int, int]) -> str:
    return _("Q%(number)s %(year)s") % {"number": quarter[1], "year": quarter[0]}


# ------------------------------------------------------------------ rows


def _short_date(day: datetime.date | None) -> str:
    return date_format(day, "SHORT_DATE_FORMAT") if day else ""


@dataclass(frozen=True)
class MilestoneRow:
    milestone: Milestone
    overdue: bool

    @property
    def state(self) -> str:
        if self.milestone.reached_on:
            return _("reached on %(date)s") % {"date": _short_date(self.milestone.reached_on)}
        if self.overdue:
            return _("overdue")
        return _("open")


@dataclass(frozen=True)
class RoadmapRow:
    """A measure as the roadmap shows it: its dates, milestones and what is overdue."""

    measure: Measure
    milestones: list[MilestoneRow]
    overdue: bool

    @property
    def overdue_milestones(self) -> int:
        return sum(1 for row in self.milestones if row.overdue)

    @property
    def has_overdue(self) -> bool:
        return self.overdue or bool(self.overdue_milestones)

    @property
    def overdue_text(self) -> str:
        if self.overdue:
            return _("Overdue")
        if self.overdue_milestones:
            return ngettext(
                "%(count)s milestone overdue",
                "%(count)s milestones overdue",
                self.overdue_milestones,
            ) % {"count": self.overdue_milestones}
        return ""


def roadmap_rows(measures: Iterable[Measure], today: datetime.date) -> list[RoadmapRow]:
    """The roadmap's rows, one per measure, in the order given (milestones by due date)."""
    rows = []
    for measure in measures:
        milestones = sorted(measure.milestones.all(), key=lambda m: (m.due_on, m.title))
        rows.append(
            RoadmapRow(
                measure=measure,
                milestones=[MilestoneRow(m, m.is_overdue(today)) for m in milestones],
                overdue=measure.is_overdue(today),
            )
        )
    return rows


def group_by_field(rows: list[RoadmapRow]) -> list[tuple]:
    """``[(field of action, [rows])]`` in the order the fields first appear."""
    groups: dict = {}
    for row in rows:
        groups.setdefault(row.measure.field_id, (row.measure.field, []))[1].append(row)
    return list(groups.values())


# ------------------------------------------------------------------ the chart


def _truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


class _Scale:
    """Places dates on the timeline between the first and the last quarter."""

    def __init__(self, first: tuple[int, int], last: tuple[int, int]):
        self.start = quarter_start(first)
        self.end = quarter_end(last)
        self.days = (self.end - self.start).days + 1

    def x(self, day: datetime.date, *, end_of_day: bool = False) -> float:
        offset = (day - self.start).days + (1 if end_of_day else 0)
        offset = min(max(offset, 0), self.days)
        return TIMELINE_X + TIMELINE_WIDTH * offset / self.days

    def contains(self, day: datetime.date) -> bool:
        return self.start <= day <= self.end


def _defs(chart_id: str) -> str:
    return (
        "<defs>"
        f'<pattern id="{chart_id}-overdue" width="8" height="8" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)">'
        '<rect width="8" height="8" fill="#ffffff"/>'
        f'<rect width="4" height="8" fill="{OVERDUE}"/>'
        "</pattern>"
        "</defs>"
    )


def _diamond(cx: float, cy: float, size: float, fill: str, stroke: str) -> str:
    points = " ".join(
        f"{_num(x)},{_num(y)}"
        for x, y in ((cx, cy - size), (cx + size, cy), (cx, cy + size), (cx - size, cy))
    )
    return f'<polygon points="{points}" fill="{fill}" stroke="{stroke}" stroke-width="2"/>'


def _header(quarters: list[tuple[int, int]], scale: _Scale) -> list[str]:
    measure_label, status_label = escape(_("Measure")), escape(_("Status"))
    parts = [
        f'<text x="0" y="38" font-weight="bold" fill="{TEXT}">{measure_label}</text>',
        f'<text x="{WIDTH - STATUS_WIDTH + 10}" y="38" font-weight="bold" fill="{TEXT}">'
        f"{status_label}</text>",
    ]
    years: dict[int, list] = {}
    for quarter in quarters:
        years.setdefault(quarter[0], []).append(quarter)
    for year, in_year in years.items():
        left = scale.x(quarter_start(in_year[0]))
        right = scale.x(quarter_end(in_year[-1]), end_of_day=True)
        parts.append(
            f'<text x="{_num((left + right) / 2)}" y="16" text-anchor="middle" '
            f'font-weight="bold" fill="{TEXT}">{year}</text>'
        )
    for quarter in quarters:
        left = scale.x(quarter_start(quarter))
        right = scale.x(quarter_end(quarter), end_of_day=True)
        parts.append(
            f'<text x="{_num((left + right) / 2)}" y="38" text-anchor="middle" font-size="12" '
            f'fill="{MUTED_TEXT}">Q{quarter[1]}</text>'
        )
    return parts


def _grid(quarters: list[tuple[int, int]], scale: _Scale, bottom: float) -> list[str]:
    parts = []
    for quarter in quarters:
        x = _num(scale.x(quarter_start(quarter)))
        width = "1.5" if quarter[1] == 1 else "0.75"
        parts.append(
            f'<line x1="{x}" y1="{HEADER_HEIGHT - 22}" x2="{x}" y2="{_num(bottom)}" '
            f'stroke="{GRID}" stroke-width="{width}"/>'
        )
    end = _num(TIMELINE_X + TIMELINE_WIDTH)
    parts.append(
        f'<line x1="{end}" y1="{HEADER_HEIGHT - 22}" x2="{end}" y2="{_num(bottom)}" '
        f'stroke="{GRID}" stroke-width="1.5"/>'
    )
    return parts


def _bar(row: RoadmapRow, scale: _Scale, top: float, chart_id: str) -> list[str]:
    measure = row.measure
    if not (measure.starts_on and measure.ends_on):
        no_dates = escape(_("no dates yet"))
        return [
            f'<text x="{TIMELINE_X + 6}" y="{_num(top + 22)}" font-size="12" '
            f'fill="{MUTED_TEXT}">{no_dates}</text>'
        ]
    if measure.ends_on < scale.start or measure.starts_on > scale.end:
        return []
    left = scale.x(measure.starts_on)
    right = max(scale.x(measure.ends_on, end_of_day=True), left + 3)
    fill, stroke = STATUS_STYLE.get(measure.status, STATUS_STYLE[Measure.Status.PLANNED])
    if row.overdue:
        fill, stroke = f"url(#{chart_id}-overdue)", OVERDUE
    y = top + (MEASURE_ROW_HEIGHT - BAR_HEIGHT) / 2
    parts = [
        f'<rect x="{_num(left)}" y="{_num(y)}" width="{_num(right - left)}" '
        f'height="{BAR_HEIGHT}" rx="2" fill="{fill}" stroke="{stroke}" stroke-width="2"/>'
    ]
    if measure.status == Measure.Status.STOPPED:
        # Struck through: a stopped measure reads as such without colour.
        middle = _num(y + BAR_HEIGHT / 2)
        parts.append(
            f'<line x1="{_num(left)}" y1="{middle}" x2="{_num(right)}" y2="{middle}" '
            f'stroke="#ffffff" stroke-width="2"/>'
        )
    return parts


def _milestones(row: RoadmapRow, scale: _Scale, top: float, chart_id: str) -> list[str]:
    parts = []
    cy = top + MEASURE_ROW_HEIGHT / 2
    for item in row.milestones:
        due_on = item.milestone.due_on
        if not scale.contains(due_on):
            continue
        cx = scale.x(due_on)
        if item.milestone.reached_on:
            parts.append(_diamond(cx, cy, 7, REACHED, "#ffffff"))
        elif item.overdue:
            parts.append(_diamond(cx, cy, 8, f"url(#{chart_id}-overdue)", OVERDUE))
            parts.append(
                f'<text x="{_num(cx)}" y="{_num(top + 7)}" text-anchor="middle" font-size="11" '
                f'font-weight="bold" fill="{OVERDUE}">!</text>'
            )
        else:
            parts.append(_diamond(cx, cy, 7, "#ffffff", TEXT))
    return parts


def _legend(top: float, chart_id: str) -> list[str]:
    y = top + 20
    parts = [f'<g font-size="12" fill="{TEXT}">']
    x = 0.0
    for status in Measure.Status:
        fill, stroke = STATUS_STYLE[status]
        parts.append(
            f'<rect x="{_num(x)}" y="{_num(y - 11)}" width="26" height="12" rx="2" fill="{fill}" '
            f'stroke="{stroke}" stroke-width="2"/>'
        )
        parts.append(f'<text x="{_num(x + 32)}" y="{_num(y)}">{escape(status.label)}</text>')
        x += 170
    parts.append(
        f'<rect x="{_num(x)}" y="{_num(y - 11)}" width="26" height="12" rx="2" '
        f'fill="url(#{chart_id}-overdue)" stroke="{OVERDUE}" stroke-width="2"/>'
    )
    overdue_label = escape(_("Overdue"))
    parts.append(f'<text x="{_num(x + 32)}" y="{_num(y)}">{overdue_label}</text>')
    y += 26
    x = 0.0
    for text, fill, stroke in (
        (_("Milestone"), "#ffffff", TEXT),
        (_("Milestone reached"), REACHED, "#ffffff"),
        (_("Milestone overdue"), f"url(#{chart_id}-overdue)", OVERDUE),
    ):
        parts.append(_diamond(x + 10, y - 5, 7, fill, stroke))
        parts.append(f'<text x="{_num(x + 26)}" y="{_num(y)}">{escape(text)}</text>')
        x += 200
    parts.append(
        f'<line x1="{_num(x + 4)}" y1="{_num(y - 12)}" x2="{_num(x + 4)}" y2="{_num(y + 2)}" '
        f'stroke="{TODAY}" stroke-width="2" stroke-dasharray="4 3"/>'
    )
    today_label = escape(_("Today"))
    parts.append(f'<text x="{_num(x + 14)}" y="{_num(y)}">{today_label}</text>')
    parts.append("</g>")
    return parts


def _measure_summary(row: RoadmapRow) -> str:
    measure = row.measure
    if measure.starts_on and measure.ends_on:
        period = _("%(start)s to %(end)s") % {
            "start": _short_date(measure.starts_on),
            "end": _short_date(measure.ends_on),
        }
    else:
        period = _("no dates yet")
    text = _("%(measure)s (%(field)s): %(status)s, %(period)s") % {
        "measure": str(measure),
        "field": measure.field.title,
        "status": measure.get_status_display(),
        "period": period,
    }
    if row.overdue_text:
        text += f", {row.overdue_text}"
    if row.milestones:
        text += "; " + _("milestones: %(list)s") % {
            "list": ", ".join(
                _("%(title)s due %(date)s, %(state)s")
                % {
                    "title": item.milestone.title,
                    "date": _short_date(item.milestone.due_on),
                    "state": item.state,
                }
                for item in row.milestones
            )
        }
    return text


def roadmap_svg(
    measures,
    *,
    first_quarter: tuple[int, int],
    last_quarter: tuple[int, int],
    today: datetime.date,
    chart_id: str = "roadmap",
) -> str:
    """The roadmap of ``measures`` from ``first_quarter`` to ``last_quarter`` (both
    ``(year, quarter)``) as SVG markup: one row per measure, grouped by field of action, a
    bar from start to end, milestones as diamonds, a line for ``today``. Overdue measures
    and milestones are hatched and labelled "overdue". Pass the measures with ``field``
    selected and ``milestones`` prefetched to keep to two queries. ``chart_id`` keeps the
    ids unique when a page shows two roadmaps.
    """
    if last_quarter < first_quarter:
        first_quarter, last_quarter = last_quarter, first_quarter
    rows = roadmap_rows(measures, today)
    groups = group_by_field(rows)
    quarters = quarters_between(first_quarter, last_quarter)
    scale = _Scale(first_quarter, last_quarter)
    body_height = len(groups) * FIELD_ROW_HEIGHT + len(rows) * MEASURE_ROW_HEIGHT
    if not rows:
        body_height = MEASURE_ROW_HEIGHT
    bottom = HEADER_HEIGHT + body_height
    height = bottom + LEGEND_HEIGHT
    chart_id = escape(chart_id)
    title = _("Roadmap from %(first)s to %(last)s") % {
        "first": quarter_label(first_quarter),
        "last": quarter_label(last_quarter),
    }
    no_measure, today_label = _("No measure in this period."), _("Today")
    overdue = sum(1 for row in rows if row.overdue)
    overdue_milestones = sum(row.overdue_milestones for row in rows)
    summary = [
        ngettext(
            "%(count)s measure in %(fields)s field(s) of action",
            "%(count)s measures in %(fields)s field(s) of action",
            len(rows),
        )
        % {"count": len(rows), "fields": len(groups)},
        ngettext("%(count)s measure overdue", "%(count)s measures overdue", overdue)
        % {"count": overdue},
        ngettext("%(count)s milestone overdue", "%(count)s milestones overdue", overdue_milestones)
        % {"count": overdue_milestones},
        _("today is %(date)s") % {"date": _short_date(today)},
    ]
    description = "; ".join(summary) + ". " + " ".join(_measure_summary(row) + "." for row in rows)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="rh-chart rh-roadmap" role="img" '
        f'viewBox="0 0 {WIDTH} {_num(height)}" width="100%" '
        f'preserveAspectRatio="xMinYMin meet" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" focusable="false" '
        f'font-family="sans-serif" font-size="13">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
        _defs(chart_id),
    ]
    parts.extend(_header(quarters, scale))
    top = float(HEADER_HEIGHT)
    band = []
    content = []
    for field, field_rows in groups:
        band.append(
            f'<rect x="0" y="{_num(top)}" width="{WIDTH}" height="{FIELD_ROW_HEIGHT}" '
            f'fill="{BAND}"/>'
        )
        content.append(
            f'<text x="6" y="{_num(top + 19)}" font-weight="bold" fill="{TEXT}">'
            f"{escape(_truncate(field.title, 90))}</text>"
        )
        top += FIELD_ROW_HEIGHT
        for row in field_rows:
            label = _truncate(str(row.measure), LABEL_CHARACTERS)
            content.append(
                f'<text x="12" y="{_num(top + 23)}" fill="{TEXT}">{escape(label)}</text>'
            )
            content.extend(_bar(row, scale, top, chart_id))
            content.extend(_milestones(row, scale, top, chart_id))
            status_x = WIDTH - STATUS_WIDTH + 10
            status_y = top + 15 if row.overdue_text else top + 23
            content.append(
                f'<text x="{status_x}" y="{_num(status_y)}" font-size="12" fill="{TEXT}">'
                f"{escape(row.measure.get_status_display())}</text>"
            )
            if row.overdue_text:
                content.append(
                    f'<text x="{status_x}" y="{_num(top + 30)}" font-size="12" '
                    f'font-weight="bold" fill="{OVERDUE}">{escape(row.overdue_text)}</text>'
                )
            content.append(
                f'<line x1="0" y1="{_num(top + MEASURE_ROW_HEIGHT)}" x2="{WIDTH}" '
                f'y2="{_num(top + MEASURE_ROW_HEIGHT)}" stroke="{GRID}" stroke-width="0.5"/>'
            )
            top += MEASURE_ROW_HEIGHT
    if not rows:
        content.append(
            f'<text x="{TIMELINE_X + 6}" y="{_num(top + 22)}" fill="{MUTED_TEXT}">'
            f"{escape(no_measure)}</text>"
        )
    parts.extend(band)
    parts.extend(_grid(quarters, scale, bottom))
    parts.extend(content)
    if scale.contains(today):
        x = _num(scale.x(today))
        parts.append(
            f'<line x1="{x}" y1="{HEADER_HEIGHT - 4}" x2="{x}" y2="{_num(bottom + 3)}" '
            f'stroke="{TODAY}" stroke-width="2" stroke-dasharray="4 3"/>'
        )
        parts.append(
            f'<text x="{x}" y="{_num(bottom + 14)}" text-anchor="middle" font-size="11" '
            f'font-weight="bold" fill="{TODAY}">{escape(today_label)}</text>'
        )
    parts.extend(_legend(bottom + 18, chart_id))
    parts.append("</svg>")
    return "".join(parts)
