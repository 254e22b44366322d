"""Permission-scoped reads of CSV imports."""

from django.db.models import QuerySet

from accounts.models import Membership
from accounts.selectors import visibility

from ..choices import JobStatus
from ..models import ImportBatch


def own_jobs(jobs: QuerySet, membership: Membership) -> QuerySet:
    """A file of responses or a list of recipients can hold any location's customers, so
    a location manager sees the imports and invitation batches they started; whoever sees
    the whole organization sees them all."""
    if visibility(membership).location_ids is None:
        return jobs
    return jobs.filter(created_by_id=membership.user_id)


def imports_for(membership: Membership) -> QuerySet[ImportBatch]:
    imports = ImportBatch.objects.filter(organization_id=membership.organization_id)
    return own_jobs(imports, membership).select_related("created_by")


def import_for(membership: Membership, pk: int) -> ImportBatch:
    return imports_for(membership).get(pk=pk)


def imports_waiting_count() -> int:
    """Imports of every organization queued or running (for monitoring)."""
    return ImportBatch.objects.filter(status__in=[JobStatus.QUEUED, JobStatus.RUNNING]).count()
