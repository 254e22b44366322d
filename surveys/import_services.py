"""CSV import of responses: check a file and preview it, then import it in the background.

A file is checked in full before anything is saved: its encoding (UTF-8 with or without a
BOM), its header (known columns only, the required ones present), and every row by the same
rules as any other response (services.check_responses), with errors reported by CSV line.
Only a file without errors can be queued. The import re-checks the rows (the organization may
have changed since the preview), then saves them all or nothing in one transaction; while it
runs, its progress is published in the cache, which the page polls.

Rows without an external_id get one derived from their content ("csv-" + sha256), so a file
imported twice adds nothing the second time.
"""

import csv
import hashlib
import io
import logging
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, tzinfo

from django.core.cache import cache
from django.db import transaction
from django.db.models import Max, Min
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organization

from . import services
from .choices import JobStatus, Source
from .models import ImportBatch, Response

logger = logging.getLogger(__name__)

MAX_FILE_BYTES = 5 * 1024 * 1024
REQUIRED_COLUMNS = ("submitted_at", "metric", "score")
OPTIONAL_COLUMNS = (
    "comment",
    "language",
    "consultant",
    "location",
    "touchpoint",
    "moment",
    "channel",
    "interaction_ref",
    "external_id",
    "survey",
)
COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS
# Codes people type in any case; check_responses expects them lower-case.
LOWER_CASE = ("metric", "language", "channel")
CHUNK = 500
MAX_STORED_ERRORS = 200
SAMPLE_ROWS = 5
PROGRESS_TIMEOUT = 6 * 3600
DERIVED_PREFIX = "csv-"


class ImportFileError(Exception):
    """The file cannot be read as a CSV of responses at all (encoding, header, no rows)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class CheckedFile:
    """A file read and checked: rows ready to save, or errors by line."""

    content: str
    content_hash: str
    total_rows: int
    rows: list = field(default_factory=list)  # ResponseRow, when there is no error
    errors: list[dict] = field(default_factory=list)  # {"line", "field", "message"}
    duplicates: int = 0


# ------------------------------------------------------------------------ reading a file


def decode(data: bytes) -> str:
    """The file's text: UTF-8, with or without a byte order mark."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError(
            _(
                "The file is not UTF-8. In Excel choose File › Save As › “CSV UTF-8 (Comma "
                "delimited)”; in LibreOffice tick “Edit filter settings” and choose the "
                "character set “Unicode (UTF-8)”. Then upload the new file."
            )
        ) from None
    if "\x00" in text:
        raise ImportFileError(_("The file is not a CSV text file."))
    return text


def _first_line(text: str) -> str:
    return next(iter(io.StringIO(text, newline="")), "")


def _header(text: str) -> tuple[str, list[str]]:
    """The delimiter (comma or semicolon: whichever splits the header into more known
    columns) and the header's column names, lower-cased."""
    line = _first_line(text)
    best = (",", [])
    best_score = (-1, -1)
    for delimiter in (",", ";"):
        names = [name.strip().lower() for name in next(csv.reader([line], delimiter=delimiter))]
        score = (sum(name in COLUMNS for name in names), len(names))
        if score > best_score:
            best, best_score = (delimiter, names), score
    return best


def _check_header(names: list[str]) -> None:
    if not any(names):
        raise ImportFileError(
            _("The file is empty. Its first line must name the columns, e.g. %s.")
            % ",".join(REQUIRED_COLUMNS)
        )
    problems = []
    unknown = [name for name in names if name and name not in COLUMNS]
    if unknown:
        problems.append(_("Unknown columns: %s.") % ", ".join(unknown))
    missing = [name for name in REQUIRED_COLUMNS if name not in names]
    if missing:
        problems.append(_("Missing required columns: %s.") % ", ".join(missing))
    twice = sorted(name for name, count in Counter(names).items() if name and count > 1)
    if twice:
        problems.append(_("Columns given more than once: %s.") % ", ".join(twice))
    if problems:
        problems.append(
            _(
                "The first line must name the columns: %(required)s (required) and any of "
                "%(optional)s."
            )
            % {"required": ", ".join(REQUIRED_COLUMNS), "optional": ", ".join(OPTIONAL_COLUMNS)}
        )
        raise ImportFileError(" ".join(problems))


