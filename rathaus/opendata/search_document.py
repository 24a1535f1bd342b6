"""The text search document of a dataset, stored beside it.

On PostgreSQL, ``Dataset.search_document`` is a generated column holding the German
``tsvector`` of the search text: the full-text index covers it, and ranking reads it instead
of parsing every match's text again. Other databases search the text itself and store NULL.
"""

from django.contrib.postgres.search import SearchVectorField
from django.db.models import Func

SEARCH_CONFIG = "german"


class GermanDocument(Func):
    """``to_tsvector('german', text)`` on PostgreSQL, NULL elsewhere."""

    output_field = SearchVectorField()
    arity = 1

    def as_sql(self, compiler, connection, **extra_context):
        return "NULL", []

    def as_postgresql(self, compiler, connection, **extra_context):
        text, params = compiler.compile(self.source_expressions[0])
        return f"to_tsvector('{SEARCH_CONFIG}'::regconfig, COALESCE({text}, ''))", params
