"""Exports of filtered responses as CSV and XLSX.

The columns are the import format's, each code followed by its name, then the source, so a
spreadsheet reads well and its code columns match what an import expects. CSV is streamed
row by row; XLSX goes through a temporary file. Customers write the comments: common/files.py
defuses what starts like a formula.
"""

from collections.abc import Iterator
from datetime import datetime, tzinfo
from zoneinfo import ZoneInfo

from django.db.models import QuerySet
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone

from common import files

from ..models import Response

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


def csv_response(responses: QuerySet[Response], filename: str) -> StreamingHttpResponse:
    zone = timezone.get_current_timezone()
    return files.csv_download(COLUMNS, _rows(responses, zone), filename)


def xlsx_response(responses: QuerySet[Response], filename: str) -> FileResponse:
    zone = timezone.get_current_timezone()
    return files.xlsx_download(COLUMNS, _rows(responses, zone), filename, sheet_name="responses")
