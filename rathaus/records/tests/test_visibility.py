"""Who sees which file, procedure and document."""

from rathaus.records.models import Document, Procedure, RecordFile

from .factories import DocumentFactory, RecordFileFactory


def test_clerk_sees_files_of_their_unit_only(units, clerk, other_clerk):
    own = RecordFileFactory(unit=units["building"])
    below = RecordFileFactory(unit=units["section"])
    foreign = RecordFileFactory(unit=units["order"])
    assert set(RecordFile.objects.visible_to(clerk)) == {own, below}
    assert set(RecordFile.objects.visible_to(other_clerk)) == {foreign}


def test_documents_follow_their_files_visibility(units, clerk, other_clerk):
    document = DocumentFactory(procedure__file__unit=units["building"])
    assert list(Document.objects.visible_to(clerk)) == [document]
    assert not Document.objects.visible_to(other_clerk).exists()
    assert not Procedure.objects.visible_to(other_clerk).exists()
