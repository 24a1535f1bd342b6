"""datastore_search_sql: one read-only SELECT over published tables of the town, with
allow-listed functions, a time limit and a row limit; everything else refused, on SQLite and
PostgreSQL alike.

The statements below are SQL a client sends on purpose, so S608 is silenced for the file.
"""
# ruff: noqa: S608

import pytest
from django.db import connection
from django.utils import translation

from rathaus.core.tenancy import for_town

from ..datastore import sql
from ..datastore.loading import load_rows
from ..datastore.sql import run_sql
from ..exceptions import DatastoreError
from ..models import Dataset, Resource
from .factories import DatasetFactory, ResourceFactory

SCHEMA = {
    "fields": [
        {"name": "bezirk", "type": "string"},
        {"name": "jahr", "type": "integer"},
        {"name": "einwohner", "type": "integer"},
        {"name": "anteil", "type": "number"},
    ]
}


def table_resource(rows, state=Dataset.State.PUBLISHED, schema=SCHEMA) -> Resource:
    resource = ResourceFactory(dataset=DatasetFactory(state=state), format="CSV")
    load_rows(resource, schema, rows)
    return resource


@pytest.fixture(autouse=True)
def _sql_enabled(settings):
    settings.RATHAUS_DATASTORE_SQL_ENABLED = True
    settings.RATHAUS_DATASTORE_SQL_TIMEOUT_MS = 400


@pytest.fixture
def population():
    rows = [
        {"bezirk": "Innenstadt", "jahr": 2024, "einwohner": 8200, "anteil": "0.31"},
        {"bezirk": "Nord", "jahr": 2024, "einwohner": 6100, "anteil": "0.23"},
        {"bezirk": "Innenstadt", "jahr": 2025, "einwohner": 8350, "anteil": "0.32"},
        {"bezirk": "Süd", "jahr": 2025, "einwohner": 5900, "anteil": "0.22"},
    ]
    return table_resource(rows)


def refused(statement: str) -> str:
    with translation.override("en"), pytest.raises(DatastoreError) as caught:
        run_sql(statement)
    return str(caught.value.message)


def test_switched_off_unless_enabled(population, settings):
    settings.RATHAUS_DATASTORE_SQL_ENABLED = False
    assert "switched off" in refused(f'SELECT * FROM "{population.pk}"')


def test_select_over_a_published_table(population):
    result = run_sql(
        f'SELECT bezirk, sum(einwohner) AS summe, max(anteil) AS anteil FROM "{population.pk}" '
        "WHERE jahr >= 2024 GROUP BY bezirk ORDER BY summe DESC"
    )
    assert result.fields == [
        {"id": "bezirk", "type": "text"},
        {"id": "summe", "type": "int" if connection.vendor == "sqlite" else "numeric"},
        {"id": "anteil", "type": "numeric"},
    ]
    assert result.records == [
        {"bezirk": "Innenstadt", "summe": 16550, "anteil": 0.32},
        {"bezirk": "Nord", "summe": 6100, "anteil": 0.23},
        {"bezirk": "Süd", "summe": 5900, "anteil": 0.22},
    ]
    assert result.records_truncated is False


def test_columns_can_be_qualified_with_the_resource_id_and_tables_joined(population):
    other = table_resource([{"bezirk": "Nord", "jahr": 2024, "einwohner": 1, "anteil": "1"}])
    result = run_sql(
        f'SELECT "{population.pk}".bezirk, o.einwohner FROM "{population.pk}" '
        f'JOIN "{other.pk}" o ON o.bezirk = "{population.pk}".bezirk'
    )
    assert result.records == [{"bezirk": "Nord", "einwohner": 1}]


def test_union_and_a_plain_with_are_allowed(population):
    result = run_sql(
        f'WITH n AS (SELECT bezirk FROM "{population.pk}" WHERE jahr = 2024) '
        f'SELECT bezirk FROM n UNION SELECT bezirk FROM "{population.pk}" WHERE jahr = 2025 '
        "ORDER BY bezirk"
    )
    assert [record["bezirk"] for record in result.records] == ["Innenstadt", "Nord", "Süd"]


def test_rows_beyond_the_limit_are_cut_and_marked(population, settings):
    settings.RATHAUS_DATASTORE_ROWS_MAX = 3
    result = run_sql(f'SELECT bezirk FROM "{population.pk}" ORDER BY "_id"')
    assert len(result.records) == 3
    assert result.records_truncated is True


@pytest.mark.parametrize(
    "statement",
    [
        "INSERT INTO \"{id}\" (bezirk) VALUES ('x')",
        'UPDATE "{id}" SET einwohner = 0',
        'DELETE FROM "{id}"',
        'DROP TABLE "{id}"',
        'CREATE TABLE x AS SELECT * FROM "{id}"',
        'ALTER TABLE "{id}" ADD COLUMN x text',
        'TRUNCATE "{id}"',
        'COPY "{id}" TO STDOUT',
        "COPY (SELECT 1) TO PROGRAM 'id'",
        'SELECT * INTO kopie FROM "{id}"',
        'WITH weg AS (DELETE FROM "{id}" RETURNING *) SELECT * FROM weg',
        'SELECT * FROM "{id}" FOR UPDATE',
        "SET statement_timeout = 0",
        "VACUUM",
        "PRAGMA writable_schema = 1",
        "ATTACH DATABASE '/tmp/x.db' AS x",
        'EXPLAIN ANALYZE DELETE FROM "{id}"',
        "GRANT ALL ON ALL TABLES IN SCHEMA public TO public",
        "BEGIN",
    ],
)
def test_writes_and_other_statements_are_refused(population, statement):
    refused(statement.format(id=population.pk))
    assert run_sql(f'SELECT count(*) AS n FROM "{population.pk}"').records == [{"n": 4}]


