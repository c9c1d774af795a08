"""Import jobs: create, start (background thread, or inline when tasks run immediately), run."""

from __future__ import annotations

import logging
import threading

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import close_old_connections, connection, transaction
from django.utils import translation
from django.utils.translation import gettext

from parkops.core import clock
from parkops.core.services import create_object, record_event
from parkops.imports import framework
from parkops.imports.models import ImportJob

log = logging.getLogger(__name__)
MAX_UPLOAD_BYTES = 20 * 1024 * 1024


@transaction.atomic
def create_job(*, importer_key: str, park, file, by) -> ImportJob:
    """Store the upload as a pending job; the rows are checked when the job runs."""
    importer = framework.get_importer(importer_key)
    if importer is None:
        raise ValidationError({"importer_key": gettext("未知的导入类型")})
    if not importer.allowed(by, park):
        raise PermissionDenied(gettext("您无权在此园区导入%(title)s") % {"title": importer.title})
    name = getattr(file, "name", "") or ""
    if not name.lower().endswith(".xlsx"):
        raise ValidationError({"file": gettext("请上传 .xlsx 格式的 Excel 文件（可先下载模板）")})
    if getattr(file, "size", 0) > MAX_UPLOAD_BYTES:
        raise ValidationError({"file": gettext("文件超过 20 MB，请拆分后再导入")})
    # A small zip can unpack to gigabytes: refuse it now, on the upload form, not in the job.
    try:
        framework.check_workbook(file)
    except framework.WorkbookRefused as exc:
        raise ValidationError({"file": exc.message}) from None
    return create_object(
        model=ImportJob,
        data={
            "park": park,
            "importer_key": importer_key,
            "file": file,
            "original_name": name.rsplit("/", 1)[-1][:200],
            "created_by": by,
        },
        by=by,
    )


def start_job(job: ImportJob) -> None:
    """Run the job after the current transaction commits: inline when tasks run immediately
    (tests, the e2e server), else in a background thread so the upload request returns."""
    job_id = job.pk
    if settings.HUEY.get("immediate"):
        transaction.on_commit(lambda: run_job(job_id))
        return

    def thread_main() -> None:
        close_old_connections()
        try:
            run_job(job_id)
        finally:
            connection.close()

    transaction.on_commit(
        lambda: threading.Thread(target=thread_main, name=f"import-{job_id}", daemon=True).start()
    )


def run_job(job_id: int) -> ImportJob:
    """Validate and import the job's file. The job row is written only outside the import's
    transaction; progress goes to the cache (see framework's docstring)."""
    job = ImportJob.objects.select_related("park", "created_by").get(pk=job_id)
    if job.status != ImportJob.Status.PENDING:
        return job
    importer = job.importer
    job.status, job.started_at = ImportJob.Status.RUNNING, clock.now()
    job.save(update_fields=["status", "started_at", "updated_at"])
    framework.set_progress(job.pk, "validating", 0, 1)
    try:
        with translation.override(settings.LANGUAGE_CODE), job.file.open("rb") as fh:
            result = framework.import_file(
                importer,
                fh,
                by=job.created_by,
                park=job.park,
                progress=lambda phase, done, total: framework.set_progress(job.pk, phase, done, total),
            )
    except Exception as exc:  # noqa: BLE001 (the job must end, whatever happened)
        log.exception("import job %s failed", job.pk)
        job.status = ImportJob.Status.ERROR
        job.message = f"导入过程中出错，未写入任何数据：{exc}"[:300]
    else:
        job.total_rows, job.created_count = result.total, result.created
        job.errors = [e.as_json() for e in result.errors]  # the first MAX_KEPT_ERRORS, clipped
        job.error_count = result.error_count
        job.status = ImportJob.Status.DONE if result.ok else ImportJob.Status.FAILED
    job.finished_at = clock.now()
    job.save(
        update_fields=[
            "status",
            "total_rows",
            "created_count",
            "errors",
            "error_count",
            "message",
            "finished_at",
            "updated_at",
        ]
    )
    record_event(
        event="import",
        obj=job,
        by=job.created_by,
        detail={
            "importer": job.importer_key,
            "status": job.status,
            "rows": job.total_rows,
            "created": job.created_count,
            "errors": job.error_count,
        },
    )
    return job
