"""Names for the API schema's enums.

Many models have a field called ``kind`` or ``status`` with choices of their own, and some
choice sets are shared by several fields. drf-spectacular then invents names (``KindB78Enum``)
and warns. This gives every choice set one stable name after the first model field that uses
it (``HazardGradeEnum``), registered before the schema is first generated."""

from __future__ import annotations

from django.apps import apps
from django.conf import settings


def _camel(name: str) -> str:
    return "".join(part.capitalize() for part in name.split("_"))


def register_enum_names() -> None:
    overrides = settings.SPECTACULAR_SETTINGS.setdefault("ENUM_NAME_OVERRIDES", {})
    seen: set[tuple] = set()
    for model in apps.get_models():
        if not model.__module__.startswith("parkops."):
            continue
        for field in model._meta.concrete_fields:
            if not field.choices or field.is_relation:
                continue
            choices = [(value, label) for value, label in field.flatchoices if value not in ("", None)]
            # drf-spectacular tells choice sets apart by their (value, label) pairs.
            key = tuple(sorted((str(value), str(label)) for value, label in choices))
            if key in seen:
                continue
            seen.add(key)
            overrides.setdefault(f"{model.__name__}{_camel(field.name)}Enum", choices)


# --- The schema class and its post-processing -----------------------------------------

import copy  # noqa: E402
import re  # noqa: E402

from django.db.models import AutoField, BigAutoField, IntegerField  # noqa: E402
from drf_spectacular.extensions import OpenApiSerializerFieldExtension  # noqa: E402
from drf_spectacular.openapi import AutoSchema as _SpectacularAutoSchema  # noqa: E402
from drf_spectacular.plumbing import ResolvedComponent  # noqa: E402
from rest_framework import serializers  # noqa: E402


class AutoSchema(_SpectacularAutoSchema):
    """drf-spectacular's schema, truthful where DRF's field building hides a fact: a read-only
    choice whose model field may be blank does answer ``""`` (DRF drops ``allow_blank`` from
    read-only fields), so the document says so."""

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        if isinstance(field, serializers.ChoiceField) and field.read_only and not field.allow_blank:
            model_field = _model_field(field)
            if model_field is not None and getattr(model_field, "blank", False):
                field.allow_blank = True
        result = super()._map_serializer_field(field, direction, bypass_extensions)
        if (
            isinstance(field, serializers.URLField)
            and field.read_only
            and result.get("format") == "uri"
            and _may_be_blank(field)
        ):
            # An optional link is stored and answered as "", which is no URI: say it may be ""
            # (DRF drops allow_blank from read-only fields; the top-level format, which
            # drf-spectacular adds again later, goes in postprocess).
            result["anyOf"] = copy.deepcopy(BLANK_OR_URI)
        return result

    def _map_basic_serializer(self, serializer, direction):
        """A field above 一般数据 is left out for readers not cleared for it
        (``parkops.datagov.protection``): the response schema does not promise it."""
        result = super()._map_basic_serializer(serializer, direction)
        if direction == "response" and result.get("required"):
            from parkops.datagov.protection import withheld_fields
            from parkops.datagov.registry import Level

            withheld = withheld_fields(serializer, Level.GENERAL)
            if withheld:
                result["required"] = [name for name in result["required"] if name not in withheld]
                if not result["required"]:
                    del result["required"]
        return result

    def _bulk_action(self) -> str | None:
        from parkops.core.api import BULK_ACTIONS, BulkWriteMixin

        action = getattr(self.view, "action", None)
        if not isinstance(self.view, BulkWriteMixin):
            return None
        return action if action in (*BULK_ACTIONS, "create") else None

    def get_operation_id(self) -> str:
        action = self._bulk_action()
        if action in ("bulk_update", "bulk_partial_update", "bulk_destroy"):
            return "_".join([*(t.replace("-", "_") for t in self._tokenize_path()), action])
        return super().get_operation_id()

    def get_operation(self, path, path_regex, path_prefix, method, registry):
        """Bulk writes on list endpoints (``parkops.core.api.BulkWriteMixin``): ``POST`` takes
        one object or a list, ``PUT``/``PATCH`` a list of objects with ``id``, ``DELETE`` a list
        of ids; the answers are the object or the list."""
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        action = self._bulk_action()
        if operation is None or action is None:
            return operation
        from django.conf import settings

        limit = getattr(settings, "PARKOPS_API_MAX_PAGE_SIZE", 1000)

        def array(items):
            return {"type": "array", "items": items, "minItems": 1, "maxItems": limit}

        body = operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
        if action == "bulk_destroy":
            operation["requestBody"] = _json_body(
                array(ID_ITEM), "要删除的对象编号列表（全部删除或全部不删）"
            )
            operation["responses"] = {"204": {"description": "已全部删除"}}
            operation["summary"] = "批量删除"
            return operation
        if body is None:
            return operation
        if action == "create":
            # Form and multipart bodies (files) stay single objects; JSON may carry a list.
            operation["requestBody"]["content"]["application/json"]["schema"] = {"oneOf": [body, array(body)]}
            operation["requestBody"]["description"] = (
                "一个对象，或对象列表（批量新增，仅 JSON：全部写入或全部不写）"
            )
            for code in ("201", "200"):
                response = operation["responses"].get(code, {}).get("content", {}).get("application/json")
                if response:
                    response["schema"] = {
                        "oneOf": [response["schema"], {"type": "array", "items": response["schema"]}]
                    }
            return operation
        operation["requestBody"] = _json_body(
            array({"allOf": [body, ID_ITEM]}), "对象列表，每项含 id（批量修改：全部写入或全部不写）"
        )
        response = operation["responses"].get("200", {}).get("content", {}).get("application/json")
        if response:
            response["schema"] = {"type": "array", "items": response["schema"]}
        operation["summary"] = "批量修改" if action == "bulk_update" else "批量部分修改"
        return operation


