"""Reading the compliance pages in the tests."""

from django.urls import reverse

HTMX = {"HTTP_HX_REQUEST": "true"}


def get(client, name, *args, **params):
    return client.get(reverse(f"reviews:{name}", args=args), params)


def headline(response) -> tuple:
    totals = response.context["report"]["totals"]
    return (
        totals["iron_met"],
        totals["iron_applicable"],
        totals["iron_rate"],
        totals["master_met"],
        totals["master_applicable"],
        totals["master_rate"],
        totals["reviews"],
    )
