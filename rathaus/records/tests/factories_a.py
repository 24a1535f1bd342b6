"""Factories and helpers for the file plan, file and procedure tests (helper A)."""

import factory

from rathaus.records.models import FileShare

from .factories import ProcedureFactory, ProcedureNoteFactory, RecordFileFactory


class FileShareFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FileShare

    file = factory.SubFactory(RecordFileFactory)


def file_with_procedures(*, unit, plan_entry, procedures: int = 1, notes: int = 0):
    """A file of ``unit`` with ``procedures`` procedures, the first with ``notes`` notes."""
    file = RecordFileFactory(unit=unit, plan_entry=plan_entry)
    created = [ProcedureFactory(file=file, number=n) for n in range(1, procedures + 1)]
    for _ in range(notes):
        ProcedureNoteFactory(procedure=created[0])
    return file, created


def error_messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]] if response.context else []
