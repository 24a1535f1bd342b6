"""Full-text search: one function over PostgreSQL full-text search or SQLite FTS5."""

import datetime

import pytest
from django.db import connection

from rathaus.records import search as search_module
from rathaus.records.models import SearchEntry
from rathaus.records.search import InvalidQuery, highlighted, search

from .factories import (
    DocumentFactory,
    ProcedureFactory,
    ProcedureNoteFactory,
    RecordFileFactory,
    add_version,
)

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="German stemming is PostgreSQL's"
)
sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="FTS5 prefix search")


@pytest.fixture
def bau_file(units, plan_entry):
    return RecordFileFactory(
        unit=units["building"],
        plan_entry=plan_entry,
        title="Neubau Kindergarten Sonnenschein",
        description="Erweiterung um zwei Gruppenräume",
    )


@pytest.fixture
def procedure(bau_file):
    return ProcedureFactory(file=bau_file, title="Bauantrag Anbau")


def document_with_text(procedure, title, text):
    document = DocumentFactory(procedure=procedure, title=title)
    add_version(document, text.encode())
    return document


def kinds(results):
    return [(hit.kind, str(hit.object_id)) for hit in results]


def test_file_procedure_note_and_document_are_found(clerk, bau_file, procedure):
    note = ProcedureNoteFactory(procedure=procedure, text="Rückruf des Architekten erbeten")
    document = document_with_text(procedure, "Stellungnahme", "Die Statik ist geprüft.")

    assert kinds(search(clerk, "Kindergarten")) == [("file", str(bau_file.pk))]
    assert kinds(search(clerk, "Bauantrag")) == [("procedure", str(procedure.pk))]
    assert kinds(search(clerk, "Architekten")) == [("note", str(note.pk))]
    hits = search(clerk, "Statik")
    assert kinds(hits) == [("document", str(document.pk))]
    assert hits.hits[0].reference == f"{bau_file.reference}-{procedure.number}"


def test_reference_is_searchable(clerk, bau_file):
    hits = search(clerk, bau_file.reference)
    assert ("file", str(bau_file.pk)) in kinds(hits)


def test_document_text_only_once_recognised(clerk, procedure):
    document = DocumentFactory(procedure=procedure, title="Scan")
    version = add_version(document, b"Baulast eingetragen")
    version.text_state = "pending"
    version.save()
    assert kinds(search(clerk, "Baulast")) == []
    version.text_state = "done"
    version.save()
    assert kinds(search(clerk, "Baulast")) == [("document", str(document.pk))]


def test_a_new_version_replaces_the_text(clerk, procedure):
    document = document_with_text(procedure, "Plan", "Erdgeschoss")
    add_version(document, b"Obergeschoss")
    assert kinds(search(clerk, "Erdgeschoss")) == []
    assert kinds(search(clerk, "Obergeschoss")) == [("document", str(document.pk))]


def test_deleting_removes_the_entry(clerk, procedure):
    document = document_with_text(procedure, "Entwurf", "Vorentwurf")
    document.delete()
    assert kinds(search(clerk, "Vorentwurf")) == []
    assert not SearchEntry.objects.filter(object_id=document.pk).exists()


@postgres_only
def test_german_stemming(clerk, procedure):
    document = document_with_text(procedure, "Bescheid", "Die Genehmigungen wurden erteilt.")
    assert kinds(search(clerk, "Genehmigung")) == [("document", str(document.pk))]


@sqlite_only
def test_prefix_search(clerk, procedure):
    document = document_with_text(procedure, "Bescheid", "Die Genehmigungen wurden erteilt.")
    assert kinds(search(clerk, "Genehm")) == [("document", str(document.pk))]
    assert kinds(search(clerk, "Genehmigung")) == [("document", str(document.pk))]


def test_title_hit_ranks_above_body_hit(clerk, procedure):
    in_body = document_with_text(
        procedure, "Schreiben", "Anlage zur Brandschutzauflage und weiteres " * 3
    )
    in_title = document_with_text(procedure, "Brandschutzauflage", "Sonstiger Inhalt")
    assert kinds(search(clerk, "Brandschutzauflage")) == [
        ("document", str(in_title.pk)),
        ("document", str(in_body.pk)),
    ]


def test_highlights_are_escaped(clerk, procedure):
    document_with_text(
        procedure, "<b>Hinweis</b>", "Vorsicht <script>alert('x')</script> Zufahrt frei"
    )
    hit = search(clerk, "Zufahrt").hits[0]
    # SQLite keeps the tags as text (escaped); PostgreSQL's headline drops tag tokens.
    assert "<script>" not in hit.snippet
    assert "alert(&#x27;x&#x27;)" in hit.snippet
    assert "<mark>Zufahrt</mark>" in hit.snippet
    hit = search(clerk, "Hinweis").hits[0]
    assert "<mark>Hinweis</mark>" in hit.title
    assert "<b>" not in hit.title
    if connection.vendor == "sqlite":
        assert "&lt;script&gt;" in search(clerk, "Zufahrt").hits[0].snippet
        assert "&lt;b&gt;<mark>Hinweis</mark>&lt;/b&gt;" in hit.title


def test_highlighted_balances_marks():
    assert highlighted("a \x02b & c") == "a <mark>b &amp; c</mark>"
    assert highlighted("\x03x\x02y\x03") == "x<mark>y</mark>"


def test_other_unit_sees_nothing(other_clerk, clerk, procedure):
    document_with_text(procedure, "Vertraulich", "Geheimsache Baugrund")
    ProcedureNoteFactory(procedure=procedure, text="Geheimsache Notiz")
    assert len(search(clerk, "Geheimsache")) == 2
    assert kinds(search(other_clerk, "Geheimsache")) == []
    assert kinds(search(other_clerk, "Kindergarten")) == []


