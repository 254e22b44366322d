from django.http import HttpResponse

from accounts.decorators import role_required


@role_required()
def placeholder(request, **kwargs):
    return HttpResponse("placeholder")
