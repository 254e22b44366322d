"""Base classes the API's viewsets declare themselves on.

A concrete viewset only says where its rows come from (`get_queryset`, a selector
scoped by `api_organization(request)`), how they look (`serializer_class`), how
they are filtered (`filterset_class`) and, where a service must run instead of a
plain delete or reorder, `perform_destroy` / `perform_move`. Writes go through the
services from the serializers; the services' ValidationErrors become 400s here.
"""

from django.db import models, transaction
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import JSONParser
from rest_framework.response import Response

from . import idempotency
from .errors import service_errors
from .fields import StrictChoiceField
from .pagination import PageNumberPagination
from .schema import ApiAutoSchema


class IdempotentPostMixin:
    """Every POST honours an `Idempotency-Key` header (idempotency.py): the request runs
    in one transaction with the record of its key and its answer."""

    _idempotency = None
    _idempotency_failed = False

    def dispatch(self, request, *args, **kwargs):
        if not idempotency.wanted(request):
            return super().dispatch(request, *args, **kwargs)
        with transaction.atomic():
            response = super().dispatch(request, *args, **kwargs)
            if self._idempotency_failed:
                transaction.set_rollback(True)
        return response

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if idempotency.wanted(request):
            self._idempotency = idempotency.begin(request)

    def handle_exception(self, exc):
        if isinstance(exc, idempotency.Replay):
            return exc.response
        return super().handle_exception(exc)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if self._idempotency is not None and not idempotency.keep(self._idempotency, response):
            self._idempotency_failed = True
        return response


class OrganizationViewSetMixin(IdempotentPostMixin):
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
