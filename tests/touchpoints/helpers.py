"""Small helpers for the touchpoints view tests."""

from touchpoints.models import Journey, Moment, PricelessNote, Touchpoint

# What django-htmx reads to set request.htmx.
HTMX = {"HTTP_HX_REQUEST": "true"}


def snapshot() -> dict:
    """Every row the views could change, to prove a refused request changed nothing."""
    return {
        "journeys": list(Journey.objects.values_list("id", "name", "description", "order")),
        "touchpoints": list(
            Touchpoint.objects.values_list("id", "name", "stage", "channel", "order")
        ),
        "moments": list(
            Moment.objects.values_list(
                "id", "name", "customer_expectation", "customer_feeling", "is_critical", "order"
            )
        ),
        "notes": list(PricelessNote.objects.values_list("id", "text")),
    }


def names_in_order(queryset) -> list[str]:
    return list(queryset.order_by("order", "id").values_list("name", flat=True))


def is_partial(response) -> bool:
    """An htmx answer is a fragment of the page, never a whole document."""
    return b"<html" not in response.content


def oob_messages(response) -> str:
    """The messages block htmx swaps in out of band."""
    html = response.content.decode()
    start = html.index('<div id="messages"')
    assert 'hx-swap-oob="true"' in html[start : start + 80]
    return html[start:]
