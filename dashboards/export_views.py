"""Every dashboard table as CSV or XLSX, with the overview's filters from the query string.

Executives, admins and managers export; a manager with a location is pinned to it by the
filter form, and staff have no dashboard tables (their scorecard is their own). Refused
filters answer 400 with the reasons in plain text: a file with unfiltered figures under a
filter the reader thinks applied would mislead.
"""

from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts.choices import Role
from accounts.decorators import role_required

from . import exports
from .forms import DashboardFilterForm

EXPORT_ROLES = (Role.EXECUTIVE, Role.ADMIN, Role.MANAGER)


@role_required(*EXPORT_ROLES)
@require_GET
def export(request: HttpRequest, table: str, fmt: str) -> HttpResponse:
    if table not in exports.TABLES or fmt not in exports.FORMATS:
        raise Http404
    membership = request.membership
    with timezone.override(membership.zone):
        form = DashboardFilterForm(request.GET, membership=membership)
        if not form.is_valid():
            reasons = [str(error) for errors in form.errors.values() for error in errors]
            return HttpResponse(
                "\n".join(reasons), status=400, content_type="text/plain; charset=utf-8"
            )
        scope = form.scope()
        built = exports.build_table(table, scope, membership.organization.min_sample)
        return exports.response(built, fmt, exports.filename(table, scope, fmt))
