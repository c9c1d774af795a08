"""Import jobs: one uploaded Excel file, its validation report and its outcome."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from parkops.core.models import RestrictedModel
from parkops.core.scope import ALL_DEPARTMENTS


class ImportJob(RestrictedModel):
    """数据导入任务: an Excel file of units, tenants, customers or leases imported all-or-nothing."""

    write_departments = (ALL_DEPARTMENTS,)  # each importer checks the rights on its own model

    class Status(models.TextChoices):
        PENDING = "pending", _("排队中")
        RUNNING = "running", _("导入中")
        FAILED = "failed", _("校验未通过")
        DONE = "done", _("已完成")
        ERROR = "error", _("导入出错")

    park = models.ForeignKey("core.Park", models.CASCADE, related_name="import_jobs", verbose_name=_("园区"))
    importer_key = models.CharField(_("导入类型"), max_length=60)
    file = models.FileField(_("上传文件"), upload_to="imports/%Y/%m/")
    original_name = models.CharField(_("文件名"), max_length=200, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PENDING)
    total_rows = models.PositiveIntegerField(_("数据行数"), default=0)
    created_count = models.PositiveIntegerField(_("导入条数"), default=0)
    error_count = models.PositiveIntegerField(_("错误数"), default=0)
    errors = models.JSONField(_("错误清单"), default=list, blank=True)
    message = models.CharField(_("说明"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="import_jobs", verbose_name=_("导入人")
    )
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("导入任务")
        verbose_name_plural = pgettext_lazy("list", "导入任务")
        ordering = ["-created_at", "-id"]

    @property
    def importer(self):
        from parkops.imports.framework import get_importer

        return get_importer(self.importer_key)

    @property
    def title(self) -> str:
        importer = self.importer
        return importer.title if importer else self.importer_key

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.FAILED, self.Status.DONE, self.Status.ERROR)

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("imports:job", args=[self.pk])

    def __str__(self) -> str:
        return f"{self.title}导入 #{self.pk}"
