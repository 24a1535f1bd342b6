"""The preview of a budget import, kept between the check and the booking.

The background job that checks an uploaded export (``budget_tasks``) keeps what it found as
a JSON file in the upload storage, beside the export itself; the preview page shows it
from there without reading the export again. A signed token names the account, the export
and the kept preview: the job's result link carries it to the preview page, and the
preview page's "book" button back to the booking job. The token is only a pointer: the
booking reads and checks the export again.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlencode

from django.core import signing
from django.urls import reverse

from .budget_import import ImportPreview, ImportRow, Problem
from .exceptions_plan import ImportExpired
from .models import BudgetAccount, Measure

PREVIEW_SALT = "rathaus.programme.budget-import"
PREVIEW_MAX_AGE = 7 * 24 * 60 * 60  # seconds a preview can be opened and booked after its check
PREVIEW_FILE_NAME = "budget-import-preview.json"


@dataclass(frozen=True)
class ImportFiles:
    """What a token names: the export (a ``StoredFile`` id) and its kept preview."""

    file_id: str
    preview_id: str


def make_token(account: BudgetAccount, *, file_id, preview_id) -> str:
    return signing.dumps(
        [str(account.pk), str(file_id), str(preview_id)], salt=PREVIEW_SALT, compress=True
    )


def read_token(token: str, account: BudgetAccount) -> ImportFiles:
    """The files a token names; ``ImportExpired`` when it is forged, old or of another
    account."""
    try:
        account_id, file_id, preview_id = signing.loads(
            token or "", salt=PREVIEW_SALT, max_age=PREVIEW_MAX_AGE
        )
    except (signing.BadSignature, TypeError, ValueError):
        raise ImportExpired from None
    if account_id != str(account.pk):
        raise ImportExpired
    return ImportFiles(file_id=str(file_id), preview_id=str(preview_id))


def preview_url(account: BudgetAccount, token: str) -> str:
    url = reverse("programme:budget_import_preview", args=[account.pk])
    return f"{url}?{urlencode({'token': token})}"


@dataclass
class KeptPreview:
    """A kept preview as the page shows it: what the check found, of which file, when."""

    preview: ImportPreview
    file_name: str
    checked_at: datetime.datetime
    token: str
    account: BudgetAccount

    @property
    def url(self) -> str:
        return preview_url(self.account, self.token)


# The kept preview, compact: a large file's preview is checked by the upload service as it
# is stored and read again on every page of the preview, so rows are lists, not objects.
# A row: [number, [cells in the order of "columns"], booked on (ISO) or null, amount or
# null, index into "measures" or null, type of cost, booked already, [[column, message]]].
FORMAT = 1


def preview_data(preview: ImportPreview) -> dict:
    """What the check found, as JSON-ready data (``preview_from_data`` reads it back). The
    problems keep the language they were found in."""
    columns = list(preview.rows[0].cells) if preview.rows else []
    measures: dict = {}
    rows = []
    for row in preview.rows:
        measure = None
        if row.measure is not None:
            measure = measures.setdefault(row.measure.pk, (len(measures), row.measure))[0]
        rows.append(
            [
                row.number,
                [row.cells.get(key, "") for key in columns],
                row.booked_on.isoformat() if row.booked_on else None,
                str(row.amount) if row.amount is not None else None,
                measure,
                row.category,
                row.already_booked,
                [[problem.column, problem.message] for problem in row.problems],
            ]
        )
    return {
        "format": FORMAT,
        "encoding": preview.encoding,
        "delimiter": preview.delimiter,
        "problems": [problem.message for problem in preview.file_problems],
        "columns": columns,
        "measures": [
            [str(measure.pk), measure.code, measure.title] for _index, measure in measures.values()
        ],
        "rows": rows,
    }


def preview_from_data(data: dict) -> ImportPreview:
    """The preview ``preview_data`` kept, for showing it (its measures are not read from
    the database again: they show the number and title they had at the check).
    ``ValueError`` when the data are not a kept preview."""
    if data.get("format") != FORMAT:
        raise ValueError("not a kept budget import preview")
    columns = data["columns"]
    measures = [Measure(pk=pk, code=code, title=title) for pk, code, title in data["measures"]]
    rows = []
    for number, values, booked_on, amount, measure, category, booked, problems in data["rows"]:
        cells = dict(zip(columns, values, strict=True))
        rows.append(
            ImportRow(
                number=number,
                cells=cells,
                booked_on=datetime.date.fromisoformat(booked_on) if booked_on else None,
                amount=Decimal(amount) if amount is not None else None,
                text=cells.get("text", ""),
                reference=cells.get("reference", ""),
                measure=measures[measure] if measure is not None else None,
                category=category,
                already_booked=booked,
                problems=[Problem(message, number, column) for column, message in problems],
            )
        )
    return ImportPreview(
        rows=rows,
        file_problems=[Problem(message) for message in data["problems"]],
        encoding=data["encoding"],
        delimiter=data["delimiter"],
    )
