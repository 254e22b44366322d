"""API rate limits per API key and per signed-in user (DRF throttles, counted in the
cache). When the cache is away the count cannot be read and requests go through: a
till's answers matter more than the limit for the length of an outage (common/cache.py
turns the misses into "no history yet")."""

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from accounts.models import ApiKey


class _SettingsRateThrottle(SimpleRateThrottle):
    # Read the rate when asked, not once at import: operators and tests change it.
    def get_rate(self):
        return settings.API_THROTTLE_RATES[self.scope]


class ApiKeyRateThrottle(_SettingsRateThrottle):
    """Requests per API key (all machines sharing the key together)."""

    scope = "api_key"

    def get_cache_key(self, request, view):
        if not isinstance(request.auth, ApiKey):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}


class UserRateThrottle(_SettingsRateThrottle):
    """Requests per signed-in person (the browser's session)."""

    scope = "user"

    def get_cache_key(self, request, view):
        if isinstance(request.auth, ApiKey) or not request.user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.user.pk}
