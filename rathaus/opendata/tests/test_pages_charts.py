"""Which tables get a chart, and what it shows."""

from ..charts import MAX_ROWS, build_chart

DISTRICTS = [
    {"id": "_id", "type": "int"},
    {"id": "stadtteil", "type": "text"},
    {"id": "einwohner", "type": "numeric"},
]


def rows(count: int) -> list[dict]:
    return [
        {"_id": n + 1, "stadtteil": f"Teil {n}", "einwohner": 100 * (n + 1)} for n in range(count)
    ]


def test_a_label_and_a_number_column_give_bars_with_the_values_written():
    chart = build_chart(DISTRICTS, rows(4), 4)
    assert chart.kind == "bar"
    assert (chart.label_field, chart.value_field) == ("stadtteil", "einwohner")
    assert [mark.label for mark in chart.marks] == ["Teil 0", "Teil 1", "Teil 2", "Teil 3"]
    assert [mark.text for mark in chart.marks] == ["100", "200", "300", "400"]
    widths = [mark.width for mark in chart.marks]
    assert widths == sorted(widths) and widths[0] > 0
    assert abs(widths[3] / widths[0] - 4) < 0.01  # bars start at zero


def test_dates_give_a_line_in_time_order():
    fields = [{"id": "monat", "type": "date"}, {"id": "meldungen", "type": "integer"}]
    records = [
        {"monat": "2025-03-01", "meldungen": 7},
        {"monat": "2025-01-01", "meldungen": 3},
        {"monat": "2025-02-01", "meldungen": -2},
    ]
    chart = build_chart(fields, records, 3)
    assert chart.kind == "line"
    assert [mark.label for mark in chart.marks] == ["2025-01-01", "2025-02-01", "2025-03-01"]
    assert len(chart.points.split()) == 3
    assert chart.minimum_text == "-2" and chart.maximum_text == "7"


def test_no_chart_for_large_tables_text_only_tables_or_missing_numbers():
    assert build_chart(DISTRICTS, rows(MAX_ROWS + 1), MAX_ROWS + 1) is None
    assert build_chart(DISTRICTS, rows(3), 50) is None  # not all rows at hand
    text_only = [{"id": "name", "type": "text"}, {"id": "ort", "type": "text"}]
    assert build_chart(text_only, [{"name": "a", "ort": "b"}] * 3, 3) is None
    numbers_only = [{"id": "a", "type": "integer"}, {"id": "b", "type": "integer"}]
    assert build_chart(numbers_only, [{"a": 1, "b": 2}] * 3, 3) is None
    gap = rows(3)
    gap[1]["einwohner"] = None
    assert build_chart(DISTRICTS, gap, 3) is None


def test_a_year_column_of_whole_numbers_is_a_time_axis():
    fields = [{"id": "Jahr", "type": "integer"}, {"id": "Einwohner", "type": "integer"}]
    records = [{"Jahr": 2024, "Einwohner": 26_100}, {"Jahr": 2023, "Einwohner": 25_900}]
    chart = build_chart(fields, records, 2)
    assert chart.kind == "line" and chart.value_field == "Einwohner"
    assert [mark.label for mark in chart.marks] == ["2023", "2024"]
