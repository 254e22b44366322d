"""Spreadsheet downloads (CSV and XLSX) that open safely in Excel.

CSV is UTF-8 with a BOM: Excel otherwise reads Polish, Russian and Romanian as mojibake.
Text that people typed (a customer's comment, a location's name) may start like a
formula (=, +, -, @): it is prefixed with an apostrophe in CSV and stored as plain text
in XLSX, so opening an export never runs a formula someone typed. Dates and times are
ISO 8601 in CSV and real dates in XLSX (Excel has no time zones: the clock time as given).
"""

import csv
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime

from django.http import FileResponse, StreamingHttpResponse

BOM = "\ufeff"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def defused(value):
    """Text that a spreadsheet would read as a formula, made plain text."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _csv_value(value):
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    return defused(value)


class _Echo:
    """A file-like object whose write returns the line, for csv.writer in a generator."""

    def write(self, value: str) -> str:
        return value


def csv_lines(columns: Sequence[str], rows: Iterable[Sequence]) -> Iterator[str]:
    """The header and then each row as a CSV line, the first one led by the BOM."""
    writer = csv.writer(_Echo())
    yield BOM + writer.writerow(columns)
    for row in rows:
        yield writer.writerow([_csv_value(value) for value in row])


def csv_bytes(columns: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    return "".join(csv_lines(columns, rows)).encode("utf-8")


def write_xlsx(target, *, sheet_name: str, columns: Sequence[str], rows: Iterable[Sequence]):
    """One sheet, header frozen, to `target` (a path or a binary file)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    workbook = Workbook(write_only=True)
    # Sheet titles may not hold []:*?/\ and are at most 31 characters.
    sheet = workbook.create_sheet(sheet_name[:31])
    sheet.freeze_panes = "A2"
    sheet.append(list(columns))
    for row in rows:
        cells = []
        for value in row:
            if isinstance(value, datetime):
                cell = WriteOnlyCell(sheet, value=value.replace(tzinfo=None))
                cell.number_format = "yyyy-mm-dd hh:mm"
            elif isinstance(value, date):
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = "yyyy-mm-dd"
            elif isinstance(value, str):
                # XLSX cannot hold control characters; typed text may.
                cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", value))
                cell.data_type = "s"  # never a formula, whatever the text starts with
            else:
                cell = WriteOnlyCell(sheet, value=value)
            cells.append(cell)
        sheet.append(cells)
    workbook.save(target)


def csv_download(
    columns: Sequence[str], rows: Iterable[Sequence], filename: str
) -> StreamingHttpResponse:
    """Streamed row by row: the rows may be a database iterator of any length."""
    response = StreamingHttpResponse(csv_lines(columns, rows), content_type=CSV_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def xlsx_download(
    columns: Sequence[str], rows: Iterable[Sequence], filename: str, *, sheet_name: str
) -> FileResponse:
    # A spooled file keeps small exports in memory and large ones on disk; the
    # FileResponse closes it once sent.
    buffer = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115
    write_xlsx(buffer, sheet_name=sheet_name, columns=columns, rows=rows)
    buffer.seek(0)
    return FileResponse(buffer, as_attachment=True, filename=filename, content_type=XLSX_TYPE)
