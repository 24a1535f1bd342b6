"""Reading an uploaded table row by row, without holding the file in memory: CSV in UTF-8
(with or without byte order mark, separated by commas or, as German Excel writes them,
semicolons) and the first sheet of an XLSX workbook (openpyxl in read-only mode).

Rows are numbered as Frictionless reports them: the header is row 1, the first data row
row 2.
"""

import codecs
import csv
from abc import ABC, abstractmethod
from collections.abc import Iterator
from contextlib import contextmanager

from django.utils.translation import gettext as _

from rathaus.core.uploads.models import StoredFile
from rathaus.core.uploads.services import open_stored

SNIFF_BYTES = 64 * 1024
# A single CSV cell may hold a long text, but not an unbounded one.
MAX_CELL_CHARACTERS = 1024 * 1024
MAX_LINE_BYTES = 16 * 1024 * 1024


class SourceProblem(Exception):
    """The file cannot be read further: ``type`` (Frictionless error type), ``message``
    (translated) and the row where reading stopped."""

    def __init__(self, type_: str, message: str, row: int | None = None):
        super().__init__(message)
        self.type = type_
        self.message = message
        self.row = row


def not_utf8_message() -> str:
    return _(
        "The file is not saved in UTF-8, so umlauts and other special characters cannot be "
        "read. In Excel choose “Save as” and the file type “CSV UTF-8 (comma delimited)”; "
        "in LibreOffice choose the character set “Unicode (UTF-8)” when saving. Then "
        "upload the file again."
    )


def workbook_message() -> str:
    return _(
        "The workbook cannot be opened. Save it again in Excel as “Excel workbook (.xlsx)” "
        "and upload it again."
    )


class TableSource(ABC):
    """An open table file: ``header`` (the cells of the first row) and ``rows()``, the
    following rows as ``(row number, cells)``. ``progress()`` says how far reading got as
    ``(done, total)`` in the file's own unit (bytes or rows)."""

    header: list
    kind: str

    @abstractmethod
    def rows(self) -> Iterator[tuple[int, list]]:
        """The rows after the header, numbered as in the file."""

    @abstractmethod
    def progress(self) -> tuple[int, int]:
        """How far reading got, ``(done, total)``."""


def _delimiter(sample: str) -> str:
    """The separator of the header line: the most frequent of ``,``, ``;`` and tab outside
    quotes (German Excel separates with semicolons)."""
    counts = {",": 0, ";": 0, "\t": 0}
    quoted = False
    for character in sample:
        if character == '"':
            quoted = not quoted
        elif character in "\r\n" and not quoted:
            break
        elif character in counts and not quoted:
            counts[character] += 1
    best = max(counts, key=lambda key: counts[key])
    return best if counts[best] else ","


class CsvSource(TableSource):
    kind = "csv"

    def __init__(self, handle, size: int):
        self.handle = handle
        self.size = size
        head = handle.read(SNIFF_BYTES)
        handle.seek(0)
        sample = codecs.getincrementaldecoder("utf-8-sig")(errors="replace").decode(head)
        self.delimiter = _delimiter(sample)
        self.reader = csv.reader(self._lines(), delimiter=self.delimiter, strict=False)
        self.row_number = 0
        self.header = self._next() or []

    def _lines(self) -> Iterator[str]:
        """The file's lines, each decoded on its own, so a byte that is not UTF-8 is
        noticed in the row that holds it."""
        first = True
        while raw := self.handle.readline(MAX_LINE_BYTES):
            if len(raw) == MAX_LINE_BYTES and not raw.endswith(b"\n"):
                raise SourceProblem(
                    "source-error",
                    _("Row %(row)d is longer than %(limit)d MB.")
                    % {"row": self.row_number + 1, "limit": MAX_LINE_BYTES // 2**20},
                    self.row_number + 1,
                )
            if first:
                raw = raw.removeprefix(codecs.BOM_UTF8)
                first = False
            yield raw.decode("utf-8")

    def _next(self) -> list | None:
        try:
            cells = next(self.reader)
        except StopIteration:
            return None
        except UnicodeDecodeError as error:
            raise SourceProblem(
                "encoding-error", not_utf8_message(), self.row_number + 1
            ) from error
        except csv.Error as error:
            raise SourceProblem(
                "source-error",
                _("Row %(row)d cannot be read as CSV: %(problem)s")
                % {"row": self.row_number + 1, "problem": error},
                self.row_number + 1,
            ) from error
        self.row_number += 1
        return cells

    def rows(self) -> Iterator[tuple[int, list]]:
        while (cells := self._next()) is not None:
            yield self.row_number, cells

    def progress(self) -> tuple[int, int]:
        try:
            done = self.handle.tell()
        except (OSError, ValueError):
            done = 0
        return min(done, self.size), self.size


class XlsxSource(TableSource):
    kind = "xlsx"

    def __init__(self, handle):
        import openpyxl

        try:
            self.workbook = openpyxl.load_workbook(
                handle, read_only=True, data_only=True, keep_links=False
            )
        except Exception as error:  # openpyxl raises many kinds on a damaged file
            raise SourceProblem("source-error", workbook_message()) from error
        sheet = self.workbook.worksheets[0]
        self.total = sheet.max_row or 0
        self.iterator = sheet.iter_rows(values_only=True)
        self.row_number = 0
        first = self._next()
        self.header = _trim(list(first)) if first is not None else []
        self.header = [_header_text(cell) for cell in self.header]

    def _next(self):
        try:
            cells = next(self.iterator)
        except StopIteration:
            return None
        except Exception as error:  # openpyxl raises many kinds on a damaged sheet
            raise SourceProblem("source-error", workbook_message(), self.row_number + 1) from error
        self.row_number += 1
        return cells

    def rows(self) -> Iterator[tuple[int, list]]:
        while (cells := self._next()) is not None:
            yield self.row_number, _trim(list(cells))

    def progress(self) -> tuple[int, int]:
        return self.row_number, max(self.total, self.row_number)

    def close(self) -> None:
        self.workbook.close()


def _trim(cells: list) -> list:
    """A sheet row without the empty cells after its last value."""
    while cells and (cells[-1] is None or cells[-1] == ""):
        cells.pop()
    return cells


def _header_text(cell) -> str | None:
    if cell is None:
        return None
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell)


def is_blank(cells: list) -> bool:
    return all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in cells)


@contextmanager
def open_table(stored_file: StoredFile) -> Iterator[TableSource]:
    """The stored file as a ``TableSource``; raises ``SourceProblem`` when it is not one."""
    handle = open_stored(stored_file)
    source = None
    try:
        if stored_file.extension == "xlsx":
            source = XlsxSource(handle)
        elif stored_file.extension in ("csv", "txt"):
            source = CsvSource(handle, stored_file.size)
        else:
            raise SourceProblem(
                "source-error", _("Only CSV and XLSX files can be loaded into a table.")
            )
        yield source
    finally:
        if isinstance(source, XlsxSource):
            source.close()
        handle.close()


csv.field_size_limit(MAX_CELL_CHARACTERS)
