"""What the API asks of the rollups beyond `dashboards.selectors`: compliance narrowed to
one moment or one kind of review (ComplianceDaily keeps both), and the API's row order.

Still one SQL aggregate for the totals and one for the groups, over the rollup only.
"""

from django.db.models import QuerySet

from ..models import ComplianceDaily
from ..selectors import Scope, compliance_groups, compliance_rows, compliance_totals

TIME_GROUPINGS = ("week", "month")


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
    """Totals and groups of iron compliance and master rate (the selectors' figures over
    the narrowed rows), in the API's order: worst iron first (groups without iron items
    last), weeks and months in time order."""
    rows = narrowed_compliance_rows(scope, moment_id=moment_id, review_kind=review_kind)
    results = compliance_groups(scope, group_by, rows)
    if group_by not in TIME_GROUPINGS:
        # Where do we fail the iron standard most? (A stable sort: ties stay in key order.)
        results.sort(
            key=lambda r: (r["iron_rate"] is None, r["iron_rate"] or 0, r["master_rate"] or 0)
        )
    return {"totals": compliance_totals(scope, rows), "results": results}
