"""Placeholders; the compliance engineer replaces them."""

from django.http import HttpResponse

from accounts.decorators import role_required


@role_required()
def _placeholder(request, **kwargs):
    return HttpResponse("placeholder")


compliance = consultant_detail = location_detail = _placeholder
