from .selectors import memberships_for_user


def organization(request) -> dict:
    membership = getattr(request, "membership", None)
    return {
        "membership": membership,
        "organization": getattr(request, "organization", None),
        # Lazy: only templates that show the switcher run the query.
        "all_memberships": lambda: list(memberships_for_user(request.user)) if membership else [],
    }
