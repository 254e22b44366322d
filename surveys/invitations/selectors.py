"""Permission-scoped reads of e-mail invitations and their batches."""

from django.db.models import Count, Q, QuerySet

from accounts.models import Membership

from ..choices import InvitationStatus
from ..imports.selectors import own_jobs
from ..models import Invitation, InvitationBatch


def invitation_batches_for(membership: Membership) -> QuerySet[InvitationBatch]:
    """Batches with their progress counted in SQL."""
    batches = InvitationBatch.objects.filter(organization_id=membership.organization_id)
    return (
        own_jobs(batches, membership)
        .select_related("survey", "created_by")
        .annotate(
            total=Count("invitations"),
            sent=Count("invitations", filter=Q(invitations__status=InvitationStatus.SENT)),
            skipped=Count("invitations", filter=Q(invitations__status=InvitationStatus.SKIPPED)),
            failed=Count("invitations", filter=Q(invitations__status=InvitationStatus.FAILED)),
            pending=Count("invitations", filter=Q(invitations__status=InvitationStatus.PENDING)),
            # Of the pending ones: tried already, waiting for their next try.
            retrying=Count(
                "invitations",
                filter=Q(invitations__status=InvitationStatus.PENDING, invitations__attempts__gt=0),
            ),
            cancelled=Count(
                "invitations", filter=Q(invitations__status=InvitationStatus.CANCELLED)
            ),
        )
    )


def invitation_batch_for(membership: Membership, pk: int) -> InvitationBatch:
    return invitation_batches_for(membership).get(pk=pk)


def invitations_of(batch: InvitationBatch) -> QuerySet[Invitation]:
    return batch.invitations.select_related("consultant__user", "link")


def invitations_waiting_count() -> int:
    """Invitations of every organization whose e-mail is still to be sent (monitoring)."""
    return Invitation.objects.filter(status=InvitationStatus.PENDING).count()
