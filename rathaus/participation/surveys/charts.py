"""Server-rendered SVG charts: pure functions from labels and numbers to safe markup.

Every chart is an ``<svg role="img">`` named by its ``<title>`` and described by its
``<desc>`` (which lists every value, so a screen reader gets the whole chart); pages show
a data table beside it as well. Labels are escaped here, so callers may pass any text a
person typed. Colours are presentation attributes, not inline styles, so a strict
Content-Security-Policy needs no exception. Other apps (the participatory budget) may use
these functions.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

WIDTH = 640
LABEL_HEIGHT = 20
BAR_HEIGHT = 20
ROW_GAP = 14
VALUE_SPACE = 150
# Fill colours with at least 3:1 contrast to white (WCAG 1.4.11) and to their neighbours'
# text; the text itself is dark grey on white (contrast above 10:1).
TEXT_COLOUR = "#1b1b1b"
TRACK_COLOUR = "#e6e6e6"
BAR_COLOUR = "#004b76"
SERIES_COLOURS = ("#004b76", "#a5480d", "#2a6b2e", "#6c3d91", "#8a1538", "#4a4a4a", "#005f5f")


@dataclass(frozen=True)
class Bar:
    label: str
    value: float


def percent(part: float, whole: float) -> float:
    return 100.0 * part / whole if whole else 0.0


def format_percent(value: float) -> str:
    # number_format cuts off digits; round first so that 2 of 3 reads 66.7 %, not 66.6 %.
    return f"{number_format(round(value, 1), 1)} %"


def _format_value(value: float) -> str:
    if float(value).is_integer():
        return number_format(int(value), 0)
    return number_format(round(value, 1), 1)


def _open_svg(*, chart_id: str, title: str, description: str, height: int) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="rh-chart" role="img" '
        f'viewBox="0 0 {WIDTH} {height}" width="100%" preserveAspectRatio="xMinYMin meet" '
        f'aria-labelledby="{escape(chart_id)}-title {escape(chart_id)}-desc" '
        f'font-family="sans-serif" font-size="14">',
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>',
        f'<desc id="{escape(chart_id)}-desc">{escape(description)}</desc>',
    ]


def bar_description(bars: Sequence[Bar], total: float | None) -> str:
    parts = []
    for bar in bars:
        if total:
            parts.append(
                _("%(label)s: %(value)s (%(percent)s)")
                % {
                    "label": bar.label,
                    "value": _format_value(bar.value),
                    "percent": format_percent(percent(bar.value, total)),
                }
            )
        else:
            parts.append(
                _("%(label)s: %(value)s") % {"label": bar.label, "value": _format_value(bar.value)}
            )
    return "; ".join(parts) if parts else _("No data.")


def horizontal_bar_chart(
    *,
    chart_id: str,
    title: str,
    bars: Sequence[Bar],
    total: float | None = None,
    description: str | None = None,
) -> SafeString:
    """One horizontal bar per item: its label above the bar, the value (and its share of
    ``total`` when given) after it. Bars are scaled to the largest value (or to ``total``
    when every bar is a share of it, so 50 % reaches half the width)."""
    scale_to = max([bar.value for bar in bars] + [total or 0, 1])
    track = WIDTH - VALUE_SPACE
    row = LABEL_HEIGHT + BAR_HEIGHT + ROW_GAP
    height = max(row * len(bars), row)
    parts = _open_svg(
        chart_id=chart_id,
        title=title,
        description=description or bar_description(bars, total),
        height=height,
    )
    for index, bar in enumerate(bars):
        top = index * row
        length = round(track * bar.value / scale_to, 1) if bar.value > 0 else 0
        value_text = _format_value(bar.value)
        if total:
            value_text += f" ({format_percent(percent(bar.value, total))})"
        parts.append('<g aria-hidden="true">')
        parts.append(f'<text x="0" y="{top + 15}" fill="{TEXT_COLOUR}">{escape(bar.label)}</text>')
        parts.append(
            f'<rect x="0" y="{top + LABEL_HEIGHT}" width="{track}" height="{BAR_HEIGHT}" '
            f'fill="{TRACK_COLOUR}"/>'
        )
        if length:
            parts.append(
                f'<rect class="rh-chart__bar" x="0" y="{top + LABEL_HEIGHT}" width="{length}" '
                f'height="{BAR_HEIGHT}" fill="{BAR_COLOUR}"/>'
            )
        parts.append(
            f'<text x="{track + 8}" y="{top + LABEL_HEIGHT + 15}" fill="{TEXT_COLOUR}">'
            f"{escape(value_text)}</text>"
        )
        parts.append("</g>")
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every label and value is escaped above


def stacked_bar_chart(
    *,
    chart_id: str,
    title: str,
    rows: Sequence[str],
    series: Sequence[str],
    values: Sequence[Sequence[float]],
    description: str | None = None,
) -> SafeString:
    """One horizontal bar per row, split into the shares of each series (a matrix
    question: rows × columns); a legend names the series. ``values[r][s]`` is the count of
    series ``s`` in row ``r``; each bar spans the whole width as 100 % of its row."""
    track = WIDTH - VALUE_SPACE
    row_height = LABEL_HEIGHT + BAR_HEIGHT + ROW_GAP
    legend_rows = (len(series) + 2) // 3
    legend_height = legend_rows * 22 + 8
    height = legend_height + row_height * max(len(rows), 1)
    if description is None:
        lines = []
        for label, counts in zip(rows, values, strict=True):
            total = sum(counts)
            cells = ", ".join(
                _("%(label)s: %(value)s (%(percent)s)")
                % {
                    "label": name,
                    "value": _format_value(count),
                    "percent": format_percent(percent(count, total)),
                }
                for name, count in zip(series, counts, strict=True)
            )
            lines.append(f"{label} – {cells}")
        description = "; ".join(lines) if lines else _("No data.")
    parts = _open_svg(chart_id=chart_id, title=title, description=description, height=height)
    parts.append('<g aria-hidden="true">')
    column_width = WIDTH // 3
    for index, name in enumerate(series):
        x = (index % 3) * column_width
        y = (index // 3) * 22
        colour = SERIES_COLOURS[index % len(SERIES_COLOURS)]
        parts.append(f'<rect x="{x}" y="{y + 3}" width="14" height="14" fill="{colour}"/>')
        parts.append(f'<text x="{x + 20}" y="{y + 15}" fill="{TEXT_COLOUR}">{escape(name)}</text>')
    for row_index, (label, counts) in enumerate(zip(rows, values, strict=True)):
        top = legend_height + row_index * row_height
        total = sum(counts)
        parts.append(f'<text x="0" y="{top + 15}" fill="{TEXT_COLOUR}">{escape(label)}</text>')
        parts.append(
            f'<rect x="0" y="{top + LABEL_HEIGHT}" width="{track}" height="{BAR_HEIGHT}" '
            f'fill="{TRACK_COLOUR}"/>'
        )
        x = 0.0
        for series_index, count in enumerate(counts):
            if not total or count <= 0:
                continue
            length = track * count / total
            colour = SERIES_COLOURS[series_index % len(SERIES_COLOURS)]
            parts.append(
                f'<rect class="rh-chart__bar" x="{round(x, 1)}" y="{top + LABEL_HEIGHT}" '
                f'width="{round(length, 1)}" height="{BAR_HEIGHT}" fill="{colour}" '
                f'stroke="#ffffff" stroke-width="1"/>'
            )
            x += length
        count_text = _("n = %(count)s") % {"count": _format_value(total)}
        parts.append(
            f'<text x="{track + 8}" y="{top + LABEL_HEIGHT + 15}" fill="{TEXT_COLOUR}">'
            f"{escape(count_text)}</text>"
        )
    parts.append("</g></svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every label and value is escaped above
