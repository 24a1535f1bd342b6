"""Factories for the e-file: plan positions, files, procedures, documents."""

import hashlib

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from rathaus.core.accounts.tests.factories import UnitFactory
from rathaus.core.uploads.models import StoredFile
from rathaus.records.models import (
    Document,
    DocumentVersion,
    FilePlanEntry,
    Procedure,
    ProcedureNote,
    RecordFile,
)


class FilePlanEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FilePlanEntry

    code = factory.Sequence(lambda n: f"{n // 10}{n % 10}.{n % 7 + 1}")
    title = factory.Sequence(lambda n: f"Aktenplanposition {n}")
    retention_years = 10
    disposal = "B"


class RecordFileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RecordFile

    plan_entry = factory.SubFactory(FilePlanEntryFactory)
    unit = factory.SubFactory(UnitFactory)
    year = factory.LazyFunction(lambda: timezone.localdate().year)
    number = factory.Sequence(lambda n: n + 1)
    reference = factory.LazyAttribute(
        lambda o: f"{o.unit.code}-{o.plan_entry.code}/{o.number:04}/{o.year}"
    )
    title = factory.Sequence(lambda n: f"Akte {n}")


class ProcedureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Procedure

    file = factory.SubFactory(RecordFileFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Vorgang {n}")
    assigned_unit = factory.LazyAttribute(lambda o: o.file.unit)


class ProcedureNoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProcedureNote

    procedure = factory.SubFactory(ProcedureFactory)
    text = "Telefonat mit dem Antragsteller geführt."


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Document

    procedure = factory.SubFactory(ProcedureFactory)
    title = factory.Sequence(lambda n: f"Dokument {n}")


def add_version(document, content: bytes = b"Hello", *, name="text.txt", text=None, user=None):
    """Store ``content`` through Django's storage as the document's next version."""
    from django.core.files.storage import default_storage

    from rathaus.core.uploads.services import town_prefix

    number = document.versions.count() + 1
    storage_name = default_storage.save(
        f"{town_prefix(document.town_id)}records/{document.pk}-{number}.bin", ContentFile(content)
    )
    digest = hashlib.sha256(content).hexdigest()
    stored = StoredFile.objects.create(
        storage_name=storage_name,
        original_name=name,
        content_type="text/plain",
        extension=name.rsplit(".", 1)[-1],
        size=len(content),
        sha256=digest,
        uploaded_by=user,
    )
    version = DocumentVersion.objects.create(
        document=document,
        number=number,
        stored_file=stored,
        original_name=name,
        content_type=stored.content_type,
        size=len(content),
        sha256=digest,
        text=content.decode("utf-8", "replace") if text is None else text,
        text_state=DocumentVersion.TextState.DONE,
        created_by=user,
    )
    document.current_version = version
    document.save(update_fields=["current_version"])
    return version
