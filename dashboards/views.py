from django.http import HttpResponse


def overview(request, **kwargs):  # replaced by the helper building this page
    return HttpResponse(status=501)
