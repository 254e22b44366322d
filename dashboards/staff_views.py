from django.http import HttpResponse


def scorecard(request, **kwargs):  # replaced by the helper building this page
    return HttpResponse(status=501)
