"""What the API asks of the rollups beyond `dashboards.selectors`: compliance narrowed to
one moment or one kind of review (ComplianceDaily keeps both), and the API's row order.

Still one SQL aggregate for the totals and one for the groups, over the rollup only.
"""

from django.db.models import QuerySet

from .. import figures
from ..models import ComplianceDaily
from ..selectors import (
    COMPLIANCE_GROUPINGS,
    COMPLIANCE_KEYS,
    COMPLIANCE_SUMS,
    Scope,
    _label,
    _zeros,
    compliance_rows,
)

TIME_GROUPINGS = ("day", "week", "month")
# selectors.COMPLIANCE_KEYS["behaviour"] names an annotation `moment_id`, which Django
# refuses ("conflicts with a field on the model"); the API needs only the moment's name.
KEYS = {
    **COMPLIANCE_KEYS,
    "behaviour": {
        name: value for name, value in COMPLIANCE_KEYS["behaviour"].items() if name != "moment_id"
    },
}


def narrowed_compliance_rows(
    scope: Scope, *, moment_id: int | None = None, review_kind: str | None = None
) -> QuerySet[ComplianceDaily]:
    """`selectors.compliance_rows(scope)`, further restricted to a moment and a kind of
    review (self, observation, mystery shop, call review)."""
    rows = compliance_rows(scope)
    if moment_id:
        rows = rows.filter(moment_id=moment_id)
    if review_kind:
        rows = rows.filter(review_kind=review_kind)
    return rows


def compliance_report(
    scope: Scope,
    group_by: str,
    *,
    moment_id: int | None = None,
    review_kind: str | None = None,
) -> dict:
    """Totals and groups of iron compliance and master rate, as `compliance_totals` and
    `compliance_groups` compute them, in the API's order: worst iron first (groups
    without iron items last), weeks and months in time order."""
    if group_by not in COMPLIANCE_GROUPINGS:
        raise ValueError(f"unknown grouping {group_by!r}")
    rows = narrowed_compliance_rows(scope, moment_id=moment_id, review_kind=review_kind)
    totals = figures.compliance_figures(_zeros(rows.aggregate(**COMPLIANCE_SUMS), COMPLIANCE_SUMS))
    grouped = rows.values(**KEYS[group_by]).annotate(**COMPLIANCE_SUMS).order_by("key")
    results = [
        figures.compliance_figures(_zeros(_label(dict(row), group_by), COMPLIANCE_SUMS))
        for row in grouped
    ]
    if group_by == "behaviour":
        # A review scores a behaviour once, so its items are its reviews. (Summed here:
        # in the SQL, F("not_applicable") would name the aggregate of the same name.)
        for row in results:
            row["reviews"] = (
                row["iron_applicable"] + row["master_applicable"] + row["not_applicable"]
            )
    if group_by not in TIME_GROUPINGS:
        # Where do we fail the iron standard most? (A stable sort: ties stay in key order.)
        results.sort(
            key=lambda r: (r["iron_rate"] is None, r["iron_rate"] or 0, r["master_rate"] or 0)
        )
    return {"totals": totals, "results": results}
