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

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import AutoField, BigAutoField, IntegerField
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from rest_framework import exceptions, serializers, status, viewsets
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter, Route

from parkops.core import services
from parkops.core.drf import Conflict, PreconditionFailed, RestrictedPermission, exception_handler
from parkops.core.scope import VIEW

# Object ids in paths: ASCII digits only. Django would read " 2", "+2" or "٢" as 2.
ID_PATTERN = "[0-9]+"
# The largest id a database integer holds: a larger one names no object (and must not reach
# the database, where SQLite would overflow).
MAX_ID = 2**63 - 1


def _detail_routes() -> dict[str, str]:
    """{model label: the router's detail url name} for every model with a detail endpoint."""
    global _DETAIL_ROUTES
    if _DETAIL_ROUTES is None:
        from parkops.urls import router

        routes = {}
        for _prefix, viewset, basename in router.registry:
            model = getattr(getattr(viewset, "queryset", None), "model", None)
            if (
                model is not None
                and hasattr(viewset, "retrieve")
                and getattr(viewset, "lookup_field", "pk") == "pk"
            ):
                routes.setdefault(model._meta.label_lower, f"{basename}-detail")
        _DETAIL_ROUTES = routes
    return _DETAIL_ROUTES


_DETAIL_ROUTES: dict[str, str] | None = None


def api_url(obj, request=None) -> str | None:
    """The object's API detail url (absolute when there is a request); None without one."""
    from django.urls import NoReverseMatch, reverse

    name = _detail_routes().get(obj._meta.label_lower)
    if name is None:
        return None
    try:
        path = reverse(name, args=[obj.pk])
    except NoReverseMatch:
        return None
    return request.build_absolute_uri(path) if request is not None else path


def brief(obj, context) -> dict:
    """A related object as NetBox nests it: ``{id, url, display}``. Cached per request, so a
    page of rows pointing at the same park renders it once."""
    cache = context.setdefault("_parkops_brief", {})
    key = (obj._meta.label_lower, obj.pk)
    if key not in cache:
        cache[key] = {
            "id": obj.pk,
            "url": api_url(obj, context.get("request")),
            "display": display_of(obj, context),
        }
    return dict(cache[key])


def display_of(obj, context) -> str:
    """An object's readable name for this reader: no value above their clearance, personal
    values masked (``parkops.datagov.protection.safe_display``)."""
    from parkops.datagov.protection import reader_of, safe_display

    return safe_display(obj, reader_of(context)["clearance"])


class NestedRelatedField(serializers.PrimaryKeyRelatedField):
    """A related object: read as ``{id, url, display}``, written by its id (or by the nested
    object itself, so a client may send back what it read). Every ForeignKey, OneToOne and
    many-to-many of the platform's model serializers is one of these."""

    default_error_messages = {
        "incorrect_type": _lazy("须为对象编号（整数）或含 id 的对象，收到 %(data_type)s。"),
    }

    def use_pk_only_optimization(self) -> bool:
        return False  # ``display`` needs the object itself

    def to_internal_value(self, data):
        if isinstance(data, dict):
            if "id" not in data:
                self.fail("incorrect_type", data_type=_lazy("不含 id 的对象"))
            data = data["id"]
        target = self.get_queryset().model._meta.pk
        if isinstance(target, AutoField | BigAutoField | IntegerField):
            digits = isinstance(data, str) and data.isascii() and data.isdigit()
            if isinstance(data, bool) or not (isinstance(data, int) or digits):
                self.fail("incorrect_type", data_type=type(data).__name__)
            if not 0 < int(data) <= MAX_ID:  # beyond a database integer: no such object
                self.fail("does_not_exist", pk_value=data)
        return super().to_internal_value(data)

    def to_representation(self, value):
        return brief(value, self.context)


