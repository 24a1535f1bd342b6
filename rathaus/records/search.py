"""Full-text search over the e-file: one function, two engines.

``search(user, query, ...)`` answers from the ``SearchEntry`` index (one row per file,
procedure, note and document, kept current by ``records.signals``):

- PostgreSQL: the ``vector`` column holds a German tsvector (reference and title weight A,
  body weight B) maintained by a trigger and indexed with GIN; the user's words go through
  ``websearch_to_tsquery('german', ...)`` (stemming: "Genehmigung" finds "Genehmigungen"),
  hits are ranked with ``ts_rank`` and highlighted with ``ts_headline``.
- SQLite: the FTS5 table ``records_searchfts`` mirrors reference, title and body through
  triggers; every word of the query is quoted and searched as a prefix, hits are ranked with
  ``bm25`` (title above body) and highlighted with ``highlight``/``snippet``.

Only entries whose file or procedure the user may see are searched, decided by the same
querysets as every page (``visible_to``). Highlights are HTML-safe: the engines mark hits with
control characters, the text is escaped, then the marks become ``<mark>``.
"""

import re
from dataclasses import dataclass, field
from datetime import date

from django.db import connection
from django.db.models import F, Q
from django.urls import NoReverseMatch, reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .models import (
    Document,
    FilePlanEntry,
    Procedure,
    ProcedureNote,
    RecordFile,
    SearchEntry,
)
from .querysets import member_unit_ids

PER_PAGE = 20
MAX_TERMS = 12
MAX_QUERY_LENGTH = 200
MAX_BODY = 100_000  # characters of a document's text that are indexed
START, STOP = "\x02", "\x03"  # hit marks from the engines; stripped from indexed text
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_WORD = re.compile(r"\w+")

FTS_TABLE = "records_searchfts"

KIND_LABELS = {
    SearchEntry.Kind.FILE: pgettext_lazy("record file", "File"),
    SearchEntry.Kind.PROCEDURE: _("Procedure"),
    SearchEntry.Kind.NOTE: _("Note"),
    SearchEntry.Kind.DOCUMENT: _("Document"),
}


# --- the engines' index structures ------------------------------------------------------------

_PG_SQL = [
    """
    CREATE OR REPLACE FUNCTION records_searchentry_vector() RETURNS trigger AS $$
    BEGIN
        NEW.vector :=
            setweight(to_tsvector('german', coalesce(NEW.reference, '') || ' '
                                            || coalesce(NEW.title, '')), 'A')
            || setweight(to_tsvector('german', coalesce(NEW.body, '')), 'B');
        RETURN NEW;
    END
    $$ LANGUAGE plpgsql
    """,
    "DROP TRIGGER IF EXISTS records_searchentry_vector ON records_searchentry",
    """
    CREATE TRIGGER records_searchentry_vector
    BEFORE INSERT OR UPDATE ON records_searchentry
    FOR EACH ROW EXECUTE FUNCTION records_searchentry_vector()
    """,
    """
    CREATE INDEX IF NOT EXISTS records_searchentry_vector_gin
    ON records_searchentry USING gin (vector)
    """,
]

_SQLITE_SQL = [
    """
    CREATE VIRTUAL TABLE IF NOT EXISTS records_searchfts USING fts5(
        reference, title, body,
        content='records_searchentry', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2', prefix='2 3'
    )
    """,
    """
    CREATE TRIGGER IF NOT EXISTS records_searchentry_fts_ai
    AFTER INSERT ON records_searchentry BEGIN
        INSERT INTO records_searchfts(rowid, reference, title, body)
        VALUES (new.id, new.reference, new.title, new.body);
    END
    """,
    """
    CREATE TRIGGER IF NOT EXISTS records_searchentry_fts_ad
    AFTER DELETE ON records_searchentry BEGIN
        INSERT INTO records_searchfts(records_searchfts, rowid, reference, title, body)
        VALUES ('delete', old.id, old.reference, old.title, old.body);
    END
    """,
    """
    CREATE TRIGGER IF NOT EXISTS records_searchentry_fts_au
    AFTER UPDATE OF reference, title, body ON records_searchentry BEGIN
        INSERT INTO records_searchfts(records_searchfts, rowid, reference, title, body)
        VALUES ('delete', old.id, old.reference, old.title, old.body);
        INSERT INTO records_searchfts(rowid, reference, title, body)
        VALUES (new.id, new.reference, new.title, new.body);
    END
    """,
]


