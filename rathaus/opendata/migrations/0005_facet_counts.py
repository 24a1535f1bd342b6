"""Facet counts kept by the database: ``DatasetFacetCount`` holds, per town, facet field and
value, the number of published datasets with it. Triggers on ``opendata_datasetfacet`` change
the counts in the same transaction as every insert, update and delete of facet rows (cascades
and bulk writes too). PostgreSQL counts once per statement through transition tables, taking
the counters' row locks in one order; SQLite counts per row.

Also: facet rows are unique per dataset, field and value; the unique index doubles as the
index that counts a set of datasets' facets without reading the table."""

import django.db.models.deletion
import rathaus.core.tenancy
from django.db import migrations, models


DEDUPLICATE = """
DELETE FROM opendata_datasetfacet WHERE id NOT IN (
    SELECT MIN(id) FROM opendata_datasetfacet GROUP BY dataset_id, field, value
)
"""

BACKFILL = """
INSERT INTO opendata_datasetfacetcount (town_id, field, value, datasets)
SELECT town_id, field, value, COUNT(*) FROM opendata_datasetfacet GROUP BY town_id, field, value
"""

# Facet values depend on their field: without these statistics PostgreSQL multiplies the two
# selectivities and misjudges how many datasets a filter matches, and so how to join.
POSTGRESQL_STATISTICS = """
CREATE STATISTICS IF NOT EXISTS opendata_facet_field_value (dependencies, mcv)
ON field, value FROM opendata_datasetfacet;
ANALYZE opendata_datasetfacet;
"""

POSTGRESQL_TRIGGERS = """
CREATE FUNCTION opendata_count_facets() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    counted record;
BEGIN
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        FOR counted IN
            SELECT town_id, field, value, COUNT(*) AS datasets FROM old_rows
            GROUP BY town_id, field, value ORDER BY town_id, field, value
        LOOP
            UPDATE opendata_datasetfacetcount SET datasets = datasets - counted.datasets
            WHERE town_id = counted.town_id AND field = counted.field AND value = counted.value;
        END LOOP;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO opendata_datasetfacetcount (town_id, field, value, datasets)
        SELECT town_id, field, value, COUNT(*) FROM new_rows
        GROUP BY town_id, field, value ORDER BY town_id, field, value
        ON CONFLICT (town_id, field, value)
        DO UPDATE SET datasets = opendata_datasetfacetcount.datasets + EXCLUDED.datasets;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER opendata_facets_inserted AFTER INSERT ON opendata_datasetfacet
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION opendata_count_facets();
CREATE TRIGGER opendata_facets_deleted AFTER DELETE ON opendata_datasetfacet
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION opendata_count_facets();
CREATE TRIGGER opendata_facets_updated AFTER UPDATE ON opendata_datasetfacet
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION opendata_count_facets();
"""

POSTGRESQL_DROP = """
DROP TRIGGER IF EXISTS opendata_facets_inserted ON opendata_datasetfacet;
DROP TRIGGER IF EXISTS opendata_facets_deleted ON opendata_datasetfacet;
DROP TRIGGER IF EXISTS opendata_facets_updated ON opendata_datasetfacet;
DROP FUNCTION IF EXISTS opendata_count_facets();
DROP STATISTICS IF EXISTS opendata_facet_field_value;
"""

_SQLITE_ADD = """
    INSERT INTO opendata_datasetfacetcount (town_id, field, value, datasets)
    VALUES (NEW.town_id, NEW.field, NEW.value, 1)
    ON CONFLICT (town_id, field, value) DO UPDATE SET datasets = datasets + 1;
"""
_SQLITE_REMOVE = """
    UPDATE opendata_datasetfacetcount SET datasets = datasets - 1
    WHERE town_id = OLD.town_id AND field = OLD.field AND value = OLD.value;
"""
SQLITE_TRIGGERS = [
    f"CREATE TRIGGER opendata_facet_inserted AFTER INSERT ON opendata_datasetfacet "
    f"BEGIN {_SQLITE_ADD} END",
    f"CREATE TRIGGER opendata_facet_deleted AFTER DELETE ON opendata_datasetfacet "
    f"BEGIN {_SQLITE_REMOVE} END",
    f"CREATE TRIGGER opendata_facet_updated AFTER UPDATE ON opendata_datasetfacet "
    f"BEGIN {_SQLITE_REMOVE} {_SQLITE_ADD} END",
]
SQLITE_DROP = [
    f"DROP TRIGGER IF EXISTS opendata_facet_{event}" for event in ("inserted", "deleted", "updated")
]


def deduplicate(apps, schema_editor):
    schema_editor.execute(DEDUPLICATE)


def count_facets(apps, schema_editor):
    schema_editor.execute(BACKFILL)
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_TRIGGERS)
        schema_editor.execute(POSTGRESQL_STATISTICS)
    else:
        for statement in SQLITE_TRIGGERS:
            schema_editor.execute(statement)


def stop_counting(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_DROP)
    else:
        for statement in SQLITE_DROP:
            schema_editor.execute(statement)
    schema_editor.execute("DELETE FROM opendata_datasetfacetcount")


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0004_rate_limit_bucket'),
        ('opendata', '0004_search_document'),
    ]

    operations = [
        migrations.CreateModel(
            name='DatasetFacetCount',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('field', models.CharField(choices=[('organization', 'Organization'), ('groups', 'Groups'), ('res_format', 'Res Format'), ('license_id', 'License Id'), ('tags', 'Tags')], max_length=20)),
                ('value', models.CharField(max_length=200)),
                ('datasets', models.PositiveIntegerField(default=0)),
            ],
        ),
        migrations.RemoveIndex(
            model_name='datasetfacet',
            name='opendata_facet_dataset_idx',
        ),
        migrations.AlterField(
            model_name='datasetfacet',
            name='dataset',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='facets', to='opendata.dataset'),
        ),
        migrations.RunPython(deduplicate, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='datasetfacet',
            constraint=models.UniqueConstraint(fields=('dataset', 'field', 'value', 'town'), name='opendata_facet_unique'),
        ),
        migrations.AddField(
            model_name='datasetfacetcount',
            name='town',
            field=models.ForeignKey(default=rathaus.core.tenancy.current_town_id, editable=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='core.town'),
        ),
        migrations.AddConstraint(
            model_name='datasetfacetcount',
            constraint=models.UniqueConstraint(fields=('town', 'field', 'value'), name='opendata_facetcount_unique'),
        ),
        migrations.RunPython(count_facets, stop_counting),
    ]
