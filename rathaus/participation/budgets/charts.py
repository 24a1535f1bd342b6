"""A horizontal bar chart as server-rendered SVG (no JavaScript), with a title and a
description for screen readers; pages show a table with the same numbers beside it."""

from dataclasses import dataclass

WIDTH = 640
LABEL_WIDTH = 240
BAR_HEIGHT = 24
GAP = 12
VALUE_SPACE = 80


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    value_text: str
    y: int
    width: int
    highlighted: bool = False

    @property
    def text_y(self) -> int:
        return self.y + BAR_HEIGHT // 2 + 5

    @property
    def value_x(self) -> int:
        return LABEL_WIDTH + self.width + 8


@dataclass(frozen=True)
class BarChart:
    title: str
    description: str
    bars: list[Bar]
    width: int = WIDTH
    label_width: int = LABEL_WIDTH
    bar_height: int = BAR_HEIGHT

    @property
    def height(self) -> int:
        return max(1, len(self.bars)) * (BAR_HEIGHT + GAP) + GAP


def bar_chart(*, title: str, description: str, items: list[tuple[str, int, str, bool]]) -> BarChart:
    """``items`` are (label, value, value as text, highlighted) in display order."""
    top = max((value for _label, value, _text, _mark in items), default=0)
    room = WIDTH - LABEL_WIDTH - VALUE_SPACE
    bars = []
    for index, (label, value, text, highlighted) in enumerate(items):
        width = round(room * value / top) if top else 0
        shown = label if len(label) <= 32 else label[:31] + "…"
        bars.append(
            Bar(shown, value, text, GAP + index * (BAR_HEIGHT + GAP), max(width, 1), highlighted)
        )
    return BarChart(title=title, description=description, bars=bars)