def install_index(conn=None) -> None:
    """Create the engine's index structures (idempotent); called by the migration and by
    ``records_reindex`` (a table rebuild by a later SQLite migration drops triggers)."""
    conn = conn or connection
    statements = {"postgresql": _PG_SQL, "sqlite": _SQLITE_SQL}.get(conn.vendor, [])
    with conn.cursor() as cursor:
        if conn.vendor == "postgresql":
            cursor.execute(
                "SELECT count(*) FROM pg_indexes WHERE indexname = %s "
                "UNION ALL SELECT count(*) FROM pg_trigger WHERE tgname = %s",
                ["records_searchentry_vector_gin", "records_searchentry_vector"],
            )
            if all(row[0] for row in cursor.fetchall()):
                return  # present (DDL here could fail inside a transaction with pending work)
        for statement in statements:
            cursor.execute(statement)


def rebuild_engine_index(conn=None) -> None:
    """Recompute the engine's index from the entries (after bulk loads or repairs)."""
    conn = conn or connection
    install_index(conn)
    with conn.cursor() as cursor:
        if conn.vendor == "sqlite":
            cursor.execute("INSERT INTO records_searchfts(records_searchfts) VALUES ('rebuild')")
        elif conn.vendor == "postgresql":
            cursor.execute("UPDATE records_searchentry SET vector = NULL")  # trigger refills


# --- indexing ---------------------------------------------------------------------------------


def _clean(text: str | None, limit: int | None = None) -> str:
    text = _CONTROL.sub(" ", text or "")
    return text[:limit] if limit else text


def _file_fields(file: RecordFile) -> dict:
    return {
        "file_id": file.pk,
        "unit_id": file.unit_id,
        "plan_entry_id": file.plan_entry_id,
        "file_state": file.state,
        "town_id": file.town_id,
    }


def _store(kind: str, object_id, **values) -> None:
    manager = SearchEntry._base_manager  # works inside and outside a town scope
    updated = manager.filter(kind=kind, object_id=object_id).update(**values)
    if not updated:
        manager.create(kind=kind, object_id=object_id, **values)


def index_file(file: RecordFile) -> None:
    _store(
        SearchEntry.Kind.FILE,
        file.pk,
        procedure_id=None,
        date=file.opened_on,
        reference=_clean(file.reference),
        title=_clean(file.title),
        body=_clean(file.description),
        **_file_fields(file),
    )


def index_procedure(procedure: Procedure) -> None:
    file = procedure.file
    _store(
        SearchEntry.Kind.PROCEDURE,
        procedure.pk,
        procedure_id=procedure.pk,
        date=procedure.created_at.date(),
        reference=_clean(f"{file.reference}-{procedure.number}"),
        title=_clean(procedure.title),
        body="",
        **_file_fields(file),
    )


def index_note(note: ProcedureNote) -> None:
    procedure = note.procedure
    file = procedure.file
    _store(
        SearchEntry.Kind.NOTE,
        note.pk,
        procedure_id=procedure.pk,
        date=note.created_at.date(),
        reference=_clean(f"{file.reference}-{procedure.number}"),
        title=_clean(Truncator(" ".join(note.text.split())).chars(120)),
        body=_clean(note.text),
        **_file_fields(file),
    )


def document_text(document: Document) -> str:
    """The current version's text, once text recognition is done."""
    version = document.current_version
    if version is None or version.text_state != "done":
        return ""
    return _clean(version.text, MAX_BODY)


def index_document(document: Document) -> None:
    procedure = document.procedure
    file = procedure.file
    _store(
        SearchEntry.Kind.DOCUMENT,
        document.pk,
        procedure_id=procedure.pk,
        date=document.received_on or document.created_at.date(),
        reference=_clean(f"{file.reference}-{procedure.number}"),
        title=_clean(document.title),
        body=document_text(document),
        **_file_fields(file),
    )


def remove(kind: str, object_id) -> None:
    SearchEntry._base_manager.filter(kind=kind, object_id=object_id).delete()


def refresh_file_children(file: RecordFile) -> int:
    """Copy a file's state, unit and plan position onto its procedures', notes' and
    documents' entries (only those that differ)."""
    return (
        SearchEntry._base_manager.filter(file_id=file.pk)
        .filter(
            ~Q(unit_id=file.unit_id)
            | ~Q(plan_entry_id=file.plan_entry_id)
            | ~Q(file_state=file.state)
        )
        .update(unit_id=file.unit_id, plan_entry_id=file.plan_entry_id, file_state=file.state)
    )


def refresh_procedure_children(procedure: Procedure) -> int:
    """After a procedure moved to another file: its notes and documents follow."""
    children = SearchEntry._base_manager.filter(procedure_id=procedure.pk).exclude(
        kind=SearchEntry.Kind.PROCEDURE
    )
    file = procedure.file
    reference = _clean(f"{file.reference}-{procedure.number}")
    return children.filter(~Q(file_id=file.pk) | ~Q(reference=reference)).update(
        reference=reference, **{k: v for k, v in _file_fields(file).items() if k != "town_id"}
    )