@dataclass
class _Parsed:
    names: list[str]
    rows: list[dict]  # column -> stripped text, for well-formed lines
    lines: list[int]  # the CSV line each row starts on
    errors: list[dict]  # lines that are not rows of the header's shape


def read_rows(text: str, limit: int | None = None) -> _Parsed:
    """The rows of a CSV text as dicts of the known columns, with the line each starts on
    (a quoted comment may span lines, so lines and rows differ)."""
    delimiter, names = _header(text)
    _check_header(names)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    next(reader)
    parsed = _Parsed(names=[n for n in names if n], rows=[], lines=[], errors=[])
    previous_end = reader.line_num
    try:
        for values in reader:
            line, previous_end = previous_end + 1, reader.line_num
            if not any(value.strip() for value in values):
                continue  # blank lines, e.g. at the end of the file
            extra = [value for value in values[len(names) :] if value.strip()]
            if extra:
                parsed.errors.append(
                    {
                        "line": line,
                        "field": "",
                        "message": _(
                            "This line has %(values)d values but the header names %(columns)d "
                            "columns (is a comment with a separator missing its quotes?)."
                        )
                        % {"values": len(values), "columns": len(names)},
                    }
                )
                continue
            row = {}
            for name, value in zip(names, values, strict=False):
                if name:
                    value = value.strip()
                    row[name] = value.lower() if name in LOWER_CASE else value
            parsed.rows.append(row)
            parsed.lines.append(line)
            if limit is not None and len(parsed.rows) >= limit:
                break
    except csv.Error as exc:
        parsed.errors.append(
            {
                "line": reader.line_num,
                "field": "",
                "message": _("This line cannot be read as CSV: %s.") % exc,
            }
        )
    return parsed


def derive_external_ids(rows: Sequence[dict]) -> None:
    """Give each row without an external_id one made from its content, so the same file
    imported again finds its rows already present. Identical rows (two customers, same
    minute, same score) stay distinct by their occurrence in the file."""
    seen: Counter = Counter()
    for row in rows:
        if row.get("external_id"):
            continue
        content = "\x1f".join(f"{name}={row.get(name, '')}" for name in COLUMNS)
        seen[content] += 1
        digest = hashlib.sha256(f"{content}\x1e{seen[content]}".encode()).hexdigest()
        row["external_id"] = DERIVED_PREFIX + digest


def _field_order(name: str) -> int:
    return COLUMNS.index(name) if name in COLUMNS else len(COLUMNS)


def _line_errors(error: services.RowErrors, parsed: _Parsed) -> list[dict]:
    """check_responses' errors by row index, as errors by CSV line."""
    first_line_of: dict[str, int] = {}
    for row, line in zip(parsed.rows, parsed.lines, strict=True):
        external_id = row.get("external_id", "")
        if external_id and not external_id.startswith(DERIVED_PREFIX):
            first_line_of.setdefault(external_id, line)
    errors = []
    for index, fields in error.errors.items():
        if index < 0:
            errors += [{"line": None, "field": "", "message": m} for m in fields.values()]
            continue
        line = parsed.lines[index]
        for name, message in fields.items():
            if name == "external_id":
                first = first_line_of.get(parsed.rows[index]["external_id"])
                if first is not None and first != line:
                    # check_responses counts rows; the user reads lines.
                    message = _("The same external id is already on line %d.") % first
            errors.append({"line": line, "field": name, "message": message})
    return errors


