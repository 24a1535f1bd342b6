"""Keep the search index current: every save or delete of a file, procedure, note, document
or document version updates its ``SearchEntry`` (see ``records.search``)."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from . import search
from .models import Document, DocumentVersion, Procedure, ProcedureNote, RecordFile, SearchEntry


@receiver(post_save, sender=RecordFile, dispatch_uid="records_search_file")
def file_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    search.index_file(instance)
    if not kwargs.get("created"):
        search.refresh_file_children(instance)


@receiver(post_save, sender=Procedure, dispatch_uid="records_search_procedure")
def procedure_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    search.index_procedure(instance)
    if not kwargs.get("created"):
        search.refresh_procedure_children(instance)


@receiver(post_save, sender=ProcedureNote, dispatch_uid="records_search_note")
def note_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        search.index_note(instance)


@receiver(post_save, sender=Document, dispatch_uid="records_search_document")
def document_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        search.index_document(instance)


@receiver(post_save, sender=DocumentVersion, dispatch_uid="records_search_version")
def version_saved(sender, instance, raw=False, **kwargs):
    """Text recognition finished (or a version became current): the document's text changed."""
    if raw:
        return
    document = Document._base_manager.select_related("current_version").filter(
        pk=instance.document_id, current_version_id=instance.pk
    )
    for found in document:
        search.index_document(found)


@receiver(post_delete, sender=RecordFile, dispatch_uid="records_search_file_deleted")
def file_deleted(sender, instance, **kwargs):
    search.remove(SearchEntry.Kind.FILE, instance.pk)


@receiver(post_delete, sender=Procedure, dispatch_uid="records_search_procedure_deleted")
def procedure_deleted(sender, instance, **kwargs):
    search.remove(SearchEntry.Kind.PROCEDURE, instance.pk)


@receiver(post_delete, sender=ProcedureNote, dispatch_uid="records_search_note_deleted")
def note_deleted(sender, instance, **kwargs):
    search.remove(SearchEntry.Kind.NOTE, instance.pk)


@receiver(post_delete, sender=Document, dispatch_uid="records_search_document_deleted")
def document_deleted(sender, instance, **kwargs):
    search.remove(SearchEntry.Kind.DOCUMENT, instance.pk)