def reindex_all(town) -> int:
    """Rebuild the index of one town from scratch; returns the number of entries."""
    from rathaus.core.tenancy import for_town

    install_index()
    with for_town(town):
        SearchEntry.objects.all().delete()
        count = 0
        for file in RecordFile.objects.iterator(chunk_size=500):
            index_file(file)
            count += 1
        procedures = Procedure.objects.select_related("file")
        for procedure in procedures.iterator(chunk_size=500):
            index_procedure(procedure)
            count += 1
        notes = ProcedureNote.objects.select_related("procedure__file")
        for note in notes.iterator(chunk_size=500):
            index_note(note)
            count += 1
        documents = Document.objects.select_related("procedure__file", "current_version")
        for document in documents.iterator(chunk_size=200):
            index_document(document)
            count += 1
    return count


# --- searching --------------------------------------------------------------------------------


class InvalidQuery(ValueError):
    """The query has no searchable words (or is too long); ``message`` says why."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


@dataclass
class Hit:
    kind: str
    object_id: object
    file_id: object
    procedure_id: object
    reference: str
    title: SafeString
    snippet: SafeString
    date: date
    file_state: str
    rank: float

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)

    @property
    def url(self) -> str | None:
        name, pk = {
            SearchEntry.Kind.FILE: ("records:file_detail", self.file_id),
            SearchEntry.Kind.PROCEDURE: ("records:procedure_detail", self.procedure_id),
            SearchEntry.Kind.NOTE: ("records:procedure_detail", self.procedure_id),
            SearchEntry.Kind.DOCUMENT: ("records:document_detail", self.object_id),
        }[self.kind]
        try:
            return reverse(name, args=[pk])
        except NoReverseMatch:  # a page another part of the e-file has not built (yet)
            return None


@dataclass
class SearchResults:
    query: str
    hits: list[Hit] = field(default_factory=list)
    number: int = 1
    per_page: int = PER_PAGE
    has_next: bool = False

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def start_index(self) -> int:
        return (self.number - 1) * self.per_page + 1 if self.hits else 0

    def __iter__(self):
        return iter(self.hits)

    def __len__(self) -> int:
        return len(self.hits)


def terms_of(query: str) -> list[str]:
    """The words of a query, as the SQLite engine searches them."""
    return _WORD.findall(query or "")[:MAX_TERMS]


def fts5_match(query: str) -> str:
    """A safe FTS5 MATCH expression: every word quoted, searched as a prefix, all required."""
    return " ".join('"' + term.replace('"', '""') + '"*' for term in terms_of(query))


def highlighted(text: str | None) -> SafeString:
    """Escape the text, then turn the engines' hit marks into ``<mark>``."""
    text = escape(text or "")
    opened = False
    out = []
    for part in re.split(f"([{START}{STOP}])", text):
        if part == START:
            if not opened:
                out.append("<mark>")
                opened = True
        elif part == STOP:
            if opened:
                out.append("</mark>")
                opened = False
        else:
            out.append(part)
    if opened:
        out.append("</mark>")
    return mark_safe("".join(out))  # noqa: S308 - escaped above, only <mark> added


def _plan_ids(plan_entry) -> list:
    """The position and every position below it."""
    root = getattr(plan_entry, "pk", plan_entry)
    children: dict = {}
    for pk, parent in FilePlanEntry.objects.values_list("pk", "parent_id"):
        children.setdefault(parent, []).append(pk)
    ids, todo = [], [root]
    while todo:
        pk = todo.pop()
        ids.append(pk)
        todo.extend(children.get(pk, []))
    return ids


# Files and procedures someone sees other than through their units (shared with them, handed
# over, on a route, due for disposal): up to this many are passed as a list of ids.
EXTRA_IDS_AS_LIST = 2_000


def _ids(queryset):
    """The ids as a list when there are few (an index can use them), else as a subquery."""
    ids = list(queryset.values_list("pk", flat=True)[: EXTRA_IDS_AS_LIST + 1])
    return ids if len(ids) <= EXTRA_IDS_AS_LIST else queryset.values("pk")


def visible_entries(user):
    """Entries of files or procedures ``user`` may see (the rule lives in the querysets).

    The same set as ``file in visible files or procedure in visible procedures``, written on
    the entry's own columns: its unit is one of the person's units, or its file is one of the
    few visible another way (shared), or its procedure one of the few that reach the person
    directly (handed over, on a route). PostgreSQL can then intersect the full-text
    index with the unit index instead of checking every match against the rules."""
    units = member_unit_ids(user)
    files = RecordFile.objects.visible_to(user).exclude(unit__in=units)
    procedures = Procedure.objects.reached_directly(user).exclude(file__unit__in=units)
    return SearchEntry.objects.filter(
        Q(unit_id__in=units) | Q(file__in=_ids(files)) | Q(procedure__in=_ids(procedures))
    )


