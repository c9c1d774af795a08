"""Import pages: choose a kind → download its template → upload → validation report, or a
progress bar while the rows are written → summary with links."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_http_methods

from parkops.core.models import Park
from parkops.imports import framework, services
from parkops.imports.forms import UploadForm
from parkops.imports.models import ImportJob

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ERRORS_PER_PAGE = 200


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = (
        f"attachment; filename=\"import.xlsx\"; filename*=UTF-8''{_quote(filename)}"
    )
    return response


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name)


def _importer_or_404(key: str, user):
    importer = framework.get_importer(key)
    if importer is None:
        raise Http404
    if not importer.allowed(user):
        raise PermissionDenied
    return importer


@login_required
def index(request):
    importers = [i for i in framework.all_importers() if i.allowed(request.user)]
    if not importers:
        raise PermissionDenied
    jobs = ImportJob.objects.restrict(request.user).select_related("park", "created_by")[:20]
    return render(request, "imports/index.html", {"importers": importers, "jobs": jobs})


@login_required
def template_download(request, key):
    importer = _importer_or_404(key, request.user)
    return _xlsx(framework.template(importer), f"{importer.title}导入模板.xlsx")


@login_required
@require_http_methods(["GET", "POST"])
def upload(request, key):
    importer = _importer_or_404(key, request.user)
    parks = [p for p in Park.objects.restrict(request.user) if importer.allowed(request.user, p)]
    if not parks:
        raise PermissionDenied
    form = UploadForm(
        request.POST or None, request.FILES or None, parks=Park.objects.filter(pk__in=[p.pk for p in parks])
    )
    if request.method == "POST" and form.is_valid():
        try:
            job = services.create_job(
                importer_key=importer.key,
                park=form.cleaned_data["park"],
                file=form.cleaned_data["file"],
                by=request.user,
            )
            services.start_job(job)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field_name, errors in exc.error_dict.items():
                    form.add_error(field_name if field_name in form.fields else None, errors)
            else:
                form.add_error(None, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            return redirect(job.get_absolute_url())
    return render(request, "imports/upload.html", {"importer": importer, "form": form, "parks": parks})


def _job_for(request, pk) -> ImportJob:
    return get_object_or_404(
        ImportJob.objects.restrict(request.user).select_related("park", "created_by"), pk=pk
    )


def _job_context(request, job: ImportJob) -> dict:
    importer = job.importer
    result_url = ""
    if importer and importer.result_url_name:
        try:
            result_url = reverse(importer.result_url_name)
        except NoReverseMatch:
            result_url = ""
    page = Paginator(job.errors or [], ERRORS_PER_PAGE).get_page(request.GET.get("page"))
    return {
        "job": job,
        "importer": importer,
        "progress": framework.progress_of(job.pk) if not job.finished else None,
        "result_url": result_url,
        "error_page": page,
        "error_rows": len({e["row"] for e in job.errors or []}),
        "errors_omitted": max(0, job.error_count - len(job.errors or [])),
    }


@login_required
def job_detail(request, pk):
    job = _job_for(request, pk)
    return render(request, "imports/job.html", _job_context(request, job))


@login_required
def job_status(request, pk):
    """The htmx-polled part of the job page: a progress bar while running, then the outcome.
    Once finished it answers with HX-Refresh so the full report is shown."""
    job = _job_for(request, pk)
    response = render(request, "imports/_status.html", _job_context(request, job))
    if job.finished and request.headers.get("HX-Request"):
        response["HX-Refresh"] = "true"
    return response


@login_required
def job_errors(request, pk):
    job = _job_for(request, pk)
    if not job.errors:
        raise Http404
    try:
        fh = job.file.open("rb")
    except (FileNotFoundError, ValueError):
        fh = None
    try:
        content = framework.error_workbook(job.importer, fh, job.errors, error_count=job.error_count)
    finally:
        if fh is not None:
            fh.close()
    return _xlsx(content, f"{job.title}导入错误报告-{job.pk}.xlsx")
