"""What other apps may listen to (the rollups), without reviews importing them."""

from django.dispatch import Signal

# Sent after commit when a submitted review starts or stops counting (a submission, or a
# correction that supersedes an older review): organization_id (int), utc_dates (sorted
# list of the UTC dates of the reviews' interactions).
reviews_counted = Signal()
