"""Which organization an API request acts for: set on the request by the API-key
authentication or by the session's tenancy middleware (both in accounts), read here so
the kit below needs no app."""


def api_organization(request):
    """The organization an API request acts for (from the key or the session)."""
    return getattr(request, "organization", None)
