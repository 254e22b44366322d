"""CSV import of responses, for managers and admins: upload, preview, import, progress.

Upload checks the whole file and leads to its preview (an ImportBatch in PREVIEW): the
errors by line, or a sample and the button that queues the import. While the import runs,
the page polls its `status` partial every second with htmx (a reload link without
JavaScript). An interrupted import offers Retry (resume after the last saved chunk) and
Cancel (remove what it saved); both are POSTs that a second click leaves as they are.
Batches are only reached through selectors.import_for: another organization's id is 404.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.choices import EDITOR_ROLES
from accounts.decorators import role_required
from common.htmx import render_page
from common.shortcuts import get_or_404

from ..choices import JobStatus
from ..models import ImportBatch
from ..responses.forms import period_query
from . import files, selectors, services
from .forms import ImportUploadForm

UPLOAD_PAGE = "surveys/import_upload.html"
DETAIL_PAGE = "surveys/import_detail.html"
RECENT_IMPORTS = 10


def _batch_or_404(request: HttpRequest, pk: int) -> ImportBatch:
    return get_or_404(selectors.import_for, request.membership, pk)


def _upload_response(request: HttpRequest, form: ImportUploadForm, status: int) -> HttpResponse:
    context = {
        "form": form,
        "recent": selectors.imports_for(request.membership)[:RECENT_IMPORTS],
        "columns": files.COLUMNS,
        "required": files.REQUIRED_COLUMNS,
        "codes": services.consultant_codes(request.organization),
        "nav": "responses",
    }
    with timezone.override(request.membership.zone):
        return render(request, UPLOAD_PAGE, context, status=status)


@role_required(*EDITOR_ROLES)
@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest) -> HttpResponse:
    """Upload a CSV file; it is checked in full and shown as a preview before any import."""
    if request.method != "POST":
        return _upload_response(request, ImportUploadForm(), 200)
    form = ImportUploadForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            batch = services.preview_import(
                organization=request.organization,
                file_name=upload.name,
                data=upload.read(),
                by=request.user,
            )
        except files.ImportFileError as error:
            form.add_error("file", error.message)
        else:
            return redirect("surveys:import_detail", batch.pk)
    return _upload_response(request, form, 400)


def _result_link(request: HttpRequest, batch: ImportBatch) -> str:
    """The response list restricted to the days the imported responses were given."""
    zone = request.membership.zone
    start, end = services.imported_period(batch, zone)
    url = reverse("surveys:response_list")
    return f"{url}?{period_query(start, end)}" if start else url


def _detail_context(request: HttpRequest, batch: ImportBatch, **state) -> dict:
    processed = services.processed_rows(batch)
    total = batch.total_rows
    context = {
        "batch": batch,
        "processed": processed,
        "percent": min(100, round(100 * processed / total)) if total else 0,
        "is_active": batch.status in (JobStatus.QUEUED, JobStatus.RUNNING),
        "is_stalled": services.is_stalled(batch),
        "can_run": services.can_run(batch),
        "can_retry": services.can_retry(batch),
        "can_cancel": services.can_cancel(batch),
        "nav": "responses",
        **state,
    }
    if batch.status == JobStatus.PREVIEW:
        context["previous"] = services.previous_import(batch)
        context["sample_columns"], context["sample"] = services.sample_rows(batch)
        if batch.errors:
            context["form"] = ImportUploadForm()
    elif batch.status == JobStatus.DONE:
        context["result_url"] = _result_link(request, batch)
    return context


@role_required(*EDITOR_ROLES)
@require_GET
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The preview (errors by line, or a sample and the import button), the progress while
    the import runs, then its result. htmx polls only the `status` partial."""
    batch = _batch_or_404(request, pk)
    context = _detail_context(request, batch)
    with timezone.override(request.membership.zone):
        return render_page(request, DETAIL_PAGE, context, partial="status")


@role_required(*EDITOR_ROLES)
@require_POST
def import_run(request: HttpRequest, pk: int) -> HttpResponse:
    """Queue a checked file for import; a second click changes nothing."""
    batch = _batch_or_404(request, pk)
    if batch.status == JobStatus.PREVIEW and not services.can_run(batch):
        context = _detail_context(
            request,
            batch,
            refused=_("This file has errors: nothing can be imported. Fix it and upload it again."),
        )
        with timezone.override(request.membership.zone):
            return render(request, DETAIL_PAGE, context, status=400)
    services.queue_import(batch=batch)
    return redirect("surveys:import_detail", batch.pk)


@role_required(*EDITOR_ROLES)
@require_POST
def import_retry(request: HttpRequest, pk: int) -> HttpResponse:
    """Resume an interrupted import after its last saved chunk; a second click changes
    nothing."""
    batch = _batch_or_404(request, pk)
    services.retry_import(batch=batch)
    return redirect("surveys:import_detail", batch.pk)


@role_required(*EDITOR_ROLES)
@require_POST
def import_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """Stop an interrupted import and remove the responses it saved; a second click
    changes nothing."""
    batch = _batch_or_404(request, pk)
    services.cancel_import(batch=batch)
    return redirect("surveys:import_detail", batch.pk)
