"""A simple chart of a small table, drawn on the server as SVG: bars for categories, a line
for a time series. Only tables that suit one get a chart: a label column (text or date) and
a number column, with a few dozen rows at most. The geometry is computed here; the template
``opendata/_chart.html`` draws it, with the values written beside the marks (readable without
colour) and the same values as a table for screen readers."""

import datetime
import math
from dataclasses import dataclass, field

from django.utils.formats import number_format

MAX_ROWS = 40
LABEL_TYPES = {"string", "date", "year", "yearmonth", "datetime", "text", "timestamp"}
TIME_TYPES = {"date", "year", "yearmonth", "datetime", "timestamp"}
NUMBER_TYPES = {"integer", "number", "numeric", "int", "bigint", "float", "int4", "int8", "float8"}
# A whole-number column with one of these names holds years: a time axis, not a value.
YEAR_NAMES = {"jahr", "year", "berichtsjahr", "haushaltsjahr"}

WIDTH = 640
LABEL_WIDTH = 170  # bars: room for the category names on the left
BAR_HEIGHT = 22
BAR_GAP = 8
VALUE_ROOM = 80  # bars: room for the value written after the bar
LINE_HEIGHT = 300
MARGIN_TOP = 16
MARGIN_BOTTOM = 56
MARGIN_LEFT = 64
MARGIN_RIGHT = 24


@dataclass
class Mark:
    label: str
    value: float
    text: str  # the value as the page writes it
    axis_label: str = ""  # the label as drawn (shortened, or left out on a crowded axis)
    show_value: bool = True
    x: float = 0
    y: float = 0
    width: float = 0
    height: float = 0
    label_x: float = 0
    label_y: float = 0
    text_x: float = 0
    text_y: float = 0


@dataclass
class Tick:
    text: str
    x1: float
    y1: float
    x2: float
    y2: float
    text_x: float
    text_y: float


@dataclass
class Chart:
    kind: str  # "bar" or "line"
    label_field: str
    value_field: str
    width: int
    height: int
    marks: list[Mark]
    ticks: list[Tick] = field(default_factory=list)
    axis: tuple[float, float, float, float] = (0, 0, 0, 0)  # x1, y1, x2, y2 of the zero line
    points: str = ""  # the line's polyline
    minimum_text: str = ""
    maximum_text: str = ""


def _number(value) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return float(value) if math.isfinite(float(value)) else None
    try:
        number = float(str(value).replace(",", "."))
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def _label(value) -> str:
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()[:10]
    return str(value if value is not None else "")


def _format(number: float) -> str:
    if float(number).is_integer():
        return number_format(int(number), use_l10n=True, force_grouping=True)
    return number_format(round(number, 2), decimal_pos=2, use_l10n=True, force_grouping=True)


def suitable_columns(fields: list[dict]) -> tuple[str, str] | None:
    """(label field, value field) if the table has a label column and a number column."""
    label = next((f for f in fields if f.get("type") in LABEL_TYPES or _is_year(f)), None)
    value = next(
        (
            f
            for f in fields
            if f.get("type") in NUMBER_TYPES and f is not label and f["id"] != "_id"
        ),
        None,
    )
    if label is None or value is None:
        return None
    return label["id"], value["id"]


def _is_year(field: dict) -> bool:
    return field.get("type") in NUMBER_TYPES and str(field.get("id", "")).lower() in YEAR_NAMES


def _nice_step(span: float, count: int = 4) -> float:
    raw = span / count if span else 1
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * magnitude:
            return factor * magnitude
    return 10 * magnitude


def _scale(values: list[float]) -> tuple[float, float, float]:
    low, high = min(0.0, *values), max(0.0, *values)
    step = _nice_step(high - low)
    low = math.floor(low / step) * step
    high = math.ceil(high / step) * step
    if high == low:
        high = low + step
    return low, high, step


