"""What other apps may listen to (the rollups), without surveys importing them."""

from django.dispatch import Signal

# Sent after commit: organization_id (int), utc_dates (sorted list of dates) that gained
# responses, local_dates (the same responses' days in their locations' time zones, or
# None when unknown) and interaction_refs (the answered interactions, possibly none).
responses_recorded = Signal()
