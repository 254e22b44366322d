"""The weeks and months of a trend: where each bucket ends and what a reader must know
before comparing it with its neighbours."""

from calendar import monthrange
from datetime import date, timedelta


def bucket_end(start: date, unit: str) -> date:
    """The last day of the week (Monday to Sunday) or calendar month starting `start`."""
    if unit == "month":
        return start.replace(day=monthrange(start.year, start.month)[1])
    return start + timedelta(days=6)


def mark_buckets(
    rows: list[dict],
    *,
    unit: str,
    date_from: date | None,
    date_to: date | None,
    today: date,
    min_sample: int,
) -> list[dict]:
    """Marks each bucket of a trend (rows keyed by the first day of their week or month)
    with what a reader must know before comparing it with its neighbours:

    - `partial`: the period cuts the bucket (it starts after the bucket's first day or
      ends before its last), or the bucket is not over yet (it reaches today). A partial
      bucket holds fewer days of answers than a whole one; `covered` of `days` says how
      many it has.
    - `enough`: it has at least `min_sample` answers. A bucket below it is not read as a
      point on a chart (one answer of 1 would draw CSAT 0%).
    """
    for row in rows:
        start = row["key"]
        end = bucket_end(start, unit)
        first = max(start, date_from) if date_from else start
        last = min(end, date_to) if date_to else end
        last = min(last, today)
        row["start"], row["end"] = start, end
        row["days"] = (end - start).days + 1
        row["covered"] = max((last - first).days + 1, 0)
        row["partial"] = first > start or last < end or last >= today
        row["enough"] = (row.get("n") or 0) >= max(min_sample, 1)
    return rows
