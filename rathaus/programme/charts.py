"""Server-rendered SVG line charts of key figures (and any series of labelled values).

The chart is an ``<svg role="img">`` named by its ``<title>`` and described by its
``<desc>``, which lists every value and the target, so a screen reader gets the whole
chart; pages show a table of the same values beside it. The target is a dashed line with
its value written next to it, and a legend names line and target by text and pattern, not
by colour alone. Colours are presentation attributes (no inline styles), so the strict
Content-Security-Policy needs no exception. Text is escaped here: labels may be anything a
person typed.
"""

import hashlib
import math
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from .figures import format_number, format_value

WIDTH = 640
HEIGHT = 320
LEFT = 72
RIGHT = 24
TOP = 52
BOTTOM = 40
ROTATED_BOTTOM = 80
FONT_SIZE = 13
CHARACTER_WIDTH = 7.5  # an estimate for sans-serif at FONT_SIZE, to decide on rotated labels
TICKS = 5
# Dark grey text (contrast above 10:1 on white); line and target colours with at least
# 3:1 against white (WCAG 1.4.11) and told apart by pattern as well.
TEXT_COLOUR = "#1b1b1b"
GRID_COLOUR = "#d9d9d9"
AXIS_COLOUR = "#4a4a4a"
LINE_COLOUR = "#004b76"
TARGET_COLOUR = "#a5480d"


def _nice_step(span: float) -> float:
    """1, 2, 2.5 or 5 times a power of ten, so that about TICKS steps cover ``span``."""
    raw = span / (TICKS - 1)
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * power:
            return factor * power
    return 10 * power


def _scale(numbers: list[float]) -> tuple[float, float, float]:
    """Bottom, top and step of the value axis: from 0 (or below for negative values) to
    above the largest value, in round steps."""
    low = min([0.0, *numbers])
    high = max([0.0, *numbers])
    if high == low:
        high = low + 1
    step = _nice_step(high - low)
    return math.floor(low / step) * step, math.ceil(high / step) * step, step


def _tick_text(tick: float, step: float) -> str:
    places = 0 if float(step).is_integer() else 2
    return format_number(Decimal(str(round(tick, places))))


def _description(unit: str, points, target) -> str:
    if not any(value is not None for _label, value in points):
        parts = [_("No values yet.")]
    else:
        parts = [
            "; ".join(
                _("%(label)s: %(value)s") % {"label": label, "value": format_value(value, unit)}
                for label, value in points
            )
            + "."
        ]
    if target is not None:
        parts.append(_("Target: %(value)s.") % {"value": format_value(target, unit)})
    return " ".join(parts)


def _chart_id(title: str, unit: str, points, target) -> str:
    """An id for the title and description, the same for the same chart, different for
    different charts on one page."""
    source = repr((title, unit, [(label, str(value)) for label, value in points], str(target)))
    return "rh-line-" + hashlib.sha256(source.encode()).hexdigest()[:10]


