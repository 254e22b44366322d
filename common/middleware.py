"""Response headers every page needs."""

from django.utils.cache import patch_cache_control


class PrivatePagesMiddleware:
    """Signed-in pages and the API carry customer data (names, comments, scores, a new
    API key): `Cache-Control: private, no-store`, so neither a shared proxy nor the
    browser's back button keeps a copy. A view that set its own Cache-Control keeps it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.has_header("Cache-Control"):
            return response
        user = getattr(request, "user", None)
        if request.path.startswith("/api/") or (user is not None and user.is_authenticated):
            patch_cache_control(response, private=True, no_store=True)
        return response
