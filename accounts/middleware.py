from .selectors import current_membership

SESSION_KEY = "organization_id"


class OrganizationMiddleware:
    """Attach the user's current membership and organization to the request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.membership = None
        request.organization = None
        if getattr(request, "user", None) is not None and request.user.is_authenticated:
            membership = current_membership(request.user, request.session.get(SESSION_KEY))
            if membership is not None:
                request.membership = membership
                request.organization = membership.organization
        return self.get_response(request)