@pytest.mark.parametrize(
    "statement",
    [
        'SELECT * FROM "{id}"; DROP TABLE "{id}"',
        'SELECT * FROM "{id}"; SELECT 1',
        'SELECT * FROM "{id}"; COMMIT; DELETE FROM "{id}"',
    ],
)
def test_a_second_statement_is_refused(population, statement):
    assert "exactly one statement" in refused(statement.format(id=population.pk))


def test_comments_cannot_hide_a_second_statement(population):
    result = run_sql(f'SELECT count(*) AS n FROM "{population.pk}" -- ; DELETE FROM x')
    assert result.records == [{"n": 4}]


@pytest.mark.parametrize(
    "table",
    [
        "pg_catalog.pg_authid",
        "pg_user",
        "pg_shadow",
        "information_schema.tables",
        "sqlite_master",
        "sqlite_schema",
        "opendata_dataset",
        "accounts_user",
        '"public"."opendata_resource"',
    ],
)
def test_system_and_application_tables_are_refused(population, table):
    message = refused(f"SELECT * FROM {table}")
    assert "Only tables of published resources can be queried" in message


def test_the_internal_table_name_is_refused(population):
    assert "Only tables of published resources" in refused(
        f'SELECT * FROM "{population.datastore_table}"'
    )


def test_system_tables_in_subqueries_and_ctes_are_refused(population):
    refused(f'SELECT * FROM "{population.pk}" WHERE bezirk IN (SELECT usename FROM pg_user)')
    # A CTE cannot name itself after a real table to read it.
    refused("WITH pg_user AS (SELECT * FROM pg_user) SELECT * FROM pg_user")
    refused(f'WITH a AS (SELECT * FROM b), b AS (SELECT * FROM "{population.pk}") SELECT * FROM a')
    refused(f'SELECT * FROM (WITH x AS (SELECT 1) SELECT * FROM "{population.pk}") s')
    refused("WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT * FROM r")


def test_another_towns_resource_is_refused(population, other_town):
    with for_town(other_town):
        foreign = table_resource([{"bezirk": "X", "jahr": 1, "einwohner": 1, "anteil": "1"}])
    message = refused(f'SELECT * FROM "{foreign.pk}"')
    assert message == f"There is no published table with the id “{foreign.pk}”."
    refused(f'SELECT * FROM "{population.pk}" p JOIN "{foreign.pk}" f ON true')


def test_a_draft_resource_is_refused(population):
    draft = table_resource(
        [{"bezirk": "X", "jahr": 1, "einwohner": 1, "anteil": "1"}], state=Dataset.State.DRAFT
    )
    assert "no published table" in refused(f'SELECT * FROM "{draft.pk}"')


@pytest.mark.parametrize(
    "expression",
    [
        "pg_sleep(10)",
        "pg_catalog.pg_sleep(10)",
        "set_config('statement_timeout', '0', false)",
        "current_setting('is_superuser')",
        "lo_import('/etc/passwd')",
        "dblink('host=evil', 'select 1')",
        "load_extension('/tmp/evil.so')",
        "query_to_xml('select * from pg_authid', true, true, '')",
        "pg_read_file('/etc/passwd')",
        "version()",
        "nextval('x')",
        "repeat('x', 1000000000)",
        "'pg_authid'::regclass",
        "CAST(bezirk AS regproc)",
    ],
)
def test_dangerous_functions_are_refused(population, expression):
    message = refused(f'SELECT {expression} FROM "{population.pk}"')
    assert "not allowed" in message or "cannot be converted" in message


def test_a_query_that_would_run_forever_is_stopped(population):
    big = table_resource(
        [{"bezirk": f"B{n}", "jahr": n, "einwohner": n, "anteil": "1"} for n in range(400)]
    )
    message = refused(
        f'SELECT count(*) FROM "{big.pk}" a, "{big.pk}" b, "{big.pk}" c, "{big.pk}" d'
    )
    assert message == "The query took longer than 0.4 seconds and was stopped. Narrow it down."
    # The connection is fine afterwards, and the time limit was only for that query.
    assert run_sql(f'SELECT count(*) AS n FROM "{population.pk}"').records == [{"n": 4}]
    assert Resource.objects.filter(pk=big.pk).exists()


def test_unparsable_sql_is_refused_readably(population):
    assert "cannot be read" in refused("SELEC bezirk FROM")
    assert "Write one SELECT" in refused("   ")
    deep = "SELECT " + "(" * 5000 + "1" + ")" * 5000 + f' FROM "{population.pk}"'
    assert "nested too deeply" in refused(deep) or "cannot be read" in refused(deep)


@pytest.mark.skipif("connection.vendor != 'sqlite'")
def test_sqlite_authorizer_refuses_what_the_parser_might_miss(population):
    with pytest.raises(DatastoreError, match="not allowed"):
        sql._run_sqlite("SELECT * FROM opendata_dataset", {population.datastore_table})
    with pytest.raises(DatastoreError, match="not allowed"):
        sql._run_sqlite(f'DELETE FROM "{population.datastore_table}"', {population.datastore_table})
    assert Resource.objects.get(pk=population.pk).row_count == 4
    assert run_sql(f'SELECT count(*) AS n FROM "{population.pk}"').records == [{"n": 4}]


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_postgresql_transaction_refuses_writes_the_parser_might_miss(population):
    from django.db import DatabaseError

    with pytest.raises(DatabaseError, match="read-only"):
        sql._run_postgresql(f'DELETE FROM "{population.datastore_table}"')
    assert run_sql(f'SELECT count(*) AS n FROM "{population.pk}"').records == [{"n": 4}]
    # Neither read-only mode nor the time limit outlives the query.
    population.name = "Bevölkerung"
    population.save()
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == "0"
