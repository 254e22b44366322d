"""What other apps may listen to (the rollups), without reviews importing them."""

from django.dispatch import Signal

# Sent inside the transaction (receivers record the work they owe in it) when a submitted
# review starts or stops counting (a submission, or a correction that supersedes an older
# review): organization_id (int), utc_dates (sorted list of the UTC dates of the
# reviews' interactions).
reviews_counted = Signal()
