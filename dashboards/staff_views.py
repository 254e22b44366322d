"""The staff scorecard: a consultant's own NPS, CSAT, trend, comments, compliance per
moment and standing in their team.

Only staff have a scorecard (managers and executives use the overview). The period is the
only filter: the scope is pinned to the logged-in consultant, so query parameters naming
another consultant or location change nothing. With htmx a period change swaps the
`results` partial and pushes the URL; refused filters answer 400 with no figures.
"""

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts.choices import Role
from accounts.decorators import role_required
from common.htmx import render_page

from .forms import DashboardFilterForm
from .scorecard import scorecard as build_scorecard

SCORECARD_PAGE = "dashboards/scorecard.html"


class ScorecardFilterForm(DashboardFilterForm):
    """The dashboard filters less location, journey and channel: a scorecard covers
    everything the consultant did in the period, and nothing of anyone else."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("location", "journey", "channel"):
            del self.fields[name]


@role_required(Role.STAFF)
@require_GET
def scorecard(request: HttpRequest) -> HttpResponse:
    membership = request.membership
    with timezone.override(membership.zone):
        form = ScorecardFilterForm(request.GET, membership=membership)
        context: dict = {"form": form, "nav": "scorecard"}
        if form.is_valid():
            context["card"] = build_scorecard(membership, form.scope())
            context["period"] = form.cleaned_data
        return render_page(request, SCORECARD_PAGE, context, status=200 if form.is_valid() else 400)
