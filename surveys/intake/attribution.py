"""What an answer is credited to: the one rule for a link when it is made, a row of the
API or a CSV import when it is checked, and an answer through a link when it is saved."""

from dataclasses import dataclass

from accounts.models import Location, Membership
from touchpoints.models import Moment, Touchpoint

from ..models import Survey


@dataclass(frozen=True)
class Credit:
    """The consultant, location, touchpoint, moment and channel an answer counts for."""

    consultant: Membership | None
    location: Location | None
    touchpoint: Touchpoint | None
    moment: Moment | None
    channel: str


def credit(
    *,
    survey: Survey | None,
    consultant: Membership | None = None,
    location: Location | None = None,
    touchpoint: Touchpoint | None = None,
    moment: Moment | None = None,
    channel: str = "",
) -> Credit:
    """The given context, completed: the consultant's location when no location is
    given; a moment's touchpoint; the survey's touchpoint and moment when neither is
    given (a touchpoint without a moment keeps no moment of the survey's); the
    touchpoint's channel when no channel is given. Nothing here checks that the parts
    belong together: the callers do, each with its own errors."""
    if location is None and consultant is not None:
        location = consultant.location
    if touchpoint is None and moment is not None:
        touchpoint = moment.touchpoint
    if touchpoint is None and survey is not None:
        touchpoint, moment = survey.touchpoint, survey.moment
    return Credit(
        consultant=consultant,
        location=location,
        touchpoint=touchpoint,
        moment=moment,
        channel=channel or (touchpoint.channel if touchpoint else ""),
    )
