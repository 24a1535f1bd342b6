"""The stored German search document of each dataset (a generated column) and, on
PostgreSQL, its GIN index, which replaces the index on the expression of migration 0002."""

import django.contrib.postgres.search
from django.db import migrations, models

import rathaus.opendata.search_document

OLD_INDEX = "opendata_dataset_fts_idx"
INDEX = "opendata_dataset_document_idx"


def index_document(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {OLD_INDEX}")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON opendata_dataset USING gin (search_document)"
    )


def index_expression(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {OLD_INDEX} ON opendata_dataset USING gin "
        "(to_tsvector('german'::regconfig, COALESCE(search_text, '')))"
    )


class Migration(migrations.Migration):
    dependencies = [("opendata", "0003_search_indexes")]

    operations = [
        migrations.AddField(
            model_name="dataset",
            name="search_document",
            field=models.GeneratedField(
                db_persist=True,
                expression=rathaus.opendata.search_document.GermanDocument("search_text"),
                output_field=django.contrib.postgres.search.SearchVectorField(null=True),
            ),
        ),
        migrations.RunPython(index_document, index_expression),
    ]
