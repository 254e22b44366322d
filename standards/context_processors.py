from .selectors import latest_unacknowledged_version


def pending_standards(request) -> dict:
    """The banner for staff: a published version they have not acknowledged yet."""
    membership = getattr(request, "membership", None)
    if membership is None or not membership.is_staff_member:
        return {}
    return {"pending_version": latest_unacknowledged_version(membership)}
