"""A town as a whole: finding everything that belongs to it, exporting it into one archive,
and deleting it completely when the town leaves the provider.

``contents`` says what belongs to a town (rows and stored files), ``export.export_town``
writes it into a ZIP archive, ``deletion.delete_town`` removes it. A plain package, not a
Django app: it has no models of its own.
"""
