"""Answers are looked up by external id in lists of 500 (retries, imports). PostgreSQL
may answer that from the partial unique index only when the query repeats the index's
predicate; without it each list scanned the whole responses table (78 ms at 628k rows,
growing with the table)."""

import pytest
from django.db import connection, transaction

from surveys.intake.services import with_external_ids

pytestmark = pytest.mark.django_db


def test_a_list_of_external_ids_is_looked_up_through_the_unique_index(organization):
    if connection.vendor != "postgresql":
        pytest.skip("the query plan checked is PostgreSQL's (CI's second pass runs it)")
    ids = [f"order-{number}" for number in range(500)]
    with transaction.atomic(), connection.cursor() as cursor:
        # An empty table would be scanned whatever the query: ask for the index if usable.
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = with_external_ids(organization, ids).explain()

    assert "response_external_id_unique" in plan
