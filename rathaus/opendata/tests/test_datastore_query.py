"""datastore_search semantics as CKAN documents them: filters, q, fields, sort, limit and
offset, include_total; field types as CKAN names them; only published tables for the public."""

import pytest
from django.utils import translation

from ..datastore.loading import load_rows
from ..datastore.query import search
from ..exceptions import DatastoreError
from ..models import Dataset
from .datastore_samples import upload_table
from .factories import DatasetFactory, ResourceFactory

SCHEMA = {
    "fields": [
        {"name": "name", "type": "string"},
        {"name": "stadtteil", "type": "string"},
        {"name": "plaetze", "type": "integer"},
        {"name": "gebuehr", "type": "number"},
        {"name": "eroeffnet", "type": "date"},
        {"name": "gezaehlt", "type": "datetime"},
        {"name": "barrierefrei", "type": "boolean"},
        {"name": "Anzahl Ladesäulen", "type": "integer"},
    ]
}
ROWS = [
    ("Parkhaus Bahnhof", "Innenstadt", 420, "1.50", "2001-04-01", "2026-01-05T08:00:00", True, 4),
    ("Parkplatz Nord", "Nord", 80, "0", "1998-06-15", "2026-01-05T09:30:00", False, 0),
    ("Tiefgarage Rathaus", "Innenstadt", 150, "2.00", "2010-09-30", None, True, 2),
    ("Parkplatz Sportpark", "Süd", None, "0", "2015-03-01", None, False, None),
    ("Park & Ride Süd", "Süd", 300, "0.50", "2020-05-01", "2026-01-06T07:15:00", True, 10),
]


@pytest.fixture
def parking(statistics_unit):
    resource = ResourceFactory(dataset=DatasetFactory(organization=statistics_unit), format="CSV")
    names = [field["name"] for field in SCHEMA["fields"]]
    load_rows(resource, SCHEMA, (dict(zip(names, row, strict=True)) for row in ROWS))
    return resource


def names(result) -> list[str]:
    return [record["name"] for record in result.records]


def test_fields_are_reported_with_ckan_types_and_id_first(parking):
    result = search(parking, limit=1)
    assert result.fields == [
        {"id": "_id", "type": "int"},
        {"id": "name", "type": "text"},
        {"id": "stadtteil", "type": "text"},
        {"id": "plaetze", "type": "int"},
        {"id": "gebuehr", "type": "numeric"},
        {"id": "eroeffnet", "type": "date"},
        {"id": "gezaehlt", "type": "timestamp"},
        {"id": "barrierefrei", "type": "bool"},
        {"id": "Anzahl Ladesäulen", "type": "int"},
    ]
    assert result.records == [
        {
            "_id": 1,
            "name": "Parkhaus Bahnhof",
            "stadtteil": "Innenstadt",
            "plaetze": 420,
            "gebuehr": 1.5,
            "eroeffnet": "2001-04-01",
            "gezaehlt": "2026-01-05T08:00:00",
            "barrierefrei": True,
            "Anzahl Ladesäulen": 4,
        }
    ]
    assert result.total == 5


def test_filters_match_exact_values_and_lists_of_values(parking):
    assert names(search(parking, filters={"stadtteil": "Süd"})) == [
        "Parkplatz Sportpark",
        "Park & Ride Süd",
    ]
    result = search(parking, filters={"stadtteil": ["Nord", "Süd"], "barrierefrei": "true"})
    assert (names(result), result.total) == (["Park & Ride Süd"], 1)
    assert names(search(parking, filters={"plaetze": "150"})) == ["Tiefgarage Rathaus"]
    assert names(search(parking, filters={"gebuehr": 1.5})) == ["Parkhaus Bahnhof"]
    assert names(search(parking, filters={"eroeffnet": "1998-06-15"})) == ["Parkplatz Nord"]
    assert names(search(parking, filters={"gezaehlt": "2026-01-06T07:15:00"})) == [
        "Park & Ride Süd"
    ]
    assert names(search(parking, filters={"Anzahl Ladesäulen": [0, 2]})) == [
        "Parkplatz Nord",
        "Tiefgarage Rathaus",
    ]
    assert search(parking, filters={"stadtteil": []}).total == 0


def test_q_searches_words_in_all_text_fields(parking):
    assert names(search(parking, q="innenstadt")) == ["Parkhaus Bahnhof", "Tiefgarage Rathaus"]
    assert names(search(parking, q="Park Süd")) == ["Parkplatz Sportpark", "Park & Ride Süd"]
    assert search(parking, q="Flughafen").total == 0
    assert search(parking, q="  &!  ").total == 5  # no words: no condition


def test_q_as_an_object_searches_single_fields(parking):
    assert names(search(parking, q={"name": "tiefgarage"})) == ["Tiefgarage Rathaus"]
    assert names(search(parking, q={"stadtteil": "Nord", "name": "Parkplatz"})) == [
        "Parkplatz Nord"
    ]


def test_fields_choose_and_order_the_columns(parking):
    result = search(parking, fields="plaetze, name", limit=2)
    assert result.fields == [{"id": "plaetze", "type": "int"}, {"id": "name", "type": "text"}]
    assert result.records == [
        {"plaetze": 420, "name": "Parkhaus Bahnhof"},
        {"plaetze": 80, "name": "Parkplatz Nord"},
    ]
    assert list(search(parking, fields=["_id"], limit=1).records[0]) == ["_id"]


