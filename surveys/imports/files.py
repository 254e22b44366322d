"""Reading and checking a CSV file of responses, before anything is saved.

A file is checked in full: its encoding (UTF-8 with or without a BOM), its header (known
columns only, the required ones present), and every row by the same rules as any other
response (checks.check_responses), with errors reported by CSV line. Rows without an
external_id get one derived from the file and their content (derive_external_ids).
"""

import csv
import hashlib
import io
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from accounts.models import Organization

from ..intake import checks
from ..intake.services import with_external_ids

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
MAX_STORED_ERRORS = 200
# Columns whose value an error repeats, so the reader sees which code was not found.
NAMED_VALUES = ("consultant", "location", "survey", "touchpoint", "moment", "channel")
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
    # Rows already saved: in all, and of them those with an id derived from this file.
    duplicates: int = 0
    duplicates_file: int = 0


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


def _content(row: dict) -> str:
    return "\x1f".join(f"{name}={row.get(name, '')}" for name in COLUMNS)


def derive_external_ids(rows: Sequence[dict]) -> None:
    """Give each row without an external_id one made from the file and its content.

    The file is its rows as read (so a BOM, line endings, quoting, the separator or the
    order of the columns do not make another file); a row is its content and its
    occurrence among identical rows of the file. Imported again, the same file finds
    every row already present. An identical row in another file is another answer: the
    same minute, score and consultant happen (two tables rating a waiter 10 at 19:30).
    """
    contents = [_content(row) for row in rows]
    file_digest = hashlib.sha256("\x1e".join(contents).encode()).hexdigest()
    seen: Counter = Counter()
    for row, content in zip(rows, contents, strict=True):
        if row.get("external_id"):
            continue
        seen[content] += 1
        key = f"{file_digest}\x1d{content}\x1e{seen[content]}"
        row["external_id"] = DERIVED_PREFIX + hashlib.sha256(key.encode()).hexdigest()


def _field_order(name: str) -> int:
    return COLUMNS.index(name) if name in COLUMNS else len(COLUMNS)


def _line_errors(error: checks.RowErrors, parsed: _Parsed) -> list[dict]:
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
            error = {"line": line, "field": name, "message": message}
            value = parsed.rows[index].get(name, "")
            if name in NAMED_VALUES and value:
                # "Unknown consultant code" alone leaves the reader hunting for which one.
                error["value"] = value[:80]
            errors.append(error)
    return errors


def _count_present(organization: Organization, external_ids: list[str]) -> tuple[int, int]:
    """How many of the ids are saved already: in all, and of them the derived ones."""
    present = derived = 0
    step = checks.LOOKUP_CHUNK
    for start in range(0, len(external_ids), step):
        found = with_external_ids(organization, external_ids[start : start + step])
        counts = found.aggregate(
            all=Count("pk"),
            derived=Count("pk", filter=Q(external_id__startswith=DERIVED_PREFIX)),
        )
        present += counts["all"]
        derived += counts["derived"]
    return present, derived


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
        rows = checks.check_responses(organization=organization, rows=parsed.rows, max_rows=None)
    except checks.RowErrors as error:
        errors += _line_errors(error, parsed)
        rows = []
    if errors:
        checked.errors = _sorted_errors(errors)
        return checked
    checked.rows = rows
    if count_duplicates:
        checked.duplicates, checked.duplicates_file = _count_present(
            organization, [row.external_id for row in rows]
        )
    return checked
