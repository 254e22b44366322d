from django.http import HttpResponse

from accounts.decorators import role_required


@role_required()
def journey_list(request):
    return HttpResponse("placeholder")
