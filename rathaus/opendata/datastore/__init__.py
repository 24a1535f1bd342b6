"""The datastore: the rows of tabular resources in SQL tables of the default database, as
CKAN keeps them, loaded all or nothing (``loading``), queried like CKAN's
``datastore_search`` (``query``) and ``datastore_search_sql`` (``sql``), and exported as CSV
and JSON (``export``)."""
