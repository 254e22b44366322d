from django.utils import timezone

from .selectors import current_membership

SESSION_KEY = "organization_id"


class OrganizationMiddleware:
    """Attach the user's current membership and organization to the request, and read and
    parse times on that member's clock for the rest of the request.

    With the member's zone active, every `|date`/`|time` in a template, every date or time
    field of a form and every `timezone.localdate()` in a view mean the same wall clock the
    member lives by (their location's, else the server's). Pages about one location's event
    (a review's interaction, a customer's answer) still say so with `{% timezone %}` and
    show the zone. Anonymous pages (the customer's survey) keep the server's default.
    """

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
        if request.membership is None:
            return self.get_response(request)
        # override() restores whatever was active before, also when the view raises, so a
        # worker thread never carries one member's zone into the next request.
        with timezone.override(request.membership.zone):
            return self.get_response(request)
