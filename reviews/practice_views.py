"""Placeholders; the practices engineer replaces them."""

from django.http import HttpResponse

from accounts.decorators import role_required


@role_required()
def _placeholder(request, **kwargs):
    return HttpResponse("placeholder")


practice_list = competitor_create = competitor_delete = _placeholder
best_practice_create = best_practice_promote = _placeholder