def line_chart_svg(
    *,
    title: str,
    unit: str,
    points: list[tuple[str, Decimal | None]],
    target: Decimal | None = None,
) -> str:
    """A line through the values in the order given, one position per point (a point
    without value breaks the line), with the target as a dashed line. Returns the SVG
    markup, escaped and safe to embed."""
    chart_id = _chart_id(title, unit, points, target)
    numbers = [float(value) for _label, value in points if value is not None]
    if target is not None:
        numbers.append(float(target))
    low, high, step = _scale(numbers)

    count = max(len(points), 1)
    slot = (WIDTH - LEFT - RIGHT) / count
    longest = max((len(str(label)) for label, _value in points), default=0)
    rotate = longest * CHARACTER_WIDTH > slot - 4
    bottom = ROTATED_BOTTOM if rotate else BOTTOM
    plot_bottom = HEIGHT - bottom

    def x_of(index: int) -> float:
        return round(LEFT + slot * (index + 0.5), 1)

    def y_of(number: float) -> float:
        return round(plot_bottom - (number - low) / (high - low) * (plot_bottom - TOP), 1)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="rh-line-chart" role="img" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" preserveAspectRatio="xMinYMin meet" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" font-family="sans-serif" '
        f'font-size="{FONT_SIZE}">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(_description(unit, points, target))}</desc>',
        '<g aria-hidden="true">',
    ]
    # Legend: the line of values, and the target's dashes. (Texts are translated outside
    # the f-strings, where makemessages finds them.)
    value_label = _("Value")
    parts.append(
        f'<line x1="{LEFT}" y1="14" x2="{LEFT + 28}" y2="14" stroke="{LINE_COLOUR}" '
        f'stroke-width="3"/><circle cx="{LEFT + 14}" cy="14" r="4" fill="{LINE_COLOUR}"/>'
        f'<text x="{LEFT + 36}" y="18" fill="{TEXT_COLOUR}">{escape(value_label)}</text>'
    )
    if target is not None:
        legend_x = LEFT + 150
        target_label = _("Target: %(value)s") % {"value": format_value(target, unit)}
        parts.append(
            f'<line x1="{legend_x}" y1="14" x2="{legend_x + 28}" y2="14" '
            f'stroke="{TARGET_COLOUR}" stroke-width="3" stroke-dasharray="7 4"/>'
            f'<text x="{legend_x + 36}" y="18" fill="{TEXT_COLOUR}">'
            f"{escape(target_label)}</text>"
        )
    # Value axis with grid lines and the unit above it.
    if unit:
        parts.append(
            f'<text x="{LEFT - 8}" y="{TOP - 10}" text-anchor="end" fill="{TEXT_COLOUR}">'
            f"{escape(unit)}</text>"
        )
    ticks = round((high - low) / step)
    for index in range(ticks + 1):
        tick = low + index * step
        y = y_of(tick)
        parts.append(
            f'<line x1="{LEFT}" y1="{y}" x2="{WIDTH - RIGHT}" y2="{y}" stroke="{GRID_COLOUR}"/>'
            f'<text x="{LEFT - 8}" y="{y + 4}" text-anchor="end" fill="{TEXT_COLOUR}">'
            f"{escape(_tick_text(tick, step))}</text>"
        )
    parts.append(
        f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{plot_bottom}" stroke="{AXIS_COLOUR}"/>'
        f'<line x1="{LEFT}" y1="{plot_bottom}" x2="{WIDTH - RIGHT}" y2="{plot_bottom}" '
        f'stroke="{AXIS_COLOUR}"/>'
    )
    # Labels of the positions, turned when they would not fit side by side.
    for index, (label, _value) in enumerate(points):
        x = x_of(index)
        if rotate:
            y = plot_bottom + 14
            parts.append(
                f'<text x="{x}" y="{y}" text-anchor="end" transform="rotate(-45 {x} {y})" '
                f'fill="{TEXT_COLOUR}">{escape(label)}</text>'
            )
        else:
            parts.append(
                f'<text x="{x}" y="{plot_bottom + 20}" text-anchor="middle" '
                f'fill="{TEXT_COLOUR}">{escape(label)}</text>'
            )
    if target is not None:
        y = y_of(float(target))
        parts.append(
            f'<line class="rh-line-chart__target" x1="{LEFT}" y1="{y}" x2="{WIDTH - RIGHT}" '
            f'y2="{y}" stroke="{TARGET_COLOUR}" stroke-width="2" stroke-dasharray="7 4"/>'
        )
    # The line, broken where a value is missing, and a dot on every value.
    run: list[str] = []
    runs: list[list[str]] = []
    dots = []
    for index, (_label, value) in enumerate(points):
        if value is None:
            if run:
                runs.append(run)
            run = []
            continue
        point = f"{x_of(index)},{y_of(float(value))}"
        run.append(point)
        dots.append(point)
    if run:
        runs.append(run)
    for line in runs:
        if len(line) > 1:
            parts.append(
                f'<polyline class="rh-line-chart__line" points="{" ".join(line)}" fill="none" '
                f'stroke="{LINE_COLOUR}" stroke-width="3" stroke-linejoin="round"/>'
            )
    for dot in dots:
        cx, cy = dot.split(",")
        parts.append(
            f'<circle class="rh-line-chart__point" cx="{cx}" cy="{cy}" r="4.5" '
            f'fill="{LINE_COLOUR}"/>'
        )
    if not dots:
        nothing_yet = _("No values yet.")
        parts.append(
            f'<text x="{(LEFT + WIDTH - RIGHT) / 2}" y="{(TOP + plot_bottom) / 2}" '
            f'text-anchor="middle" fill="{TEXT_COLOUR}">{escape(nothing_yet)}</text>'
        )
    parts.append("</g></svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped
