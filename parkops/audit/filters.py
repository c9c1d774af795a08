"""The audit log's filters, serving both its page and its API endpoint."""

from __future__ import annotations

import django_filters as df
from django.apps import apps
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from parkops.audit.models import AuditEntry
from parkops.core.filters import FilterSet


def _parks(request):
    from parkops.core.models import Park

    return Park.objects.restrict(getattr(request, "user", None), "view")


def _people(request):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.restrict(getattr(request, "user", None), "view").order_by("username")


def model_choices() -> list[tuple[str, str]]:
    """(object type, name) of every platform model, and the platform's own events."""
    choices = [
        (model._meta.label_lower, f"{model._meta.verbose_name}（{model._meta.label_lower}）")
        for model in apps.get_models()
        if model.__module__.startswith("parkops.")
    ]
    return [("platform", str(_("平台事件"))), *sorted(choices)]


@extend_schema_field(OpenApiTypes.INT)
class IdChoiceFilter(df.ModelChoiceFilter):
    """A choice of a related record by id, for a column that holds the id itself (the audit
    trail keeps ids, not foreign keys, so that entries outlive their records)."""


class AuditEntryFilterSet(FilterSet):
    park = IdChoiceFilter(queryset=_parks, method="by_park", label=_("园区"))
    actor = IdChoiceFilter(queryset=_people, method="by_actor", label=_("操作人"))
    actor_name = df.CharFilter(lookup_expr="icontains", label=_("操作人账号"))
    object_type = df.ChoiceFilter(choices=model_choices, label=_("数据对象"))
    object_id = df.CharFilter(label=_("对象ID"))
    action = df.ChoiceFilter(choices=AuditEntry.Action.choices, label=_("操作"))
    event = df.CharFilter(label=_("事件"))
    since = df.DateFilter(field_name="at", lookup_expr="date__gte", label=_("起始日期"))
    until = df.DateFilter(field_name="at", lookup_expr="date__lte", label=_("截止日期"))

    class Meta:
        model = AuditEntry
        fields = ["park", "actor", "actor_name", "object_type", "object_id", "action", "event"]

    def by_park(self, queryset, name, value):
        return queryset.filter(park_id=value.pk)

    def by_actor(self, queryset, name, value):
        return queryset.filter(actor_id=value.pk)
