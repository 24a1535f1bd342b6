"""Reading the finance system's CSV export of the budget account into postings.

The file may be separated by ";" (German Excel and most finance systems) or ",", encoded in
UTF-8 (with or without byte order mark) or Windows-1252; amounts are written the German way
("1.234,56", "-12,50", "12,50-") or plainly ("1234.56"); dates as "31.12.2026" or ISO
("2026-12-31"). Columns are found by their header, whatever their order:

====================  ====================================  ========
what                  headers accepted                      required
====================  ====================================  ========
booking date          Buchungsdatum, Datum                  yes
amount                Betrag                                yes
booking text          Buchungstext, Text                    yes
voucher number        Belegnummer, Beleg-Nr.                yes
measure (its number)  Maßnahme, Massnahme, Maßnahmen-Nr.    yes (cell may be empty)
type of cost          Kostenart                             no
====================  ====================================  ========

``read_import`` checks every row and names each problem by row (the header is row 1, as a
spreadsheet counts) and column (the header as written in the file). Rows whose voucher
number is already booked on the account are marked to be skipped. Cell texts are data,
never formulas: a text starting with "=" is stored as it is and escaped wherever shown.

The check runs as a background job (``budget_tasks``); what it found is kept for the
preview page by ``budget_preview``.
"""

import csv
import datetime
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from .models import BudgetAccount, CostCategory, Measure, Posting
from .plan import year_bounds

# The check and the booking run as background jobs, so an export of several years fits.
MAX_IMPORT_BYTES = 10 * 1024 * 1024
MAX_IMPORT_ROWS = 20000
# Rows checked between two progress reports, and voucher numbers looked up per query.
PROGRESS_EVERY = 500
REFERENCES_PER_QUERY = 900
ENCODINGS = ("utf-8-sig", "cp1252")
# The largest amount the database holds: 14 digits, 2 of them after the comma.
MAX_AMOUNT = Decimal("999999999999.99")

# Column key: accepted headers, normalised (lower case, ß as ss, letters and digits only),
# the preferred one first.
COLUMNS = {
    "booked_on": ("buchungsdatum", "datum"),
    "amount": ("betrag", "betrageur", "betragineur"),
    "text": ("buchungstext", "text"),
    "reference": ("belegnummer", "belegnr"),
    "measure": ("massnahme", "massnahmennr", "massnahmenr", "massnahmennummer"),
    "category": ("kostenart",),
}
REQUIRED = ("booked_on", "amount", "text", "reference", "measure")
COLUMN_NAMES = {
    "booked_on": "Buchungsdatum",
    "amount": "Betrag",
    "text": "Buchungstext",
    "reference": "Belegnummer",
    "measure": "Maßnahme",
    "category": "Kostenart",
}

CATEGORY_WORDS = {
    "licences": ("lizenzen", "lizenz", "licences", "licenses", "licence", "license"),
    "services": ("dienstleistungen", "dienstleistung", "services", "service"),
    "hardware": ("hardware",),
    "staff": ("personal", "personalkosten", "staff"),
    "other": ("sonstiges", "sonstige", "other"),
}
CATEGORY_BY_WORD = {word: key for key, words in CATEGORY_WORDS.items() for word in words}

AMOUNT_FORMATS = (
    # (pattern, thousands separator, decimal separator)
    (re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d{1,2})?"), ".", ","),  # 1.234,56
    (re.compile(r"\d+(?:,\d{1,2})?"), "", ","),  # 1234,56
    # "1,234" alone is ambiguous (a German reads 1.234 euros): only with a decimal point.
    (re.compile(r"\d{1,3}(?:,\d{3})+\.\d{1,2}"), ",", "."),  # 1,234.56
    (re.compile(r"\d+\.\d{1,2}"), "", "."),  # 1234.56
)
DATE_FORMATS = ("%d.%m.%Y", "%Y-%m-%d")


def _unreadable() -> str:
    return _("The file could not be read: save it as CSV in UTF-8 or Windows-1252.")


def normalise_header(text: str) -> str:
    return re.sub(r"[^0-9a-z]", "", text.strip().casefold())


def parse_amount(text: str) -> Decimal:
    """An amount in euros as people and finance systems write it; ``ValueError`` if it is
    none. "1.234" is read the German way (one thousand two hundred thirty-four)."""
    value = re.sub(r"\s|\u00a0|€|eur", "", str(text), flags=re.IGNORECASE)
    sign = 1
    if value.endswith("-"):
        sign, value = -1, value[:-1]
    elif value.startswith("-"):
        sign, value = -1, value[1:]
    elif value.startswith("+"):
        value = value[1:]
    for pattern, thousands, decimal in AMOUNT_FORMATS:
        if pattern.fullmatch(value):
            plain = value.replace(thousands, "") if thousands else value
            try:
                amount = sign * Decimal(plain.replace(decimal, "."))
            except InvalidOperation:  # pragma: no cover - the patterns allow digits only
                break
            if abs(amount) > MAX_AMOUNT:
                raise ValueError(text)
            return amount.quantize(Decimal("0.01"))
    raise ValueError(text)


