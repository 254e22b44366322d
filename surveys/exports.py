"""Exports of filtered responses as CSV and XLSX.

The columns are the import format's, each code followed by its name, then the source, so a
spreadsheet reads well and its code columns match what an import expects. CSV is UTF-8 with
a BOM (Excel otherwise reads Polish, Russian and Romanian as mojibake) and streamed row by
row; XLSX is written by openpyxl's write-only workbook into a temporary file.

Customers write the comments: a text cell that starts like a formula (=, +, -, @) is
prefixed with an apostrophe in CSV and stored as plain text in XLSX, so opening an export
never runs a formula a customer typed.
"""

import csv
import tempfile
from collections.abc import Iterable, Iterator
from datetime import datetime, tzinfo
from zoneinfo import ZoneInfo

from django.db.models import QuerySet
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone

from .models import Response

BOM = "\ufeff"
ITERATOR_CHUNK = 2000
COLUMNS = (
    "submitted_at",
    "metric",
    "score",
    "comment",
    "language",
    "consultant",
    "consultant_name",
    "location",
    "location_name",
    "touchpoint",
    "touchpoint_name",
    "moment",
    "moment_name",
    "channel",
    "interaction_ref",
    "external_id",
    "survey",
    "survey_name",
    "source",
)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def local_time(response: Response, default_zone: tzinfo) -> datetime:
    """When the customer answered, on the clock of the location (or the reader's)."""
    zone = ZoneInfo(response.location.time_zone) if response.location_id else default_zone
    return timezone.localtime(response.submitted_at, zone)


def _values(response: Response, default_zone: tzinfo) -> list:
    consultant, location = response.consultant, response.location
    touchpoint, moment, survey = response.touchpoint, response.moment, response.survey
    return [
        local_time(response, default_zone),
        response.metric,
        response.score,
        response.comment,
        response.language,
        consultant.employee_code if consultant else "",
        consultant.display_name if consultant else "",
        location.code if location else "",
        location.name if location else "",
        touchpoint.pk if touchpoint else "",
        touchpoint.name if touchpoint else "",
        moment.pk if moment else "",
        moment.name if moment else "",
        response.channel,
        response.interaction_ref,
        response.external_id,
        survey.pk if survey else "",
        survey.name if survey else "",
        response.source,
    ]


def _rows(responses: QuerySet[Response], zone: tzinfo) -> Iterator[list]:
    for response in responses.iterator(chunk_size=ITERATOR_CHUNK):
        yield _values(response, zone)


def _safe_text(value):
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


class _Echo:
    """A file-like object whose write returns the line, for csv.writer in a generator."""

    def write(self, value: str) -> str:
        return value


def csv_lines(rows: Iterable[list]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield BOM + writer.writerow(COLUMNS)
    for values in rows:
        values[0] = values[0].isoformat(timespec="seconds")
        yield writer.writerow([_safe_text(value) for value in values])


def csv_response(responses: QuerySet[Response], filename: str) -> StreamingHttpResponse:
    zone = timezone.get_current_timezone()
    response = StreamingHttpResponse(csv_lines(_rows(responses, zone)), content_type=CSV_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def write_xlsx(responses: QuerySet[Response], target) -> None:
    """Write the responses to `target` (a path or binary file) as one sheet."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("responses")
    sheet.freeze_panes = "A2"
    sheet.append(list(COLUMNS))
    zone = timezone.get_current_timezone()
    for values in _rows(responses, zone):
        # Excel has no time zones: the local time at the location, as on the receipt.
        when = WriteOnlyCell(sheet, value=values[0].replace(tzinfo=None))
        when.number_format = "yyyy-mm-dd hh:mm"
        cells = [when]
        for value in values[1:]:
            if isinstance(value, str):
                # XLSX cannot hold control characters; a customer's comment may.
                value = ILLEGAL_CHARACTERS_RE.sub("", value)
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # never a formula, whatever the text starts with
            cells.append(cell)
        sheet.append(cells)
    workbook.save(target)


def xlsx_response(responses: QuerySet[Response], filename: str) -> FileResponse:
    # A spooled file keeps small exports in memory and large ones on disk; the
    # FileResponse closes it once sent.
    buffer = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115
    write_xlsx(responses, buffer)
    buffer.seek(0)
    return FileResponse(buffer, as_attachment=True, filename=filename, content_type=XLSX_TYPE)
