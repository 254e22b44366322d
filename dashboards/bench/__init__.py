"""The benchmark behind `make bench`: a synthetic organization (data.py), then ratios,
each against a baseline measured in the same run so the machine cancels out
(baseline.py, measures.py). The organization (slug `bench-…`) is deleted afterwards."""

from .data import Bench, create_bench, delete_bench, load_bench
from .measures import Line, measure_incremental, measure_pages, measure_rebuild, table

__all__ = [
    "Bench",
    "Line",
    "create_bench",
    "delete_bench",
    "load_bench",
    "measure_incremental",
    "measure_pages",
    "measure_rebuild",
    "table",
]