class NestedRelatedFieldExtension(OpenApiSerializerFieldExtension):
    """A related object answers ``{id, url, display}`` (one ``Brief<Model>`` component per
    model, NetBox's brief form) and is written by its id."""

    target_class = "parkops.core.api.NestedRelatedField"

    def map_serializer_field(self, auto_schema, direction):
        field = self.target
        model = _related_model(field)
        if direction == "request":
            integer = model is None or isinstance(model._meta.pk, AutoField | BigAutoField | IntegerField)
            return {
                "type": "integer" if integer else "string",
                "description": f"{model._meta.verbose_name if model else ''}编号".strip(),
            }
        if model is None:
            return dict(BRIEF_SCHEMA)
        schema = copy.deepcopy(BRIEF_SCHEMA)
        schema["description"] = f"{model._meta.verbose_name}（简要：编号、接口地址、名称）"
        if not isinstance(model._meta.pk, AutoField | BigAutoField | IntegerField):
            schema["properties"]["id"]["type"] = "string"
        component = ResolvedComponent(
            name=brief_component_name(model), type=ResolvedComponent.SCHEMA, schema=schema, object=model
        )
        auto_schema.registry.register_on_missing(component)
        return component.ref


BRIEF_SCHEMA = {
    "type": "object",
    "properties": {
        "id": {"type": "integer", "readOnly": True},
        "url": {"type": "string", "format": "uri", "nullable": True, "readOnly": True},
        "display": {"type": "string", "readOnly": True},
    },
    "required": ["id", "url", "display"],
}


def brief_component_name(model) -> str:
    """``BriefPark``; a model name two apps share takes its app's name too."""
    names = [m for m in apps.get_models() if m.__name__ == model.__name__]
    prefix = _camel(model._meta.app_label) if len(names) > 1 else ""
    return f"Brief{prefix}{model.__name__}"


def _related_model(field):
    queryset = getattr(field, "queryset", None)
    if queryset is not None:
        return queryset.model
    parent = field.parent
    source = field.source
    if isinstance(parent, serializers.ManyRelatedField):
        source, parent = parent.source, parent.parent
    model = getattr(getattr(parent, "Meta", None), "model", None)
    if model is None or "." in source:
        return None
    try:
        return model._meta.get_field(source).related_model
    except Exception:  # noqa: BLE001 - not a model field
        return None


BLANK_OR_URI = [{"format": "uri"}, {"maxLength": 0}]
ID_ITEM = {
    "type": "object",
    "properties": {"id": {"type": "integer", "minimum": 1, "maximum": 2**63 - 1, "description": "对象编号"}},
    "required": ["id"],
}


def _json_body(schema, description: str) -> dict:
    return {"content": {"application/json": {"schema": schema}}, "required": True, "description": description}


def _may_be_blank(field) -> bool:
    model_field = _model_field(field)
    return model_field is not None and getattr(model_field, "blank", False)


def _model_field(field):
    model = getattr(getattr(getattr(field, "parent", None), "Meta", None), "model", None)
    if model is None or not field.source or "." in field.source:
        return None
    try:
        return model._meta.get_field(field.source)
    except Exception:  # noqa: BLE001 - not a model field (a method or property)
        return None