def search(
    user,
    query: str,
    *,
    unit=None,
    plan_entry=None,
    state=None,
    date_from=None,
    date_to=None,
    page: int = 1,
    per_page: int = PER_PAGE,
) -> SearchResults:
    """One page of hits for ``query`` that ``user`` may see, best first.

    Raises ``InvalidQuery`` when the query has no searchable words."""
    query = (query or "").strip()
    if len(query) > MAX_QUERY_LENGTH:
        raise InvalidQuery(
            _("The search is too long; use at most %(max)d characters.") % {"max": MAX_QUERY_LENGTH}
        )
    if not terms_of(query):
        raise InvalidQuery(_("Enter at least one word to search for."))
    page = max(1, int(page or 1))

    entries = visible_entries(user)
    if unit is not None:
        entries = entries.filter(unit_id=getattr(unit, "pk", unit))
    if plan_entry is not None:
        entries = entries.filter(plan_entry_id__in=_plan_ids(plan_entry))
    if state:
        entries = entries.filter(file_state=state)
    if date_from:
        entries = entries.filter(date__gte=date_from)
    if date_to:
        entries = entries.filter(date__lte=date_to)

    start = (page - 1) * per_page
    engine = _postgresql if connection.vendor == "postgresql" else _sqlite
    rows = engine(entries, query, start, per_page + 1)
    hits = [
        Hit(
            kind=row["kind"],
            object_id=row["object_id"],
            file_id=row["file_id"],
            procedure_id=row["procedure_id"],
            reference=row["reference"],
            title=highlighted(row["title_marked"]),
            snippet=highlighted(row["body_marked"]),
            date=row["date"],
            file_state=row["file_state"],
            rank=row["rank"],
        )
        for row in rows[:per_page]
    ]
    return SearchResults(
        query=query, hits=hits, number=page, per_page=per_page, has_next=len(rows) > per_page
    )


_FIELDS = ("kind", "object_id", "file_id", "procedure_id", "reference", "date", "file_state")


# On PostgreSQL a word that stands in most documents would have every one of them read and
# ranked; the ranking looks at the newest RANKED_CANDIDATES matches instead (all of them
# when there are fewer), so a search stays fast however common its words are.
RANKED_CANDIDATES = 500


def _postgresql(entries, query: str, start: int, limit: int) -> list[dict]:
    from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank

    tsquery = SearchQuery(query, config="german", search_type="websearch")
    marks = {"start_sel": START, "stop_sel": STOP}
    candidates = (
        entries.filter(vector=tsquery).order_by("-date", "-id").values("pk")[:RANKED_CANDIDATES]
    )
    found = (
        SearchEntry.objects.filter(pk__in=candidates)
        .annotate(
            rank=SearchRank(F("vector"), tsquery),
            title_marked=SearchHeadline(
                "title", tsquery, config="german", highlight_all=True, **marks
            ),
            body_marked=SearchHeadline(
                "body",
                tsquery,
                config="german",
                max_words=30,
                min_words=12,
                max_fragments=2,
                fragment_delimiter=" … ",
                **marks,
            ),
        )
        .order_by("-rank", "-date", "id")
    )
    return list(
        found.values(*_FIELDS, "rank", "title_marked", "body_marked")[start : start + limit]
    )


def _sqlite(entries, query: str, start: int, limit: int) -> list[dict]:
    """FTS5 drives the query (MATCH, bm25, highlight and snippet need the virtual table);
    the entries' visibility and filters come from the same queryset as on PostgreSQL."""
    compiler = entries.query.get_compiler(connection=connection)
    where, params = compiler.compile(entries.query.where)
    # CROSS JOIN keeps FTS5 the outer loop: access and filters are checked per matched row
    # (their subqueries are evaluated once), never the MATCH once per entry.
    sql = (
        "SELECT records_searchfts.rowid, bm25(records_searchfts, 10.0, 10.0, 1.0) AS score, "
        "highlight(records_searchfts, 1, char(2), char(3)), "
        "snippet(records_searchfts, 2, char(2), char(3), '…', 24) "
        "FROM records_searchfts CROSS JOIN records_searchentry "
        "ON records_searchentry.id = records_searchfts.rowid "
        "WHERE records_searchfts MATCH %s AND ("
        + where
        + ") ORDER BY score, records_searchfts.rowid LIMIT %s OFFSET %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [fts5_match(query), *params, limit, start])
        found = cursor.fetchall()
    if not found:
        return []
    by_id = {
        row["id"]: row
        for row in SearchEntry.objects.filter(pk__in=[r[0] for r in found]).values("id", *_FIELDS)
    }
    rows = []
    for rowid, score, title, body in found:
        if rowid in by_id:
            rows.append(
                {**by_id[rowid], "rank": -score, "title_marked": title, "body_marked": body}
            )
    return rows
