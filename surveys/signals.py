"""What other apps may listen to (the rollups), without surveys importing them."""

from django.dispatch import Signal

# Sent after commit: organization_id (int), utc_dates (sorted list of dates) that gained
# responses. Receivers recompute those days (in every location's time zone).
responses_recorded = Signal()