def test_sort_takes_fields_with_directions(parking):
    # Empty values sort as the largest, as on CKAN's PostgreSQL.
    assert names(search(parking, sort="plaetze desc")) == [
        "Parkplatz Sportpark",
        "Parkhaus Bahnhof",
        "Park & Ride Süd",
        "Tiefgarage Rathaus",
        "Parkplatz Nord",
    ]
    assert names(search(parking, sort="plaetze desc nulls last", limit=2)) == [
        "Parkhaus Bahnhof",
        "Park & Ride Süd",
    ]
    assert names(search(parking, sort="stadtteil asc, name desc", limit=3)) == [
        "Tiefgarage Rathaus",
        "Parkhaus Bahnhof",
        "Parkplatz Nord",
    ]
    assert names(search(parking, sort='"Anzahl Ladesäulen" desc nulls last', limit=1)) == [
        "Park & Ride Süd"
    ]
    assert names(search(parking, sort="Anzahl Ladesäulen", limit=2, offset=1)) == [
        "Tiefgarage Rathaus",
        "Parkhaus Bahnhof",
    ]
    assert names(search(parking, sort=["gebuehr desc", "name"], limit=2)) == [
        "Tiefgarage Rathaus",
        "Parkhaus Bahnhof",
    ]


def test_limit_offset_and_total(parking):
    result = search(parking, limit=2, offset=2)
    assert (names(result), result.total) == (
        ["Tiefgarage Rathaus", "Parkplatz Sportpark"],
        5,
    )
    filtered = search(parking, filters={"barrierefrei": True}, limit=1, offset=1)
    assert (names(filtered), filtered.total) == (["Tiefgarage Rathaus"], 3)
    assert search(parking, include_total=False).total is None
    only_total = search(parking, limit=0, filters={"stadtteil": "Süd"})
    assert (only_total.records, only_total.total) == ([], 2)


def test_limit_is_capped_at_the_configured_maximum(parking, settings):
    settings.RATHAUS_DATASTORE_ROWS_MAX = 3
    result = search(parking, limit=32000)
    assert (len(result.records), result.limit, result.total) == (3, 3, 5)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"filters": {"preis": 1}}, "The field “preis” does not exist."),
        ({"fields": "name,preis"}, "The field “preis” does not exist."),
        ({"q": {"preis": "x"}}, "The field “preis” does not exist."),
        ({"sort": "preis desc"}, "Cannot sort by “preis desc”"),
        ({"sort": "name sideways"}, "Cannot sort by “name sideways”"),
        ({"filters": {"plaetze": "viele"}}, "“viele” for the field “plaetze” is not a valid int"),
        ({"filters": {"eroeffnet": "31.12.2024"}}, "is not a valid date"),
        ({"filters": {"barrierefrei": "vielleicht"}}, "is not a valid bool"),
        ({"filters": {"plaetze": {"gt": 1}}}, "is not a valid int"),
        ({"filters": "plaetze=1"}, "“filters” must be an object"),
        ({"limit": -1}, "“limit” must be a whole number of at least 0."),
        ({"limit": "viele"}, "“limit” must be a whole number."),
        ({"offset": -5}, "“offset” must be a whole number of at least 0."),
    ],
)
def test_bad_queries_are_refused_naming_the_problem(parking, arguments, message):
    with translation.override("en"), pytest.raises(DatastoreError) as refused:
        search(parking, **arguments)
    assert message in str(refused.value.message)


def test_drafts_are_searchable_only_in_a_preview(parking):
    parking.dataset.state = Dataset.State.DRAFT
    parking.dataset.save()
    with pytest.raises(DatastoreError, match="no published table"):
        search(parking)
    assert search(parking, include_drafts=True).total == 5


def test_resource_without_a_table_is_refused(statistics_unit):
    link = ResourceFactory(dataset=DatasetFactory(organization=statistics_unit))
    with pytest.raises(DatastoreError, match="has no table"):
        search(link)


def test_field_names_from_files_cannot_inject_sql(steward, statistics_unit):
    header = 'x,"y"") FROM x; --",%s,\'z'
    resource = upload_table(steward, DatasetFactory(organization=statistics_unit), header)
    # The quote in the second name is refused; everything else is only ever quoted.
    assert resource.loads.get().errors[0]["type"] == "incorrect-label"
    resource = upload_table(
        steward, DatasetFactory(organization=statistics_unit), "a%s,b'c,d;e\n1,2,3\n"
    )
    result = search(resource, filters={"a%s": "1", "b'c": "2"}, sort="d;e desc")
    assert result.records == [{"_id": 1, "a%s": 1, "b'c": 2, "d;e": 3}]


def test_filters_on_a_large_table_use_its_indexes(
    steward, statistics_unit, django_assert_max_num_queries
):
    from django.db import connection

    from ..datastore.tables import qn

    resource = ResourceFactory(dataset=DatasetFactory(organization=statistics_unit), format="CSV")
    schema = {"fields": [{"name": "bezirk", "type": "string"}, {"name": "wert", "type": "integer"}]}
    load_rows(resource, schema, ({"bezirk": f"Bezirk {n % 500}", "wert": n} for n in range(20000)))
    result = search(resource, filters={"bezirk": "Bezirk 7"}, limit=5)
    assert result.total == 40
    with connection.cursor() as cursor:
        table = qn(resource.datastore_table)
        if connection.vendor == "postgresql":
            cursor.execute(f"EXPLAIN SELECT * FROM {table} WHERE \"bezirk\" = 'Bezirk 7'")  # noqa: S608 - quoted identifiers
        else:
            cursor.execute(
                f"EXPLAIN QUERY PLAN SELECT * FROM {table} WHERE \"bezirk\" = 'Bezirk 7'"  # noqa: S608 - quoted identifiers
            )
        plan = " ".join(str(row) for row in cursor.fetchall())
    assert "index" in plan.lower() or "Index" in plan