def _count_present(organization: Organization, external_ids: list[str]) -> int:
    present = 0
    for start in range(0, len(external_ids), CHUNK):
        present += Response.objects.filter(
            organization=organization, external_id__in=external_ids[start : start + CHUNK]
        ).count()
    return present


def _sorted_errors(errors: list[dict]) -> list[dict]:
    errors.sort(key=lambda e: (e["line"] or 0, _field_order(e["field"])))
    if len(errors) > MAX_STORED_ERRORS:
        more = len(errors) - MAX_STORED_ERRORS
        lines = len({e["line"] for e in errors})
        errors = errors[:MAX_STORED_ERRORS] + [
            {
                "line": None,
                "field": "",
                "message": _("… and %(more)d more errors, on %(lines)d lines in all.")
                % {"more": more, "lines": lines},
            }
        ]
    return errors


def check_file(
    *, organization: Organization, data: bytes | str, count_duplicates: bool = True
) -> CheckedFile:
    """Read and check a whole file; raises ImportFileError if it is not a response CSV.

    Row errors do not raise: they come back by line, so all of them can be shown at once.
    """
    text = decode(data) if isinstance(data, bytes) else data
    parsed = read_rows(text)
    total = len(parsed.rows) + len(parsed.errors)
    if not total:
        raise ImportFileError(_("The file has a header but no responses."))
    checked = CheckedFile(
        content=text,
        content_hash=hashlib.sha256(text.encode()).hexdigest(),
        total_rows=total,
    )
    derive_external_ids(parsed.rows)
    errors = list(parsed.errors)
    try:
        rows = services.check_responses(organization=organization, rows=parsed.rows, max_rows=None)
    except services.RowErrors as error:
        errors += _line_errors(error, parsed)
        rows = []
    if errors:
        checked.errors = _sorted_errors(errors)
        return checked
    checked.rows = rows
    if count_duplicates:
        checked.duplicates = _count_present(organization, [row.external_id for row in rows])
    return checked


# ------------------------------------------------------------------- preview and queue


def preview_import(*, organization: Organization, file_name: str, data: bytes, by=None):
    """Check an uploaded file and keep it as a batch to preview (status PREVIEW).

    The text is kept only when the file can be imported; a file with errors is fixed and
    uploaded again, so only its errors are stored."""
    checked = check_file(organization=organization, data=data)
    return ImportBatch.objects.create(
        organization=organization,
        file_name=file_name[:200],
        content="" if checked.errors else checked.content,
        content_hash=checked.content_hash,
        status=JobStatus.PREVIEW,
        total_rows=checked.total_rows,
        errors=checked.errors,
        # Until the import runs: the rows already present when the file was checked.
        duplicate_count=checked.duplicates,
        created_by=by,
    )


def previous_import(batch: ImportBatch) -> ImportBatch | None:
    """The last finished import of the same file into the same organization, if any."""
    return (
        ImportBatch.objects.filter(
            organization_id=batch.organization_id,
            content_hash=batch.content_hash,
            status=JobStatus.DONE,
        )
        .exclude(pk=batch.pk)
        .order_by("-finished_at", "-pk")
        .first()
    )


def sample_rows(batch: ImportBatch, count: int = SAMPLE_ROWS) -> tuple[list[str], list[list]]:
    """The header and first rows (values in header order) of a checked file, to show
    what was read."""
    if not batch.content:
        return [], []
    parsed = read_rows(batch.content, limit=count)
    return parsed.names, [[row.get(name, "") for name in parsed.names] for row in parsed.rows]


def imported_period(batch: ImportBatch, zone: tzinfo) -> tuple[date | None, date | None]:
    """The first and last day (in `zone`) of the responses this batch added."""
    bounds = batch.responses.aggregate(first=Min("submitted_at"), last=Max("submitted_at"))
    if bounds["first"] is None:
        return None, None
    return (
        timezone.localtime(bounds["first"], zone).date(),
        timezone.localtime(bounds["last"], zone).date(),
    )


