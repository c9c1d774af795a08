import django_filters as df
from django.utils.translation import gettext_lazy as _

from parkops.core import clock
from parkops.core.filters import SearchFilterSet, _restricted
from parkops.core.models import Park
from parkops.safety import models as m


def filterset(model, fields, search=(), **extra):
    attrs = {"search_fields": tuple(search), **extra}
    if any(f.name == "park" for f in model._meta.fields):
        attrs["park"] = df.ModelChoiceFilter(queryset=_restricted(Park), label=_("园区"))
        fields = ["park", *fields]
    attrs["Meta"] = type("Meta", (), {"model": model, "fields": fields})
    return type(f"{model.__name__}FilterSet", (SearchFilterSet,), attrs)


SafetyPlanFilterSet = filterset(m.SafetyPlan, ["category", "topic"], ("title", "owner"))
DrillFilterSet = filterset(
    m.Drill,
    ["plan"],
    ("scenario",),
    held_after=df.DateFilter(field_name="held_on", lookup_expr="gte", label=_("演练日期起")),
)
PatrolRouteFilterSet = filterset(m.PatrolRoute, ["active"], ("name",))
CheckpointFilterSet = filterset(m.Checkpoint, ["route"], ("name", "location"))
CheckItemFilterSet = filterset(m.CheckItem, ["checkpoint"], ("text",))
PatrolScheduleFilterSet = filterset(m.PatrolSchedule, ["route"], ("shift",))
PatrolRunFilterSet = filterset(
    m.PatrolRun,
    ["route", "status", "guard"],
    ("note", "missed_names"),
    started_after=df.DateFilter(field_name="started_at__date", lookup_expr="gte", label=_("开始日期起")),
    started_before=df.DateFilter(field_name="started_at__date", lookup_expr="lte", label=_("开始日期止")),
    with_missed=df.BooleanFilter(
        field_name="missed_count", lookup_expr="gt", label=_("有漏检"), method="filter_missed"
    ),
)


def _filter_missed(self, queryset, name, value):
    if value is None:
        return queryset
    return queryset.filter(missed_count__gt=0) if value else queryset.filter(missed_count=0)


PatrolRunFilterSet.filter_missed = _filter_missed


class HazardFilterSet(SearchFilterSet):
    search_fields = ("place", "description")
    park = df.ModelChoiceFilter(queryset=_restricted(Park), label=_("园区"))
    found_after = df.DateFilter(field_name="found_at__date", lookup_expr="gte", label=_("发现日期起"))
    found_before = df.DateFilter(field_name="found_at__date", lookup_expr="lte", label=_("发现日期止"))
    overdue = df.BooleanFilter(method="filter_overdue", label=_("已逾期"))
    escalated = df.BooleanFilter(
        field_name="escalated_at", lookup_expr="isnull", exclude=True, label=_("已上报")
    )

    class Meta:
        model = m.Hazard
        fields = ["park", "status", "grade", "category", "source"]

    def filter_overdue(self, queryset, name, value):

        if value is None:
            return queryset
        overdue = queryset.filter(deadline__lt=clock.localdate()).exclude(status=m.Hazard.Status.CLOSED)
        return overdue if value else queryset.exclude(pk__in=overdue.values("pk"))


SpecialEquipmentFilterSet = filterset(m.SpecialEquipment, ["kind"], ("name", "location", "registration_no"))
SpecialEquipmentInspectionFilterSet = filterset(m.SpecialEquipmentInspection, ["equipment", "kind", "result"])
FireEquipmentFilterSet = filterset(m.FireEquipment, ["kind"], ("location",))
EBikeChargingAreaFilterSet = filterset(m.EBikeChargingArea, [], ("name", "location"))
RegisterInspectionFilterSet = filterset(m.RegisterInspection, ["result"], ("inspector",))
PeriodicCheckFilterSet = filterset(m.PeriodicCheck, ["kind", "result"], ("subject",))
FoodMerchantFilterSet = filterset(m.FoodMerchant, [], ("name", "licence_no"))
StaffHealthCertificateFilterSet = filterset(m.StaffHealthCertificate, ["merchant"], ("name",))
SecurityStaffFilterSet = filterset(m.SecurityStaff, ["post", "active"], ("name",))
SafetyTrainingFilterSet = filterset(m.SafetyTraining, ["form"], ("topic",))
MonitoringDeviceFilterSet = filterset(
    m.MonitoringDevice, ["kind", "area", "resolution"], ("name", "location")
)
MonitoredAreaFilterSet = filterset(m.MonitoredArea, ["area"], ("name",))
FireSafetySignFilterSet = filterset(m.FireSafetySign, ["kind"], ("location",))
