"""The search index of the engine in use: PostgreSQL tsvector trigger + GIN index, or the
SQLite FTS5 table mirroring SearchEntry through triggers (see records.search)."""

from django.db import migrations


def install(apps, schema_editor):
    from rathaus.records.search import install_index, rebuild_engine_index

    install_index(schema_editor.connection)
    rebuild_engine_index(schema_editor.connection)


def uninstall(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP INDEX IF EXISTS records_searchentry_vector_gin")
            cursor.execute(
                "DROP TRIGGER IF EXISTS records_searchentry_vector ON records_searchentry"
            )
            cursor.execute("DROP FUNCTION IF EXISTS records_searchentry_vector()")
        elif connection.vendor == "sqlite":
            for name in ("ai", "ad", "au"):
                cursor.execute(f"DROP TRIGGER IF EXISTS records_searchentry_fts_{name}")
            cursor.execute("DROP TABLE IF EXISTS records_searchfts")


class Migration(migrations.Migration):
    dependencies = [("records", "0002_c_search_reference")]

    operations = [migrations.RunPython(install, uninstall, elidable=False)]
