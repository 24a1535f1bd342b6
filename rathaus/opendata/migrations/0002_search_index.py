"""PostgreSQL only: the German full-text index of the datasets' search text, on the
expression the search queried then; 0004 replaces it with an index of the stored document."""

from django.db import migrations

INDEX = "opendata_dataset_fts_idx"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON opendata_dataset USING gin "
        "(to_tsvector('german'::regconfig, COALESCE(search_text, '')))"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("opendata", "0001_initial")]

    operations = [migrations.RunPython(create_index, drop_index)]