def test_handed_over_procedure_is_found_but_not_its_file(other_clerk, units, procedure):
    procedure.assigned_unit = units["order"]
    procedure.save()
    note = ProcedureNoteFactory(procedure=procedure, text="Übergabe Ordnungsamt")
    assert kinds(search(other_clerk, "Übergabe")) == [("note", str(note.pk))]
    assert kinds(search(other_clerk, "Kindergarten")) == []


def test_a_shared_file_is_found_by_the_person_it_is_shared_with(
    clerk, other_clerk, bau_file, procedure
):
    from rathaus.records.models import FileShare

    note = ProcedureNoteFactory(procedure=procedure, text="Gemeinsame Prüfung Statik")
    assert kinds(search(other_clerk, "Statik")) == []
    FileShare.objects.create(file=bau_file, user=other_clerk, shared_by=clerk)
    assert kinds(search(other_clerk, "Statik")) == [("note", str(note.pk))]


def test_filters(clerk, units, plan_entry, bau_file, procedure):
    from .factories import FilePlanEntryFactory

    child = FilePlanEntryFactory(parent=plan_entry, code="63.1.1")
    other_file = RecordFileFactory(
        unit=units["section"], plan_entry=child, title="Kindergarten Nord", state="closed"
    )
    other_file.opened_on = datetime.date(2020, 5, 1)
    other_file.save()
    both = {("file", str(bau_file.pk)), ("file", str(other_file.pk))}
    assert set(kinds(search(clerk, "Kindergarten"))) == both
    assert kinds(search(clerk, "Kindergarten", unit=units["section"])) == [
        ("file", str(other_file.pk))
    ]
    assert kinds(search(clerk, "Kindergarten", state="open")) == [("file", str(bau_file.pk))]
    assert set(kinds(search(clerk, "Kindergarten", plan_entry=plan_entry))) == both
    assert kinds(search(clerk, "Kindergarten", plan_entry=child)) == [("file", str(other_file.pk))]
    assert kinds(search(clerk, "Kindergarten", date_to=datetime.date(2021, 1, 1))) == [
        ("file", str(other_file.pk))
    ]
    assert kinds(search(clerk, "Kindergarten", date_from=datetime.date(2021, 1, 1))) == [
        ("file", str(bau_file.pk))
    ]


def test_closing_a_file_updates_its_children(clerk, bau_file, procedure):
    document_with_text(procedure, "Abnahme", "Schlussabnahme erfolgt")
    bau_file.state = "closed"
    bau_file.save()
    assert kinds(search(clerk, "Schlussabnahme", state="open")) == []
    assert len(search(clerk, "Schlussabnahme", state="closed")) == 1


def test_moving_a_procedure_moves_its_entries(clerk, other_clerk, units, procedure):
    document_with_text(procedure, "Gutachten", "Bodengutachten")
    target = RecordFileFactory(unit=units["order"], title="Ordnung")
    procedure.file = target
    procedure.assigned_unit = units["order"]
    procedure.save()
    entry = SearchEntry.objects.get(kind="document")
    assert entry.file_id == target.pk
    assert entry.unit_id == units["order"].pk
    assert entry.reference.startswith(target.reference)
    assert len(search(other_clerk, "Bodengutachten")) == 1
    assert len(search(clerk, "Bodengutachten")) == 0


@postgres_only
def test_a_very_common_word_ranks_its_newest_matches(clerk, procedure, monkeypatch):
    monkeypatch.setattr(search_module, "RANKED_CANDIDATES", 2)
    notes = [ProcedureNoteFactory(procedure=procedure, text=f"Ortstermin {n}") for n in range(3)]
    for days, note in zip((30, 20, 10), notes, strict=True):
        SearchEntry.objects.filter(object_id=note.pk).update(
            date=datetime.date(2026, 1, 1) + datetime.timedelta(days=days)
        )
    found = {object_id for _kind, object_id in kinds(search(clerk, "Ortstermin"))}
    assert found == {str(notes[0].pk), str(notes[1].pk)}


def test_invalid_queries(clerk):
    with pytest.raises(InvalidQuery):
        search(clerk, "   ")
    with pytest.raises(InvalidQuery):
        search(clerk, '"*-()')
    with pytest.raises(InvalidQuery):
        search(clerk, "x" * 500)


def test_operators_in_the_query_are_harmless(clerk, bau_file):
    for query in [
        'Kinder" OR "',
        "NEAR(Kinder",
        "Kinder*",
        "-Kinder",
        "title:Kinder",
        "'; -- Kinder",
    ]:
        search(clerk, query)  # no error


def test_pagination(clerk, procedure):
    for n in range(5):
        document_with_text(procedure, f"Rechnung {n}", "Rechnungsprüfung")
    first = search(clerk, "Rechnungsprüfung", per_page=3)
    second = search(clerk, "Rechnungsprüfung", per_page=3, page=2)
    assert len(first) == 3 and first.has_next
    assert len(second) == 2 and not second.has_next and second.has_previous
    assert not {h.object_id for h in first} & {h.object_id for h in second}


def test_reindex_all(clerk, town, procedure):
    document_with_text(procedure, "Akte", "Wiederaufbau")
    SearchEntry.objects.all().delete()
    assert kinds(search(clerk, "Wiederaufbau")) == []
    count = search_module.reindex_all(town)
    assert count == 3  # file, procedure, document
    assert len(search(clerk, "Wiederaufbau")) == 1