def parse_date(text: str) -> datetime.date:
    """A date written "31.12.2026" or "2026-12-31"; ``ValueError`` otherwise."""
    value = str(text).strip()
    for pattern in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    raise ValueError(text)


def parse_category(text: str) -> str:
    """The type of cost a cell names ("" when empty); ``ValueError`` if unknown."""
    word = normalise_header(text)
    if not word:
        return ""
    if word in CATEGORY_BY_WORD:
        return CATEGORY_BY_WORD[word]
    for value, label in CostCategory.choices:
        if normalise_header(str(label)) == word:
            return value
    raise ValueError(text)


def decode(data: bytes) -> tuple[str, str]:
    """The file's text and the encoding it was read with (UTF-8 first, then Windows-1252);
    ``UnicodeDecodeError`` when it is neither."""
    error = None
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError as problem:
            error = problem
    raise error


def sniff_delimiter(text: str) -> str:
    header = text.split("\n", 1)[0]
    return ";" if header.count(";") >= header.count(",") and ";" in header else ","


# ------------------------------------------------------------------ the preview


@dataclass(frozen=True)
class Problem:
    """What is wrong with the file (``row`` None) or with one cell of a row."""

    message: str
    row: int | None = None
    column: str = ""

    def __str__(self) -> str:
        if self.row is None:
            return self.message
        if self.column:
            return _("Row %(row)s, column “%(column)s”: %(message)s") % {
                "row": self.row,
                "column": self.column,
                "message": self.message,
            }
        return _("Row %(row)s: %(message)s") % {"row": self.row, "message": self.message}


@dataclass
class ImportRow:
    """One row of the file: the cells as written, what they mean, and their problems."""

    number: int
    cells: dict[str, str]
    booked_on: datetime.date | None = None
    amount: Decimal | None = None
    text: str = ""
    reference: str = ""
    measure: Measure | None = None
    category: str = ""
    already_booked: bool = False
    problems: list[Problem] = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return not self.problems

    @property
    def category_label(self) -> str:
        return str(CostCategory(self.category).label) if self.category else ""


@dataclass
class ImportPreview:
    """The file read and checked: what would be booked, skipped, and every problem."""

    rows: list[ImportRow] = field(default_factory=list)
    file_problems: list[Problem] = field(default_factory=list)
    encoding: str = ""
    delimiter: str = ""

    @property
    def problems(self) -> list[Problem]:
        found = list(self.file_problems)
        for row in self.rows:
            found.extend(row.problems)
        return found

    @property
    def is_valid(self) -> bool:
        return not self.problems and bool(self.rows)

    @property
    def to_book(self) -> list[ImportRow]:
        return [row for row in self.rows if not row.already_booked]

    @property
    def skipped(self) -> list[ImportRow]:
        return [row for row in self.rows if row.already_booked]

    @property
    def total(self) -> Decimal:
        return sum((row.amount or Decimal(0) for row in self.to_book), Decimal("0.00"))


def _columns(header: list[str]) -> tuple[dict[str, int], dict[str, str], list[Problem]]:
    """``({key: index}, {key: header as written}, problems)`` for the file's header."""
    normalised = [normalise_header(cell) for cell in header]
    index, names, problems = {}, {}, []
    for key, aliases in COLUMNS.items():
        for alias in aliases:
            if alias in normalised:
                position = normalised.index(alias)
                index[key], names[key] = position, header[position].strip()
                break
    for key in REQUIRED:
        if key not in index:
            problems.append(
                Problem(_("The column “%(column)s” is missing.") % {"column": COLUMN_NAMES[key]})
            )
    return index, names, problems


def _check_row(row: ImportRow, names: dict, measures: dict, first: int, last: int) -> None:
    def problem(key: str, message: str) -> None:
        row.problems.append(Problem(message, row.number, names.get(key, COLUMN_NAMES[key])))

    cells = row.cells
    try:
        row.booked_on = parse_date(cells["booked_on"])
    except ValueError:
        problem(
            "booked_on",
            _("“%(value)s” is not a date; write it as 31.12.2026 or 2026-12-31.")
            % {"value": cells["booked_on"]}
            if cells["booked_on"]
            else _("The booking date is missing."),
        )
    else:
        if not first <= row.booked_on.year <= last:
            problem(
                "booked_on",
                _("The date lies outside the years %(first)s to %(last)s.")
                % {"first": first, "last": last},
            )
    try:
        row.amount = parse_amount(cells["amount"])
    except ValueError:
        problem(
            "amount",
            _("“%(value)s” is not an amount in euros; write it as 1.234,56.")
            % {"value": cells["amount"]}
            if cells["amount"]
            else _("The amount is missing."),
        )
    else:
        if not row.amount:
            problem("amount", _("The amount must not be zero."))
    row.text = cells["text"]
    if not row.text:
        problem("text", _("The booking text is missing."))
    elif len(row.text) > Posting._meta.get_field("text").max_length:
        problem("text", _("The booking text is longer than 300 characters."))
    row.reference = cells["reference"]
    if not row.reference:
        problem("reference", _("The voucher number is missing."))
    elif len(row.reference) > Posting._meta.get_field("reference").max_length:
        problem("reference", _("The voucher number is longer than 60 characters."))
    code = cells["measure"]
    if code:
        row.measure = measures.get(code)
        if row.measure is None:
            problem("measure", _("There is no measure number “%(code)s”.") % {"code": code})
    try:
        row.category = parse_category(cells.get("category", ""))
    except ValueError:
        problem(
            "category",
            _(
                "“%(value)s” is not a type of cost; use Lizenzen, Dienstleistungen, Hardware, "
                "Personal or Sonstiges."
            )
            % {"value": cells["category"]},
        )


