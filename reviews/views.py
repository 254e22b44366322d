"""Placeholders; the reviews engineer replaces them."""

from django.http import HttpResponse

from accounts.decorators import role_required


@role_required()
def _placeholder(request, **kwargs):
    return HttpResponse("placeholder")


my_situations = self_review_start = review_list = review_create = review_detail = _placeholder
review_score = review_note = review_submit = review_correct = review_delete = _placeholder
review_acknowledge = _placeholder
