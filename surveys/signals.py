"""What other apps may listen to (the rollups), without surveys importing them."""

from django.dispatch import Signal

# Sent inside the transaction that saves the responses: receivers record the work they
# owe in it, and defer anything else to on_commit. Arguments: organization_id (int),
# utc_dates (sorted list of dates) that gained responses, local_dates (the same
# responses' days in their locations' time zones, or None when unknown) and
# interaction_refs (the answered interactions, possibly none).
responses_recorded = Signal()
