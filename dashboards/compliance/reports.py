"""Compliance figures, read from the daily compliance rollup only: the one engine behind the
compliance pages, the dashboards, the recipes and /api/v1/compliance/.

Days are local days of each review's location (the rollup's), whoever reads and wherever
the server is. Beyond `dashboards.selectors` the rollup can be narrowed to one moment or
one kind of review (ComplianceDaily keeps both). Still one SQL aggregate for the totals and
one per grouping, whatever the number of reviews.
"""

from dataclasses import dataclass, replace
from datetime import date

from django.db.models import QuerySet

from accounts.models import Membership
from accounts.selectors import visibility

from ..models import ComplianceDaily
from ..selectors import Scope, compliance_groups, compliance_rows, compliance_totals

TIME_GROUPINGS = ("week", "month")


@dataclass(frozen=True)
class ComplianceFilter:
    """What a compliance figure is restricted to; every field optional."""

    date_from: date | None = None
    date_to: date | None = None
    location_id: int | None = None
    moment_id: int | None = None
    consultant_id: int | None = None
    review_kind: str | None = None
    # What the reader may see (accounts.selectors.visibility); None: every location.
    location_ids: tuple[int, ...] | None = None

    def seen_by(self, membership: Membership) -> "ComplianceFilter":
        """This filter within what the member sees."""
        seen = visibility(membership)
        return replace(
            self,
            location_ids=seen.location_ids,
            consultant_id=seen.consultant_id or self.consultant_id,
        )

    def scope(self, organization_id: int) -> Scope:
        """The rollup selectors' scope: one location, within the visible ones."""
        location_ids = self.location_ids
        if self.location_id:
            visible = location_ids is None or self.location_id in location_ids
            location_ids = (self.location_id,) if visible else ()
        return Scope(
            organization_id=organization_id,
            date_from=self.date_from,
            date_to=self.date_to,
            location_ids=location_ids,
            consultant_id=self.consultant_id,
        )


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


def ordered_groups(
    scope: Scope, group_by: str, rows: QuerySet[ComplianceDaily], *, one_moment: bool = False
) -> list[dict]:
    """The groups of `rows`, worst iron first (groups without iron items last), weeks and
    months in time order."""
    results = compliance_groups(scope, group_by, rows, one_moment=one_moment)
    if group_by not in TIME_GROUPINGS:
        # Where do we fail the iron standard most? (A stable sort: ties stay in key order.)
        results.sort(
            key=lambda r: (r["iron_rate"] is None, r["iron_rate"] or 0, r["master_rate"] or 0)
        )
    return results


def compliance_report(
    scope: Scope,
    group_by: str,
    *,
    moment_id: int | None = None,
    review_kind: str | None = None,
) -> dict:
    """Totals and groups of iron compliance and master rate, in the API's order."""
    rows = narrowed_compliance_rows(scope, moment_id=moment_id, review_kind=review_kind)
    one_moment = bool(moment_id)
    return {
        "totals": compliance_totals(scope, rows, one_moment=one_moment),
        "results": ordered_groups(scope, group_by, rows, one_moment=one_moment),
    }


def filtered_rows(organization_id: int, filters: ComplianceFilter) -> tuple[Scope, QuerySet]:
    scope = filters.scope(organization_id)
    rows = narrowed_compliance_rows(
        scope, moment_id=filters.moment_id, review_kind=filters.review_kind
    )
    return scope, rows


def filtered_groups(
    organization_id: int, group_by: str, filters: ComplianceFilter = ComplianceFilter()
) -> list[dict]:
    """Iron compliance and master rate per group, worst iron first."""
    scope, rows = filtered_rows(organization_id, filters)
    return ordered_groups(scope, group_by, rows, one_moment=bool(filters.moment_id))


def filtered_totals(organization_id: int, filters: ComplianceFilter = ComplianceFilter()) -> dict:
    """The two headline figures (and the reviews that count) for the filtered set."""
    scope, rows = filtered_rows(organization_id, filters)
    return compliance_totals(scope, rows, one_moment=bool(filters.moment_id))


def page_report(
    organization_id: int, filters: ComplianceFilter, groupings: tuple[str, ...]
) -> dict:
    """What a compliance page shows: the headline figures and, per grouping, its rows.

    "behaviour" comes back split by tier: `iron_behaviours` worst iron first,
    `master_behaviours` least delivered first; the others as `by_<group>`.
    """
    scope, rows = filtered_rows(organization_id, filters)
    one_moment = bool(filters.moment_id)
    report: dict = {"totals": compliance_totals(scope, rows, one_moment=one_moment)}
    for group_by in groupings:
        groups = ordered_groups(scope, group_by, rows, one_moment=one_moment)
        if group_by == "behaviour":
            # Loops over a handful of aggregated groups, not over review items.
            report["iron_behaviours"] = [row for row in groups if row["kind_of"] == "iron"]
            report["master_behaviours"] = sorted(
                (row for row in groups if row["kind_of"] == "master"),
                key=lambda row: (row["master_rate"] is None, row["master_rate"] or 0),
            )
        else:
            report[f"by_{group_by}"] = groups
    return report
