"""The audit log page: entries of the parks the user may see (administrators and assessors)."""

from __future__ import annotations

import django_filters as df
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View

from parkops.audit.models import AuditEntry
from parkops.core.scope import Role, visible_park_ids


def visible_entries(user):
    """Operator administrators and assessors read their parks' chains; platform
    administrators read everything."""
    if user.is_superuser:
        return AuditEntry.objects.all()
    if user.role not in (Role.OPERATOR_ADMIN, Role.ASSESSOR):
        raise PermissionDenied(gettext("只有运营机构管理员和评估专家可以查看审计日志"))
    return AuditEntry.objects.filter(park_id__in=visible_park_ids(user) or [])


class AuditEntryFilterSet(df.FilterSet):
    action = df.ChoiceFilter(choices=AuditEntry.Action.choices, label=_("操作"))
    object_type = df.CharFilter(lookup_expr="icontains", label=_("对象类型"))
    actor_name = df.CharFilter(lookup_expr="icontains", label=_("操作人"))
    since = df.DateFilter(field_name="at", lookup_expr="date__gte", label=_("起始日期"))
    until = df.DateFilter(field_name="at", lookup_expr="date__lte", label=_("截止日期"))

    class Meta:
        model = AuditEntry
        fields = ["action", "object_type", "actor_name"]


class AuditLogView(LoginRequiredMixin, View):
    def get(self, request):
        filterset = AuditEntryFilterSet(
            request.GET, queryset=visible_entries(request.user).order_by("-at", "-id")
        )
        page = Paginator(filterset.qs, 50).get_page(request.GET.get("page"))
        params = request.GET.copy()
        params.pop("page", None)
        return render(
            request,
            "audit/entry_list.html",
            {"filter_form": filterset.form, "page_obj": page, "query_string": params.urlencode()},
        )
