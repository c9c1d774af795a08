"""The API: restricted viewsets and serializers, and the park's own endpoints.

Conventions every endpoint follows (see ``parkops.core.drf`` for the hooks in settings):
``limit``/``offset`` pagination; ids are ASCII digits (``/api/buildings/2%20/`` is 404);
each object carries ``display``; a detail answer carries an ``ETag`` and a write with a
stale ``If-Match`` answers 412; a delete refused because other records point at the object
answers 409; unknown query parameters answer 400; personal data is masked by the data
classification (``parkops.datagov``) unless the caller may and asks to unmask.
"""

from __future__ import annotations

import hashlib
import json

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers, viewsets

from parkops.core import services
from parkops.core.drf import Conflict, PreconditionFailed, RestrictedPermission, exception_handler
from parkops.core.scope import VIEW

# Object ids in paths: ASCII digits only. Django would read " 2", "+2" or "٢" as 2.
ID_PATTERN = "[0-9]+"


class ProtectedFieldsMixin:
    """Every serializer of the platform: an object's ``display``, and personal data masked by
    its classification (``parkops.datagov.protection``)."""

    def get_fields(self):
        fields = super().get_fields()
        if "display" not in fields and getattr(getattr(self, "Meta", None), "model", None) is not None:
            fields["display"] = serializers.SerializerMethodField(help_text="对象的可读名称")
        return fields

    def get_display(self, obj) -> str:
        return str(obj)

    def to_representation(self, instance):
        data = super().to_representation(instance)
        from parkops.datagov.protection import protect_representation

        return protect_representation(self, instance, data)


class ApiModelSerializer(ProtectedFieldsMixin, serializers.ModelSerializer):
    """A plain model serializer (nested lines, own-user rows) with the platform's conventions."""


class RestrictedModelSerializer(ProtectedFieldsMixin, serializers.ModelSerializer):
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


def etag_of(obj) -> str:
    """A strong validator of the object's stored state (every concrete field)."""
    from parkops.audit.services import snapshot

    text = json.dumps(snapshot(obj), sort_keys=True, default=str)
    return '"' + hashlib.sha256(text.encode()).hexdigest()[:32] + '"'


class StrictLookupMixin:
    """Ids in paths are ASCII digits: anything else never reaches the database."""

    lookup_value_regex = ID_PATTERN


class ConcurrencyMixin:
    """Optimistic concurrency: the detail answer's ``ETag`` is the object's state; a PUT,
    PATCH or DELETE whose ``If-Match`` names another state answers 412 and changes nothing."""

    def check_if_match(self, instance) -> None:
        header = self.request.headers.get("If-Match", "").strip()
        if not header or header == "*":
            return
        wanted = {tag.strip().removeprefix("W/") for tag in header.split(",")}
        if etag_of(instance) not in wanted:
            raise PreconditionFailed()

    def retrieve(self, request, *args, **kwargs):
        response = super().retrieve(request, *args, **kwargs)
        response["ETag"] = etag_of(self.get_object())
        return response

    def update(self, request, *args, **kwargs):
        self.check_if_match(self.get_object())
        response = super().update(request, *args, **kwargs)
        if response.status_code == 200:
            response["ETag"] = etag_of(self.get_object())
        return response

    def destroy(self, request, *args, **kwargs):
        self.check_if_match(self.get_object())
        return super().destroy(request, *args, **kwargs)


class RestrictedModelViewSet(StrictLookupMixin, ConcurrencyMixin, viewsets.ModelViewSet):
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
        try:
            services.delete_object(obj=instance, by=self.request.user)
        except DjangoValidationError as exc:  # other records still point at it
            raise Conflict(" ".join(exc.messages)) from None


class ReadOnlyRestrictedViewSet(StrictLookupMixin, viewsets.ReadOnlyModelViewSet):
    """List and detail only: these records change through their workflow's services (the
    viewset's documented POST actions)."""

    queryset = None
    select_related: tuple[str, ...] = ()
    prefetch_related: tuple[str, ...] = ()
    get_queryset = RestrictedModelViewSet.get_queryset

    def retrieve(self, request, *args, **kwargs):
        response = super().retrieve(request, *args, **kwargs)
        response["ETag"] = etag_of(self.get_object())
        return response


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
            "filterset_class": filterset,  # None: no filters besides search and ordering
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
        return obj.phone  # masked by the classification unless unmasking is allowed and asked


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

EnterpriseViewSet = viewset_for(
    core.Enterprise,
    serializer_for(
        core.Enterprise,
        [
            "park",
            "name",
            "credit_code",
            "industry",
            "industry_note",
            "supporting_service",
            "legal_representative",
            "registered_capital",
            "established_on",
            "moved_in_on",
            "headcount",
            "contact_name",
            "contact_phone",
            "status",
        ],
    ),
    core_filters.EnterpriseFilterSet,
    search=("name", "credit_code"),
    select=("park", "industry"),
)
EnterpriseViewSet.__doc__ = "入驻企业：列表、详情、新增、修改、删除（入驻企业用户只见本企业）。"


def _reference_viewset(model, fields, filter_fields):
    return type(
        f"{model.__name__}ViewSet",
        (ReadOnlyRestrictedViewSet,),
        {
            "queryset": model.objects.all(),
            "serializer_class": serializer_for(model, fields),
            "filterset_fields": filter_fields,
            "__doc__": f"{model._meta.verbose_name}：只读参考数据（平台维护）。",
        },
    )


IndustryCatalogueViewSet = _reference_viewset(
    core.IndustryCatalogue, ["code", "title", "published_on", "source", "is_current"], ["is_current"]
)
IndustryViewSet = _reference_viewset(
    core.Industry, ["catalogue", "name", "kind", "verified", "note"], ["catalogue", "kind", "verified"]
)

API_ROUTES = [
    ("parks", ParkViewSet),
    ("buildings", BuildingViewSet),
    ("floors", FloorViewSet),
    ("units", UnitViewSet),
    ("departments", DepartmentViewSet),
    ("positions", PositionViewSet),
    ("staff", StaffViewSet),
    ("enterprises", EnterpriseViewSet),
    ("industries", IndustryViewSet),
    ("industry-catalogues", IndustryCatalogueViewSet),
]


__all__ = [
    "ApiModelSerializer",
    "ReadOnlyRestrictedViewSet",
    "RestrictedModelSerializer",
    "RestrictedModelViewSet",
    "RestrictedPermission",
    "exception_handler",
]


# --- Workflow actions ---------------------------------------------------------------------


class ActionViewSetMixin:
    """Documented POST actions that drive a record's workflow through the same services as
    the pages: the object is looked up through ``restrict(user, "view")``, the service checks
    who may do what, and the answer is the object as it now stands."""

    def run_action(self, request, input_serializer, service):
        data = {}
        if input_serializer is not None:
            serializer = input_serializer(data=request.data, context=self.get_serializer_context())
            serializer.is_valid(raise_exception=True)
            data = serializer.validated_data
        obj = self.get_object()
        result = service(obj, request.user, data)
        obj = type(obj)._default_manager.get(pk=getattr(result, "pk", obj.pk))
        from rest_framework.response import Response

        return Response(self.get_serializer(obj).data)


def action_permissions():
    from parkops.core.drf import SignedInPermission

    return [SignedInPermission()]