def forward_relations(serializer_class) -> tuple[str, ...]:
    """The ForeignKey/OneToOne fields a serializer nests, to load them with the rows."""
    meta = getattr(serializer_class, "Meta", None)
    model = getattr(meta, "model", None)
    if model is None:
        return ()
    names = getattr(meta, "fields", ())
    declared = getattr(serializer_class, "_declared_fields", {})
    out = []
    for field in model._meta.concrete_fields:
        if not (field.many_to_one or field.one_to_one) or field.name in declared:
            continue
        if names == "__all__" or field.name in names:
            out.append(field.name)
    return tuple(out)


class ProtectedFieldsMixin:
    """Every serializer of the platform: an object's ``display``, related objects nested as
    ``{id, url, display}`` (written by id), and personal data masked by its classification
    (``parkops.datagov.protection``)."""

    serializer_related_field = NestedRelatedField

    def get_fields(self):
        fields = super().get_fields()
        if "display" not in fields and getattr(getattr(self, "Meta", None), "model", None) is not None:
            fields["display"] = serializers.SerializerMethodField(help_text="对象的可读名称")
        return fields

    def get_display(self, obj) -> str:
        return display_of(obj, self.context)

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


class BulkWriteMixin:
    """Bulk writes on a list endpoint, as NetBox offers them: ``POST`` a list of objects,
    ``PUT``/``PATCH`` a list of objects each with its ``id``, ``DELETE`` a list of ids (or of
    ``{"id": n}``). One transaction: all are written or none. Each object goes through the same
    serializer, permission check and service as a single write (so each is audited and
    restricted alike); an error names the object's index in the list and the field
    (``{"2": {"floor": ["…"]}}``), a refusal names the index (403), a delete other records
    prevent answers 409 naming it."""

    def create(self, request, *args, **kwargs):
        if isinstance(request.data, list):
            return self.bulk_create(request)
        return super().create(request, *args, **kwargs)

    def bulk_create(self, request):
        items = self._bulk_items(request.data)
        with transaction.atomic():
            written, errors = [], {}
            for index, item in enumerate(items):
                serializer = self.get_serializer(data=item)
                if self._bulk_write(index, serializer, self.perform_create, errors):
                    written.append(serializer)
            if errors:
                raise exceptions.ValidationError(errors)
        return Response([s.data for s in written], status=status.HTTP_201_CREATED)

    def bulk_update(self, request, *args, partial=False, **kwargs):
        items = self._bulk_items(request.data)
        objects, errors = self._bulk_objects(items)
        with transaction.atomic():
            written = []
            for index, item in enumerate(items):
                obj = objects.get(index)
                if obj is None:
                    continue
                self._bulk_check(index, request, obj)
                data = {k: v for k, v in item.items() if k != "id"}
                serializer = self.get_serializer(obj, data=data, partial=partial)
                if self._bulk_write(index, serializer, self.perform_update, errors):
                    written.append(serializer)
            if errors:
                raise exceptions.ValidationError(dict(sorted(errors.items(), key=lambda e: int(e[0]))))
        return Response([s.data for s in written])

    def bulk_partial_update(self, request, *args, **kwargs):
        return self.bulk_update(request, *args, partial=True, **kwargs)

    def bulk_destroy(self, request, *args, **kwargs):
        items = [item if isinstance(item, dict) else {"id": item} for item in self._bulk_items(request.data)]
        objects, errors = self._bulk_objects(items)
        if errors:
            raise exceptions.ValidationError(errors)
        with transaction.atomic():
            for index in range(len(items)):
                obj = objects[index]
                self._bulk_check(index, request, obj)
                try:
                    services.delete_object(obj=obj, by=request.user)
                except DjangoValidationError as exc:  # other records still point at it
                    raise Conflict(_at(index, " ".join(exc.messages))) from None
        return Response(status=status.HTTP_204_NO_CONTENT)

    # --- helpers

    def _bulk_items(self, data) -> list:
        from django.conf import settings

        limit = getattr(settings, "PARKOPS_API_MAX_PAGE_SIZE", 1000)
        if not isinstance(data, list) or not data:
            raise exceptions.ValidationError({"non_field_errors": [_("批量操作的请求体须为非空列表")]})
        if len(data) > limit:
            raise exceptions.ValidationError(
                {"non_field_errors": [_("一次最多批量处理 %(limit)s 个对象") % {"limit": limit}]}
            )
        return data

    def _bulk_objects(self, items) -> tuple[dict, dict]:
        """The objects named by ``id``, looked up through ``restrict(user, "view")``: an id the
        user cannot see is reported like one that does not exist."""
        ids, errors = {}, {}
        for index, item in enumerate(items):
            value = item.get("id") if isinstance(item, dict) else None
            if isinstance(value, str) and value.isascii() and value.isdigit():
                value = int(value)
            if not isinstance(item, dict):
                errors[str(index)] = {"non_field_errors": [_("须为对象")]}
            elif isinstance(value, bool) or not isinstance(value, int):
                errors[str(index)] = {"id": [_("须填写对象编号（整数）")]}
            elif value in ids.values():
                errors[str(index)] = {"id": [_("同一对象在列表中出现了多次")]}
            else:
                ids[index] = value
        found = self.get_queryset().in_bulk([pk for pk in ids.values() if 0 < pk <= MAX_ID])
        objects = {}
        for index, pk in ids.items():
            if pk in found:
                objects[index] = found[pk]
            else:
                errors[str(index)] = {"id": [_("对象不存在或不在您的权限范围内")]}
        return objects, errors

    def _bulk_check(self, index: int, request, obj) -> None:
        try:
            self.check_object_permissions(request, obj)
        except exceptions.PermissionDenied as exc:
            raise exceptions.PermissionDenied(_at(index, str(exc.detail))) from None

    def _bulk_write(self, index: int, serializer, perform, errors: dict) -> bool:
        """Validate and write one object in a savepoint; its errors go under its index."""
        if not serializer.is_valid():
            errors[str(index)] = serializer.errors
            return False
        try:
            with transaction.atomic():
                perform(serializer)
        except DjangoValidationError as exc:
            detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
            if "__all__" in detail:
                detail["non_field_errors"] = detail.pop("__all__")
            errors[str(index)] = detail
            return False
        except (DjangoPermissionDenied, exceptions.PermissionDenied) as exc:
            raise exceptions.PermissionDenied(_at(index, str(getattr(exc, "detail", exc)))) from None
        return True


