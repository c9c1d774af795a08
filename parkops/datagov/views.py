"""Data-governance pages: the classification inventory (with its Excel export), the generated
protection document, and the open-data catalogue, clients and logs."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext
from django.views import View

from parkops.core import clock
from parkops.core.models import Park
from parkops.core.scope import VIEW, Role
from parkops.core.services import record_event
from parkops.datagov import documents

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def may_see_inventory(user) -> bool:
    """Operator administrators, staff and assessors (not tenants)."""
    return bool(
        user.is_authenticated
        and (user.is_superuser or user.role in (Role.OPERATOR_ADMIN, Role.STAFF, Role.ASSESSOR))
    )


def _require(user) -> None:
    if not may_see_inventory(user):
        raise PermissionDenied(gettext("无权查看数据分类分级清单"))


class InventoryView(LoginRequiredMixin, View):
    """数据分类分级清单: every dataset and field with its level (7.2.4)."""

    def get(self, request):
        _require(request.user)
        if request.GET.get("export") == "xlsx":
            record_event(event="classification_export", obj=None, by=request.user)
            response = HttpResponse(documents.inventory_xlsx(), content_type=XLSX)
            response["Content-Disposition"] = 'attachment; filename="data-classification.xlsx"'
            return response
        entries = documents.inventory()
        level = request.GET.get("level", "")
        if level:
            entries = [e for e in entries if e["level"] == level]
        return render(request, "datagov/inventory.html", {"entries": entries, "level": level})


class ProtectionDocView(LoginRequiredMixin, View):
    """The 数据分类分级保护制度 drafted from the classification (row 54)."""

    def get(self, request):
        _require(request.user)
        parks = Park.objects.restrict(request.user, VIEW)
        park = (
            parks.filter(pk=request.GET.get("park") or 0).first()
            if request.GET.get("park", "").isdigit()
            else None
        )
        park = park or parks.order_by("pk").first()
        if park is None:
            raise PermissionDenied(gettext("没有可见的园区"))
        as_of = clock.localdate()
        content = documents.protection_docx(park, as_of)
        record_event(event="protection_doc", obj=park, by=request.user, detail={"as_of": as_of.isoformat()})
        response = HttpResponse(content, content_type=DOCX)
        response["Content-Disposition"] = f'attachment; filename="{park.code}-data-protection.docx"'
        return response