def can_run(batch: ImportBatch) -> bool:
    return batch.status == JobStatus.PREVIEW and not batch.errors and batch.total_rows > 0


@transaction.atomic
def queue_import(*, batch: ImportBatch) -> bool:
    """Queue a checked file for import; False if it has errors or was queued already
    (a double click queues it once)."""
    from . import tasks  # tasks imports this module

    if not can_run(batch):
        return False
    queued = ImportBatch.objects.filter(pk=batch.pk, status=JobStatus.PREVIEW).update(
        status=JobStatus.QUEUED
    )
    if queued:
        tasks.run_import.delay_on_commit(batch.pk)
    batch.refresh_from_db()
    return bool(queued)


# --------------------------------------------------------------------------- the import


def progress_key(batch_id: int) -> str:
    return f"surveys:import:{batch_id}:processed"


def processed_rows(batch: ImportBatch) -> int:
    """Rows processed so far: from the cache while the import's transaction is open."""
    if batch.status == JobStatus.RUNNING:
        return int(cache.get(progress_key(batch.pk)) or batch.processed_rows)
    if batch.status == JobStatus.DONE:
        return batch.total_rows
    return batch.processed_rows


def _fail(batch_id: int, errors: list[dict]) -> None:
    ImportBatch.objects.filter(pk=batch_id).update(
        status=JobStatus.FAILED,
        errors=_sorted_errors(errors),
        content="",
        processed_rows=0,
        finished_at=timezone.now(),
    )
    cache.delete(progress_key(batch_id))


def run_import(*, batch_id: int, progress: Callable[[int, int], None] | None = None) -> int:
    """Import a queued batch all or nothing; returns the number of new responses.

    The batch is claimed first (QUEUED -> RUNNING by one UPDATE), so a task delivered twice
    imports once. `progress(processed, total)` is called after each chunk.
    """
    claimed = ImportBatch.objects.filter(pk=batch_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, processed_rows=0
    )
    if not claimed:
        return 0
    batch = ImportBatch.objects.select_related("organization").get(pk=batch_id)
    organization = batch.organization
    key = progress_key(batch_id)
    cache.set(key, 0, PROGRESS_TIMEOUT)
    try:
        checked = check_file(organization=organization, data=batch.content, count_duplicates=False)
        if checked.errors:
            # The organization changed since the preview (e.g. a consultant code removed).
            _fail(batch_id, checked.errors)
            return 0
        rows, total = checked.rows, len(checked.rows)
        created = processed = 0
        with transaction.atomic():
            for start in range(0, total, CHUNK):
                results = services.record_responses(
                    organization=organization,
                    rows=rows[start : start + CHUNK],
                    source=Source.IMPORT,
                    import_batch=batch,
                )
                created += sum(1 for _response, is_new in results if is_new)
                processed += len(results)
                cache.set(key, processed, PROGRESS_TIMEOUT)
                if progress is not None:
                    progress(processed, total)
            ImportBatch.objects.filter(pk=batch_id).update(
                status=JobStatus.DONE,
                total_rows=total,
                processed_rows=processed,
                created_count=created,
                duplicate_count=processed - created,
                errors=[],
                content="",
                finished_at=timezone.now(),
            )
    except (ConnectionError, TimeoutError):
        # Transient: put it back in the queue so the task's retry can claim it again.
        ImportBatch.objects.filter(pk=batch_id, status=JobStatus.RUNNING).update(
            status=JobStatus.QUEUED
        )
        raise
    except ImportFileError as exc:
        _fail(batch_id, [{"line": None, "field": "", "message": exc.message}])
        return 0
    except Exception as exc:
        logger.exception("Import %s failed", batch_id)
        _fail(
            batch_id,
            [
                {
                    "line": None,
                    "field": "",
                    "message": _("The import failed and nothing was saved: %s") % exc,
                }
            ],
        )
        return 0
    cache.delete(key)
    return created
