"""Logs an operator can search: every line carries the id of the request it belongs to,
carried on into the Celery tasks the request caused; JSON in production; a refused or
missing page is one line, not a traceback.

The id comes from the client's `X-Request-ID` (a proxy's or a till's, when it looks like
an id) or is made here, and is sent back in the response's `X-Request-ID`.
"""

import contextvars
import logging
import re
import uuid

request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")

HEADER = "X-Request-ID"
TASK_HEADER = "cxm_request_id"
# What we accept from a client: short, and nothing that could break a log line.
ACCEPTABLE = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")


class RequestIdMiddleware:
    """Give each request an id (its own, or the client's), for its log lines and tasks."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.headers.get(HEADER, "")
        # Not reset on the way out: Django logs a 4xx or 5xx answer after the middleware
        # returned, and that line should carry the id too; the next request sets its own.
        request_id.set(given if ACCEPTABLE.match(given) else uuid.uuid4().hex)
        response = self.get_response(request)
        response[HEADER] = request_id.get()
        return response


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every record (for the formatter)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get()
        return True


class ClientErrorsInOneLine(logging.Filter):
    """A 4xx answer (a refused role, a page that does not exist) is normal traffic: log
    it as one line, without the traceback Django attaches to a 403."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if status is not None and 400 <= status < 500:
            record.exc_info = None
            record.exc_text = None
        return True


# ---------------------------------------------------------------- into Celery tasks


def _on_publish(headers=None, **kwargs) -> None:
    if headers is not None and request_id.get() != "-":
        headers[TASK_HEADER] = request_id.get()


_task_tokens: dict[str, contextvars.Token] = {}


def _on_prerun(task_id=None, task=None, **kwargs) -> None:
    if task is None:
        return
    # Celery passes custom message headers as request attributes (protocol 2), or keeps
    # them under `headers`, depending on how the task was sent.
    given = getattr(task.request, TASK_HEADER, None) or (
        getattr(task.request, "headers", None) or {}
    ).get(TASK_HEADER)
    if given:
        _task_tokens[task_id] = request_id.set(given)


def _on_postrun(task_id=None, **kwargs) -> None:
    token = _task_tokens.pop(task_id, None)
    if token is not None:
        request_id.reset(token)


def connect_celery() -> None:
    """A task sent while handling a request carries its id in a message header; the
    worker's log lines for that task carry it too."""
    from celery.signals import before_task_publish, task_postrun, task_prerun

    before_task_publish.connect(_on_publish, weak=False, dispatch_uid="cxm.logs.publish")
    task_prerun.connect(_on_prerun, weak=False, dispatch_uid="cxm.logs.prerun")
    task_postrun.connect(_on_postrun, weak=False, dispatch_uid="cxm.logs.postrun")
