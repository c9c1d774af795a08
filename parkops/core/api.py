"""The API: restricted viewsets and serializers, and the park's own endpoints."""

from __future__ import annotations

from rest_framework import serializers, viewsets

from parkops.core import services
from parkops.core.drf import RestrictedPermission, exception_handler
from parkops.core.scope import VIEW


class RestrictedModelSerializer(serializers.ModelSerializer):
    """Related-object choices are narrowed to what the user may see, so a write cannot point
    at, or probe for, another park's or another tenant's objects."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        user = getattr(request, "user", None)
        for field in self.fields.values():
            target = getattr(field, "child_relation", field)
            qs = getattr(target, "queryset", None)
            if qs is not None and hasattr(qs, "restrict"):
                target.queryset = qs.restrict(user, VIEW)

    def create(self, validated_data):
        return services.create_object(
            model=self.Meta.model, data=validated_data, by=self.context["request"].user
        )

    def update(self, instance, validated_data):
        return services.update_object(obj=instance, data=validated_data, by=self.context["request"].user)


class RestrictedModelViewSet(viewsets.ModelViewSet):
    """CRUD over a restricted model: every query starts from ``restrict(user, "view")``."""

    queryset = None  # set by subclasses; only its model is used
    select_related: tuple[str, ...] = ()
    prefetch_related: tuple[str, ...] = ()

    def get_queryset(self):
        qs = self.queryset.model.objects.restrict(self.request.user, VIEW)
        if self.select_related:
            qs = qs.select_related(*self.select_related)
        if self.prefetch_related:
            qs = qs.prefetch_related(*self.prefetch_related)
        return qs.order_by(*(self.queryset.model._meta.ordering or ["pk"]), "pk")

    def perform_destroy(self, instance):
        services.delete_object(obj=instance, by=self.request.user)


# --- The park's own endpoints -----------------------------------------------------------

from parkops.core import filters as core_filters  # noqa: E402
from parkops.core import models as core  # noqa: E402


def serializer_for(model, field_names: list[str], read_only: tuple[str, ...] = ()):
    meta = type("Meta", (), {"model": model, "fields": ["id", *field_names], "read_only_fields": read_only})
    return type(f"{model.__name__}Serializer", (RestrictedModelSerializer,), {"Meta": meta})


def viewset_for(model, serializer, filterset, *, search=(), ordering=(), select=()):
    return type(
        f"{model.__name__}ViewSet",
        (RestrictedModelViewSet,),
        {
            "queryset": model.objects.all(),
            "serializer_class": serializer,
            "filterset_class": filterset,
            "search_fields": list(search),
            "ordering_fields": list(ordering) or "__all__",
            "select_related": select,
            "__doc__": f"{model._meta.verbose_name}：列表、详情、新增、修改、删除（按权限范围过滤）。",
        },
    )


class UnitSerializer(RestrictedModelSerializer):
    class Meta:
        model = core.Unit
        fields = ["id", "floor", "code", "area", "use", "state", "enterprise", "listed_rent"]


class StaffSerializer(RestrictedModelSerializer):
    phone = serializers.SerializerMethodField(help_text="手机号（脱敏：保留前 3 位和后 4 位）")
    phone_input = serializers.CharField(
        source="phone", write_only=True, required=False, allow_blank=True, help_text="写入手机号"
    )

    class Meta:
        model = core.Staff
        fields = [
            "id",
            "park",
            "department",
            "position",
            "employee_no",
            "name",
            "phone",
            "phone_input",
            "hired_on",
            "industry_years",
            "is_team_lead",
            "experience",
            "active",
        ]

    def get_phone(self, obj) -> str:
        from parkops.core.validators import mask_phone

        return mask_phone(obj.phone)


ParkSerializer = serializer_for(
    core.Park,
    [
        "operator",
        "code",
        "name",
        "district",
        "address",
        "land_area",
        "floor_area",
        "opened_on",
        "positioning",
        "leading_industries",
        "characteristic_industries",
    ],
)
BuildingSerializer = serializer_for(
    core.Building, ["park", "code", "name", "floors_above", "floors_below", "gross_area", "completed_year"]
)
FloorSerializer = serializer_for(core.Floor, ["building", "number", "area"])
DepartmentSerializer = serializer_for(core.Department, ["park", "kind", "name", "duties", "parent"])
PositionSerializer = serializer_for(
    core.Position, ["department", "title", "responsibilities", "professional", "headcount"]
)

ParkViewSet = viewset_for(core.Park, ParkSerializer, core_filters.ParkFilterSet, search=("code", "name"))
BuildingViewSet = viewset_for(
    core.Building,
    BuildingSerializer,
    core_filters.BuildingFilterSet,
    search=("code", "name"),
    select=("park",),
)
FloorViewSet = viewset_for(core.Floor, FloorSerializer, core_filters.FloorFilterSet, select=("building",))
UnitViewSet = viewset_for(
    core.Unit, UnitSerializer, core_filters.UnitFilterSet, search=("code",), select=("floor__building",)
)
DepartmentViewSet = viewset_for(
    core.Department, DepartmentSerializer, core_filters.DepartmentFilterSet, search=("name",)
)
PositionViewSet = viewset_for(
    core.Position, PositionSerializer, core_filters.PositionFilterSet, search=("title",)
)
StaffViewSet = viewset_for(
    core.Staff,
    StaffSerializer,
    core_filters.StaffFilterSet,
    search=("name", "employee_no"),
    select=("department",),
)

API_ROUTES = [
    ("parks", ParkViewSet),
    ("buildings", BuildingViewSet),
    ("floors", FloorViewSet),
    ("units", UnitViewSet),
    ("departments", DepartmentViewSet),
    ("positions", PositionViewSet),
    ("staff", StaffViewSet),
]


__all__ = ["RestrictedModelSerializer", "RestrictedModelViewSet", "RestrictedPermission", "exception_handler"]
