"""Request bodies are measured before they are read: a body over the limit is refused at
once (413), before Django parses it or writes an uploaded file to disk.

- A form post (not multipart) may be at most DATA_UPLOAD_MAX_MEMORY_SIZE bytes, which
  Django would only enforce by failing deep inside the CSRF check with a bare 400.
- A multipart post (a photo, a CSV file) may be at most MAX_UPLOAD_BYTES: comfortably
  above what the forms accept, so a file a little too large still gets the form's own
  message ("the photo is 7.2 MB; at most 5 MB"), while a 200 MB one is never read.
- A body sent without a length (chunked) is cut off by `CappedUploadHandler` as soon as
  it passes the limit.

API bodies are left to the API, which answers its own JSON 413 (common/api).
REQUEST_TOO_LARGE_VIEW draws the page (common/views.py: the survey's own page for customers).
"""

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.utils.module_loading import import_string


def _limit(request) -> int | None:
    if request.content_type == "multipart/form-data":
        return settings.MAX_UPLOAD_BYTES
    return settings.DATA_UPLOAD_MAX_MEMORY_SIZE


class BodySizeLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("POST", "PUT", "PATCH") and not request.path.startswith("/api/"):
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = 0
            limit = _limit(request)
            if limit is not None and length > limit:
                return import_string(settings.REQUEST_TOO_LARGE_VIEW)(request, limit)
        return self.get_response(request)


class CappedUploadHandler(FileUploadHandler):
    """First of the upload handlers: stops a multipart body past MAX_UPLOAD_BYTES
    (one sent without Content-Length escapes the middleware)."""

    def __init__(self, request=None):
        super().__init__(request)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > settings.MAX_UPLOAD_BYTES:
            raise StopUpload(connection_reset=True)
        return raw_data

    def file_complete(self, file_size):
        return None
