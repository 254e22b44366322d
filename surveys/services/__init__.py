"""Writes for surveys, survey links and responses, and the checks every answer passes
(one module each); import them from here: `from surveys import services`."""

from .checks import (
    CLOCK_SKEW,
    LOOKUP_CHUNK,
    MAX_BATCH,
    ResponseRow,
    RowErrors,
    check_comment,
    check_responses,
    check_score,
)
from .links import create_link, create_links_for_location, revoke_link
from .responses import (
    SAVE_ATTEMPTS,
    AlreadyAnswered,
    LinkClosed,
    answered_from_device,
    device_window,
    forget_old_device_answers,
    record_responses,
    submit_via_link,
)
from .surveys import create_survey, default_questions, update_survey

__all__ = [
    "CLOCK_SKEW",
    "LOOKUP_CHUNK",
    "MAX_BATCH",
    "SAVE_ATTEMPTS",
    "AlreadyAnswered",
    "LinkClosed",
    "ResponseRow",
    "RowErrors",
    "answered_from_device",
    "check_comment",
    "check_responses",
    "check_score",
    "create_link",
    "create_links_for_location",
    "create_survey",
    "default_questions",
    "device_window",
    "forget_old_device_answers",
    "record_responses",
    "revoke_link",
    "submit_via_link",
    "update_survey",
]