ERROR_SCHEMA = {
    "type": "object",
    "description": "错误：`detail` 为说明（按请求语言），`code` 为机器可读的错误码。",
    "properties": {"detail": {"type": "string"}, "code": {"type": "string"}},
    "required": ["detail"],
}
VALIDATION_ERROR_SCHEMA = {
    "type": "object",
    "description": "校验错误：键为字段名（或 `non_field_errors`、过滤参数名），值为错误说明列表；"
    "或 `detail` 说明整体错误。",
    "additionalProperties": {},
}
_ERRORS = {
    "400": ("ValidationError", "请求无效：字段校验失败、未知或无效的过滤参数、分页参数无效"),
    "401": ("Error", "未认证：缺少或无效的接口密钥"),
    "403": ("Error", "无权限：角色、园区范围或只读接口密钥不允许此操作"),
    "404": ("Error", "不存在或不在权限范围内"),
    "409": ("Error", "冲突：对象仍被其他记录引用或状态不允许此操作"),
    "412": ("Error", "If-Match 与对象当前的 ETag 不符：对象已被他人修改"),
    "429": ("Error", "请求过于频繁：见 Retry-After"),
}
_DECIMAL = re.compile(r"^\^-\?\\d\{0,(\d+)\}\(\?:\\\.\\d\{0,(\d+)\}\)\?\$$")


def _error_codes(method: str, path: str) -> list[str]:
    codes = ["400", "401", "403", "404", "429"]
    if method in ("put", "patch", "delete") and "{" in path:
        codes.append("412")
    if method in ("post", "put", "patch", "delete"):
        codes.append("409")
    return codes


def _fix_decimal_patterns(node) -> None:
    """drf-spectacular's decimal pattern (``^-?\\d{0,8}(?:\\.\\d{0,2})?$``) accepts ``""`` and
    ``"-"``, which the API refuses: require a digit before the point."""
    if isinstance(node, dict):
        pattern = node.get("pattern")
        if isinstance(pattern, str):
            match = _DECIMAL.match(pattern)
            if match:
                whole, places = match.groups()
                node["pattern"] = rf"^-?\d{{1,{max(int(whole), 1)}}}(?:\.\d{{1,{places}}})?$"
        for value in node.values():
            _fix_decimal_patterns(value)
    elif isinstance(node, list):
        for value in node:
            _fix_decimal_patterns(value)


def _fix_formats(node) -> None:
    """An optional link may be "" (see ``AutoSchema._map_serializer_field``). A time of day is answered as ``"08:00:00"``, without an offset, but OpenAPI's
    ``format: time`` is RFC 3339's full-time, which requires one (``"08:00:00+08:00"``), so
    every answer broke its own schema: it is RFC 3339's ``partial-time``, in Asia/Shanghai."""
    if isinstance(node, dict):
        if node.get("format") == "time" and node.get("type") == "string":
            node["format"] = "partial-time"
            node.setdefault("description", "时:分[:秒]，北京时间，不带时区")
        if node.get("anyOf") == BLANK_OR_URI:
            node.pop("format", None)
        for value in node.values():
            _fix_formats(value)
    elif isinstance(node, list):
        for value in node:
            _fix_formats(value)


def postprocess(result, generator, request, public):
    """Every operation documents its error answers (400/401/403/404/409/412/429) with their
    bodies; decimal patterns refuse ``""`` and ``"-"``; times of day are partial-time."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault("Error", ERROR_SCHEMA)
    schemas.setdefault("ValidationError", VALIDATION_ERROR_SCHEMA)
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            for code in _error_codes(method, path):
                component, description = _ERRORS[code]
                operation["responses"].setdefault(
                    code,
                    {
                        "description": description,
                        "content": {
                            "application/json": {"schema": {"$ref": f"#/components/schemas/{component}"}}
                        },
                    },
                )
            if method in ("put", "patch", "delete") and "{" in path:
                parameters = operation.setdefault("parameters", [])
                if not any(p.get("name") == "If-Match" for p in parameters):
                    parameters.append(
                        {
                            "in": "header",
                            "name": "If-Match",
                            "required": False,
                            "schema": {"type": "string"},
                            "description": "详情响应的 ETag；与当前不符时答 412，防止覆盖他人的修改。",
                        }
                    )
    _fix_decimal_patterns(result)
    _fix_formats(result)
    return result
