"""Dashboard tables as CSV and XLSX: the same figures as on screen, from the selectors.

Each table is built by one function of a `Scope` that returns translated column names and
one row per group; the figures come straight from dashboards.selectors (nothing is
recomputed here). CSV is UTF-8 with a BOM so that Excel reads Polish, Russian and Romanian
names; text that starts like a formula is defused (names of locations, moments and
behaviours are typed by people). Both are common/files.py's.
"""

import io
from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpResponse
from django.utils.translation import gettext as _

from common import files

from . import selectors
from .overview import trend_unit
from .selectors import Scope

FORMATS = ("csv", "xlsx")


@dataclass(frozen=True)
class Table:
    """A finished table: a sheet name, translated column names and rows of values."""

    name: str
    columns: list[str]
    rows: list[list]


def _survey_columns() -> list[str]:
    return [
        _("NPS answers"),
        _("NPS"),
        _("NPS margin of error"),
        _("NPS lower bound"),
        _("CSAT answers"),
        _("CSAT %"),
        _("CSAT margin of error"),
    ]


def _survey_values(nps: dict | None, csat: dict | None) -> list:
    nps, csat = nps or {}, csat or {}
    return [
        nps.get("n", 0),
        nps.get("score"),
        nps.get("margin"),
        nps.get("lower"),
        csat.get("n", 0),
        csat.get("score"),
        csat.get("margin"),
    ]


def _compliance_columns() -> list[str]:
    return [
        _("Iron behaviours scored (met + not met)"),
        _("Iron compliance %"),
        _("Master behaviours scored (met + not met)"),
        _("Master rate %"),
    ]


def _compliance_values(row: dict | None) -> list:
    row = row or {}
    return [
        row.get("iron_applicable", 0),
        row.get("iron_rate"),
        row.get("master_applicable", 0),
        row.get("master_rate"),
    ]


def _by_key(rows: list[dict]) -> dict:
    return {row["key"]: row for row in rows}


def _grouped(scope: Scope, group_by: str) -> list[tuple]:
    """NPS, CSAT and compliance of each group (three aggregates), merged on the key."""
    nps = _by_key(selectors.survey_groups(scope, "nps", group_by))
    csat = _by_key(selectors.survey_groups(scope, "csat", group_by))
    compliance = _by_key(selectors.compliance_groups(scope, group_by))
    keys = {*nps, *csat, *compliance}
    groups = []
    for key in keys:
        any_row = nps.get(key) or csat.get(key) or compliance.get(key)
        groups.append((key, any_row["label"], nps.get(key), csat.get(key), compliance.get(key)))
    return groups


def trend_table(scope: Scope, min_sample: int) -> Table:
    """Per week, or per month over long periods: the overview's trend unit."""
    unit = trend_unit(scope)
    groups = sorted((g for g in _grouped(scope, unit) if g[0] is not None), key=lambda g: g[0])
    rows = [
        [key, *_survey_values(nps, csat), *_compliance_values(compliance)]
        for key, _label, nps, csat, compliance in groups
    ]
    heading = _("Month") if unit == "month" else _("Week of")
    return Table(_("Trend"), [heading, *_survey_columns(), *_compliance_columns()], rows)


def _named_groups_table(scope: Scope, group_by: str, name: str, heading: str) -> Table:
    other = _("(none)")
    groups = sorted(_grouped(scope, group_by), key=lambda g: (g[0] is None, g[1] or ""))
    rows = [
        [label or other, *_survey_values(nps, csat), *_compliance_values(compliance)]
        for _key, label, nps, csat, compliance in groups
    ]
    return Table(name, [heading, *_survey_columns(), *_compliance_columns()], rows)


def locations_table(scope: Scope, min_sample: int) -> Table:
    return _named_groups_table(scope, "location", _("Locations"), _("Location"))


def moments_table(scope: Scope, min_sample: int) -> Table:
    return _named_groups_table(scope, "moment", _("Moments"), _("Moment"))


def leaderboard_table(scope: Scope, min_sample: int) -> Table:
    """Ranked consultants first (by the lower bound of NPS), then those without enough
    answers, unranked, with that status."""
    board = selectors.leaderboard(scope, "nps", min_sample)
    columns = [
        _("Rank"),
        _("Consultant"),
        _("Employee code"),
        _("NPS answers"),
        _("NPS"),
        _("NPS margin of error"),
        _("NPS lower bound"),
        _("Status"),
    ]
    ranked, too_few = _("ranked"), _("not enough data")
    rows = [
        [r.get("rank"), r["label"], r.get("code") or "", r["n"], r["score"], r["margin"]]
        + [r["lower"], ranked if "rank" in r else too_few]
        for r in [*board["ranked"], *board["not_enough_data"]]
    ]
    return Table(_("Leaderboard"), columns, rows)


def drivers_table(scope: Scope, min_sample: int) -> Table:
    tiers = {"iron": _("iron"), "master": _("master")}
    flags = {
        "iron_no_effect": _("iron behaviour whose failure does not raise detractors"),
        "master_no_lift": _("master behaviour that does not lift promoters"),
    }
    columns = [
        _("Behaviour"),
        _("Tier"),
        _("Answers when met"),
        _("NPS when met"),
        _("Answers when not met"),
        _("NPS when not met"),
        _("Difference"),
        _("Difference low (95%)"),
        _("Difference high (95%)"),
        _("Status"),
        _("Contradicts its tier"),
    ]
    rows = []
    for entry in selectors.drivers(scope, min_sample):
        met, not_met, difference = entry["met"], entry["not_met"], entry["difference"]
        rows.append(
            [
                entry["label"],
                tiers.get(entry["kind_of"], entry["kind_of"]),
                met["n"],
                met["nps"],
                not_met["n"],
                not_met["nps"],
                difference["delta"],
                difference["low"],
                difference["high"],
                _("enough data") if entry["enough_data"] else _("not enough data"),
                flags.get(entry["flag"], ""),
            ]
        )
    return Table(_("Drivers"), columns, rows)


TABLES: dict[str, Callable[[Scope, int], Table]] = {
    "trend": trend_table,
    "locations": locations_table,
    "moments": moments_table,
    "leaderboard": leaderboard_table,
    "drivers": drivers_table,
}


def build_table(table: str, scope: Scope, min_sample: int) -> Table:
    return TABLES[table](scope, min_sample)


def filename(table: str, scope: Scope, fmt: str) -> str:
    return f"cxm-{table}-{scope.date_from.isoformat()}-{scope.date_to.isoformat()}.{fmt}"


def csv_bytes(table: Table) -> bytes:
    return files.csv_bytes(table.columns, table.rows)


def xlsx_bytes(table: Table) -> bytes:
    buffer = io.BytesIO()
    files.write_xlsx(buffer, sheet_name=table.name, columns=table.columns, rows=table.rows)
    return buffer.getvalue()


def response(table: Table, fmt: str, name: str) -> HttpResponse:
    """The table as a download; dashboard tables are small (one row per group)."""
    if fmt == "csv":
        body, content_type = csv_bytes(table), files.CSV_TYPE
    else:
        body, content_type = xlsx_bytes(table), files.XLSX_TYPE
    result = HttpResponse(body, content_type=content_type)
    result["Content-Disposition"] = f'attachment; filename="{name}"'
    return result