def _at(index: int, message: str) -> str:
    return _("第 %(index)s 项（从 0 起）：%(message)s") % {"index": index, "message": message}


class ApiRouter(DefaultRouter):
    """DRF's router with NetBox's bulk routes: ``PUT``, ``PATCH`` and ``DELETE`` on a list
    endpoint reach ``bulk_update``, ``bulk_partial_update`` and ``bulk_destroy`` of the
    viewsets that have them (``POST`` of a list reaches ``create``, which hands it on)."""

    routes = [
        route._replace(
            mapping={
                **route.mapping,
                "put": "bulk_update",
                "patch": "bulk_partial_update",
                "delete": "bulk_destroy",
            }
        )
        if isinstance(route, Route) and route.mapping.get("get") == "list"
        else route
        for route in DefaultRouter.routes
    ]


BULK_ACTIONS = ("bulk_update", "bulk_partial_update", "bulk_destroy")


class RestrictedModelViewSet(StrictLookupMixin, ConcurrencyMixin, BulkWriteMixin, viewsets.ModelViewSet):
    """CRUD over a restricted model: every query starts from ``restrict(user, "view")``."""

    queryset = None  # set by subclasses; only its model is used
    select_related: tuple[str, ...] = ()
    prefetch_related: tuple[str, ...] = ()

    def get_queryset(self):
        qs = self.queryset.model.objects.restrict(self.request.user, VIEW)
        related = (*self.select_related, *forward_relations(self.get_serializer_class()))
        if related:
            qs = qs.select_related(*dict.fromkeys(related))
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
