"""What each CRUD resource of /api/v1/ needs in a test: bodies and the object to act on."""

from dataclasses import dataclass
from typing import Any

from standards.models import Behaviour
from touchpoints.models import Journey, Moment, Touchpoint


@dataclass(frozen=True)
class Resource:
    name: str  # as in the URL
    model: type
    parent: str | None  # the parent field, set at creation only

    def url(self, pk: int | None = None, action: str = "") -> str:
        url = f"/api/v1/{self.name}/"
        if pk is not None:
            url += f"{pk}/"
        return url + (f"{action}/" if action else "")

    def target(self, tree):
        """An object that has a predecessor, so it can move up."""
        return getattr(tree, self.name)[1]

    def create_body(self, tree) -> dict[str, Any]:
        parent = getattr(tree, self.name)[0]
        return {**BODIES[self.name], **self._parent_of(parent)}

    def update_body(self, obj) -> dict[str, Any]:
        return {**UPDATES[self.name], **self._parent_of(obj)}

    def patch_body(self) -> dict[str, Any]:
        return dict(PATCHES[self.name])

    def _parent_of(self, obj) -> dict[str, Any]:
        return {self.parent: getattr(obj, f"{self.parent}_id")} if self.parent else {}


BODIES = {
    "journeys": {"name": "Lunch", "description": "Weekday set menu"},
    "touchpoints": {"name": "Booking a table", "channel": "phone", "stage": "Before"},
    "moments": {
        "name": "The bill arrives",
        "is_critical": True,
        "customer_expectation": "No waiting for the bill",
        "customer_feeling": "Impatient",
    },
    "behaviours": {
        "kind": "master",
        "text": "Offer to split the bill without being asked",
        "example": "“Shall I split it three ways?”",
    },
}
UPDATES = {
    "journeys": {"name": "Dinner for two", "description": "Evening visit"},
    "touchpoints": {"name": "Paying at the table", "channel": "in_person", "stage": "After"},
    "moments": {
        "name": "Menu questions answered",
        "is_critical": True,
        "customer_expectation": "Honest advice",
        "customer_feeling": "Curious",
    },
    "behaviours": {"kind": "iron", "text": "Read the order back in full", "example": ""},
}
PATCHES = {
    "journeys": {"name": "Late dinner"},
    "touchpoints": {"name": "Paying by card"},
    "moments": {"is_critical": False},
    "behaviours": {"text": "Read the order back, then thank the guest"},
}

RESOURCES = {
    r.name: r
    for r in (
        Resource("journeys", Journey, None),
        Resource("touchpoints", Touchpoint, "journey"),
        Resource("moments", Moment, "touchpoint"),
        Resource("behaviours", Behaviour, "moment"),
    )
}
