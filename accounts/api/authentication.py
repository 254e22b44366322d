from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from accounts.services import authenticate_api_key

KEYWORD = "Api-Key"


class ApiKeyAuthentication(authentication.BaseAuthentication):
    """`Authorization: Api-Key <key>`: acts for the key's organization, no user."""

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode(errors="replace")
        if not header.startswith(KEYWORD + " "):
            return None
        raw = header[len(KEYWORD) + 1 :].strip()
        key = authenticate_api_key(raw) if raw else None
        if key is None:
            raise exceptions.AuthenticationFailed(_("Invalid or revoked API key."))
        request.organization = key.organization
        request.membership = None
        return (None, key)

    def authenticate_header(self, request):
        return KEYWORD


class ApiKeyScheme(OpenApiAuthenticationExtension):
    target_class = ApiKeyAuthentication
    name = "ApiKeyAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Api-Key <key>`; administrators create keys under Settings → API keys.",
        }
