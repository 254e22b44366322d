"""Base classes the API's viewsets declare themselves on.

A concrete viewset only says where its rows come from (`get_queryset`, a selector
scoped by `api_organization(request)`), how they look (`serializer_class`), how
they are filtered (`filterset_class`) and, where a service must run instead of a
plain delete or reorder, `perform_destroy` / `perform_move`. Writes go through the
services from the serializers; the services' ValidationErrors become 400s here.
"""

from functools import cache
from importlib import import_module

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import JSONParser
from rest_framework.permissions import SAFE_METHODS
from rest_framework.response import Response

from common.db import retry_on_conflict

from .errors import PayloadTooLarge, service_errors
from .fields import StrictChoiceField
from .pagination import PageNumberPagination
from .schema import ApiAutoSchema


@cache
def _idempotency_store():
    # The records belong to API keys and organizations (accounts): the setting names the
    # module that keeps them (`wanted`, `begin`, `keep`, `Replay`), so this kit needs no app.
    return import_module(settings.API_IDEMPOTENCY)


class WriteMixin:
    """Every write of the API runs in one transaction, together with the record of its
    `Idempotency-Key` (settings.API_IDEMPOTENCY) if it sent one; a transaction PostgreSQL aborts as
    a deadlock or a serialization failure runs again before the client sees an error.
    The body is read (and so kept for a second run) before anything else: one over
    DATA_UPLOAD_MAX_MEMORY_SIZE is the API's JSON 413, not Django's HTML 400."""

    payload_too_large = PayloadTooLarge
    _idempotency = None
    _idempotency_failed = False

    def dispatch(self, request, *args, **kwargs):
        if request.method in SAFE_METHODS:
            return super().dispatch(request, *args, **kwargs)
        return retry_on_conflict(self._write)(request, *args, **kwargs)

    def _write(self, request, *args, **kwargs):
        self._idempotency, self._idempotency_failed = None, False
        response = super().dispatch(request, *args, **kwargs)
        if self._idempotency_failed:
            # A server error: neither the write nor its key is kept, so a retry runs afresh.
            transaction.set_rollback(True)
        return response

    def initial(self, request, *args, **kwargs):
        try:
            request._request.body  # noqa: B018  (read and kept, or too big)
        except RequestDataTooBig as exc:
            raise self.payload_too_large() from exc
        super().initial(request, *args, **kwargs)
        if _idempotency_store().wanted(request):
            self._idempotency = _idempotency_store().begin(request)

    def handle_exception(self, exc):
        if isinstance(exc, _idempotency_store().Replay):
            return exc.response
        return super().handle_exception(exc)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        record = self._idempotency
        if record is not None and not _idempotency_store().keep(record, response):
            self._idempotency_failed = True
        return response


class OrganizationViewSetMixin(WriteMixin):
    """JSON in, JSON out, errors documented; rows always from the request's organization."""

    # JSON only: form encodings would turn every typed field into a string.
    parser_classes = [JSONParser]
    pagination_class = PageNumberPagination
    schema = ApiAutoSchema()


class OrganizationModelViewSet(OrganizationViewSetMixin, viewsets.ModelViewSet):
    """CRUD whose writes call services; a service's ValidationError is a 400."""

    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]

    def create(self, request, *args, **kwargs):
        with service_errors():
            return super().create(request, *args, **kwargs)

    def update(self, request, *args, **kwargs):
        with service_errors():
            return super().update(request, *args, **kwargs)

    def destroy(self, request, *args, **kwargs):
        with service_errors():
            return super().destroy(request, *args, **kwargs)


class OrganizationReadOnlyViewSet(OrganizationViewSetMixin, viewsets.ReadOnlyModelViewSet):
    pass


class Direction(models.TextChoices):
    # The values touchpoints.services.move takes.
    UP = "up", _("Up (earlier)")
    DOWN = "down", _("Down (later)")


class MoveSerializer(serializers.Serializer):
    direction = StrictChoiceField(choices=Direction.choices)


class MoveMixin:
    """`POST …/{id}/move/` with {"direction": "up" | "down"}: one place among its siblings."""

    def perform_move(self, instance, direction: str):  # pragma: no cover - declared by views
        raise NotImplementedError

    @extend_schema(
        request=MoveSerializer,
        description="Move one place up (earlier) or down (later) among its siblings. "
        "Moving the first item up or the last one down is a 400 with a message "
        "under `direction`. The response is the item with its new `order`.",
    )
    @action(detail=True, methods=["post"])
    def move(self, request, *args, **kwargs):
        instance = self.get_object()
        payload = MoveSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        with service_errors(field="direction"):
            instance = self.perform_move(instance, payload.validated_data["direction"])
        return Response(self.get_serializer(instance).data)