def read_import(text: str, *, account: BudgetAccount, progress=None) -> ImportPreview:
    """Read and check the decoded text of a CSV export for ``account``. Queries: the
    measures, and the voucher numbers already booked on the account (one query per
    ``REFERENCES_PER_QUERY`` of them). ``progress(done, total)`` hears how many rows are
    checked, every ``PROGRESS_EVERY`` rows and at the end."""
    if text.startswith("\ufeff"):
        text = text[1:]
    delimiter = sniff_delimiter(text)
    preview = ImportPreview(delimiter=delimiter)
    if "\x00" in text:
        preview.file_problems.append(Problem(_unreadable()))
        return preview
    records = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(records, None)
        if header is None or not any(cell.strip() for cell in header):
            preview.file_problems.append(Problem(_("The file is empty.")))
            return preview
        index, names, problems = _columns(header)
        if problems:
            preview.file_problems.extend(problems)
            return preview
        raw_rows = []
        for number, record in enumerate(records, start=2):
            if not any(cell.strip() for cell in record):
                continue
            if len(raw_rows) >= MAX_IMPORT_ROWS:
                preview.file_problems.append(
                    Problem(
                        _("The file has more than %(count)s rows; split it.")
                        % {"count": MAX_IMPORT_ROWS}
                    )
                )
                return preview
            cells = {
                key: record[position].strip() if position < len(record) else ""
                for key, position in index.items()
            }
            raw_rows.append(ImportRow(number=number, cells=cells))
    except csv.Error as error:
        preview.file_problems.append(
            Problem(_("The file is not a readable CSV file (%(error)s).") % {"error": error})
        )
        return preview
    if not raw_rows:
        preview.file_problems.append(Problem(_("The file has no postings below its header.")))
        return preview

    codes = {row.cells["measure"] for row in raw_rows if row.cells["measure"]}
    measures = {m.code: m for m in Measure.objects.filter(code__in=codes)}
    booked = _booked_references(
        account, sorted({row.cells["reference"] for row in raw_rows if row.cells["reference"]})
    )
    first, last = year_bounds()
    seen: dict[str, int] = {}
    total = len(raw_rows)
    for done, row in enumerate(raw_rows, 1):
        if progress is not None and done % PROGRESS_EVERY == 0:
            progress(done, total)
        reference = row.cells["reference"]
        if reference and reference in booked:
            # Booked by an earlier import: skipped, whatever else the row says.
            row.already_booked = True
            row.reference = reference
            row.text = row.cells["text"]
            continue
        _check_row(row, names, measures, first, last)
        if reference:
            if reference in seen:
                row.problems.append(
                    Problem(
                        _("The voucher number %(number)s is in row %(row)s already.")
                        % {"number": reference, "row": seen[reference]},
                        row.number,
                        names["reference"],
                    )
                )
            else:
                seen[reference] = row.number
    if progress is not None:
        progress(total, total)
    preview.rows = raw_rows
    return preview


def _booked_references(account: BudgetAccount, references: list[str]) -> set[str]:
    """Which of ``references`` are booked on the account already (in slices, so a large
    file stays within the database's limit of query parameters)."""
    booked = set()
    for start in range(0, len(references), REFERENCES_PER_QUERY):
        booked.update(
            Posting.objects.filter(
                account=account, reference__in=references[start : start + REFERENCES_PER_QUERY]
            ).values_list("reference", flat=True)
        )
    return booked


def unreadable_file() -> ImportPreview:
    return ImportPreview(file_problems=[Problem(_unreadable())])


def read_import_file(data: bytes, *, account: BudgetAccount, progress=None) -> ImportPreview:
    """Decode and read an uploaded export (see ``read_import``)."""
    try:
        text, encoding = decode(data)
    except UnicodeDecodeError:
        return unreadable_file()
    preview = read_import(text, account=account, progress=progress)
    preview.encoding = encoding
    return preview