def build_chart(fields: list[dict], records: list[dict], total: int | None) -> Chart | None:
    """The chart of a whole table (``records`` must be all its rows), or None if the table
    does not suit one: too many rows, no label or number column, or missing numbers."""
    if total is None or total < 2 or total > MAX_ROWS or len(records) != total:
        return None
    columns = suitable_columns(fields)
    if columns is None:
        return None
    label_field, value_field = columns
    kind = next(
        "line" if f.get("type") in TIME_TYPES or _is_year(f) else "bar"
        for f in fields
        if f["id"] == label_field
    )
    marks = []
    for record in records:
        value = _number(record.get(value_field))
        if value is None:
            return None
        marks.append(Mark(label=_label(record.get(label_field)), value=value, text=_format(value)))
    if kind == "line":
        marks.sort(key=lambda mark: mark.label)
        chart = _line(marks)
    else:
        chart = _bars(marks)
    chart.label_field, chart.value_field = label_field, value_field
    values = [mark.value for mark in marks]
    chart.minimum_text, chart.maximum_text = _format(min(values)), _format(max(values))
    return chart


def _bars(marks: list[Mark]) -> Chart:
    low, high, step = _scale([mark.value for mark in marks])
    plot_left, plot_right = LABEL_WIDTH, WIDTH - VALUE_ROOM
    span = plot_right - plot_left

    def x_of(value: float) -> float:
        return plot_left + (value - low) / (high - low) * span

    zero = x_of(0)
    top = MARGIN_TOP
    for index, mark in enumerate(marks):
        y = top + index * (BAR_HEIGHT + BAR_GAP)
        end = x_of(mark.value)
        mark.x, mark.width = min(zero, end), abs(end - zero)
        mark.y, mark.height = y, BAR_HEIGHT
        mark.label_x, mark.label_y = plot_left - 8, y + BAR_HEIGHT / 2 + 5
        mark.text_x, mark.text_y = max(zero, end) + 6, y + BAR_HEIGHT / 2 + 5
        mark.axis_label = mark.label if len(mark.label) <= 24 else mark.label[:23] + "…"
    bottom = top + len(marks) * (BAR_HEIGHT + BAR_GAP)
    ticks = []
    value = low
    while value <= high + step / 2:
        x = x_of(value)
        ticks.append(Tick(_format(value), x, top, x, bottom, x, bottom + 18))
        value += step
    return Chart(
        kind="bar",
        label_field="",
        value_field="",
        width=WIDTH,
        height=bottom + 28,
        marks=marks,
        ticks=ticks,
        axis=(zero, top - 4, zero, bottom),
    )


def _line(marks: list[Mark]) -> Chart:
    low, high, step = _scale([mark.value for mark in marks])
    plot_left, plot_right = MARGIN_LEFT, WIDTH - MARGIN_RIGHT
    plot_top, plot_bottom = MARGIN_TOP, LINE_HEIGHT - MARGIN_BOTTOM

    def y_of(value: float) -> float:
        return plot_bottom - (value - low) / (high - low) * (plot_bottom - plot_top)

    count = len(marks)
    gap = (plot_right - plot_left) / max(count - 1, 1)
    every = max(1, math.ceil(count / 8))  # at most about eight labels on the axis
    for index, mark in enumerate(marks):
        mark.x, mark.y = plot_left + index * gap, y_of(mark.value)
        mark.label_x, mark.label_y = mark.x, plot_bottom + 20
        mark.text_x, mark.text_y = mark.x, mark.y - 9
        mark.axis_label = "" if index % every else mark.label
        mark.show_value = count <= 12
    ticks = []
    value = low
    while value <= high + step / 2:
        y = y_of(value)
        ticks.append(Tick(_format(value), plot_left, y, plot_right, y, plot_left - 8, y + 5))
        value += step
    zero = y_of(0) if low <= 0 <= high else plot_bottom
    return Chart(
        kind="line",
        label_field="",
        value_field="",
        width=WIDTH,
        height=LINE_HEIGHT,
        marks=marks,
        ticks=ticks,
        axis=(plot_left, zero, plot_right, zero),
        points=" ".join(f"{mark.x:.1f},{mark.y:.1f}" for mark in marks),
    )
