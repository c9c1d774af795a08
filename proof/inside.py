"""What the security suites need from inside Django, run as `python -m proof.inside COMMAND OUT.json
[ARG]` on the proof database (the way proof/tamper.py runs): the served park cannot be asked
which rows exist in which park, or which values are personal, over HTTP.

- ``second-park``: a second operator and park (NORTH) with an enterprise, an administrator, a
  staff login and a tenant, built through the services (the demo park is one park; scopes need
  another). Idempotent.
- ``plan``: the routes, and for each login the objects of each scope (own, another enterprise of
  the same park, another park) and the texts of rows it may not see.
- ``digest``: a fingerprint of every row of the second park and of one demo enterprise, to tell
  afterwards whether a cross-tenant write persisted.
- ``personal``: the stored personal values that the platform masks.
- ``session EXPIRE|AGE KEY``: end a session's idle time, or age it past the absolute limit.
- ``xss``: write probes into every text field of one object per model, through the services.
- ``expire-key PREFIX``: let a key expire.
- ``disable USERNAME``: its operator administrator disables the account.
- ``files``: plant HTML and SVG files on one object per file field (as an old upload would be)
  and list their addresses; also how the upload check answers HTML and SVG.
Writes the answer to OUT.json.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import sys
from decimal import Decimal

NORTH = "NORTH"
PASSWORD = "North-Proof-2026!"
NORTH_LOGINS = ("north_admin", "north_staff", "north_tenant")
# Probes written into text fields (suite 6); what the pages must never show raw.
PROBES = (
    '<script>alert("pxs")</script>',
    '"><img src=x onerror=alert("pxi")>',
    '=HYPERLINK("http://x.example","pxf")',
)


def second_park() -> dict:
    from parkops.accounts.models import User
    from parkops.accounts.services import create_user
    from parkops.core import models as core
    from parkops.core.scope import DepartmentKind, Role
    from parkops.core.services import create_object
    from parkops.core.validators import credit_code_check_char

    def code(serial: int) -> str:
        body = f"91440300MA7{serial:06d}"
        return body + credit_code_check_char(body)

    park = core.Park.objects.filter(code=NORTH).first()
    if park is None:
        platform = User.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
        industry = core.Industry.objects.filter(catalogue__is_current=True).order_by("id").first()
        operator = create_object(
            model=core.Operator, data={"name": "北岸星河运营有限公司", "credit_code": code(901)}, by=platform
        )
        park = create_object(
            model=core.Park,
            data={
                "operator": operator,
                "code": NORTH,
                "name": "北岸星河科创园",
                "district": "baoan",
                "address": "深圳市宝安区星河北岸路88号",
                "land_area": Decimal("30000"),
                "floor_area": Decimal("80000"),
                "leading_industries": [industry],
            },
            by=platform,
        )
        admin = create_user(
            by=platform,
            username="north_admin",
            password=PASSWORD,
            role=Role.OPERATOR_ADMIN,
            operator=operator,
            parks=[park],
        )
        building = create_object(
            model=core.Building,
            data={
                "park": park,
                "code": "N",
                "name": "星河北岸N栋",
                "floors_above": 8,
                "gross_area": Decimal("9000"),
            },
            by=admin,
        )
        floor = create_object(
            model=core.Floor, data={"building": building, "number": 1, "area": Decimal("900")}, by=admin
        )
        enterprise = create_object(
            model=core.Enterprise,
            data={
                "park": park,
                "name": "北岸星河示例科技有限公司",
                "credit_code": code(902),
                "industry": industry,
                "headcount": 12,
                "contact_phone": "13700009999",
            },
            by=admin,
        )
        create_object(
            model=core.Unit,
            data={
                "floor": floor,
                "code": "N-1001",
                "area": Decimal("120"),
                "state": "leased",
                "enterprise": enterprise,
            },
            by=admin,
        )
        department = create_object(
            model=core.Department,
            data={"park": park, "kind": DepartmentKind.SAFETY, "name": "星河北岸安全部"},
            by=admin,
        )
        position = create_object(
            model=core.Position,
            data={
                "department": department,
                "title": "星河北岸安全主管",
                "responsibilities": "巡查",
                "professional": True,
            },
            by=admin,
        )
        create_object(
            model=core.Staff,
            data={
                "park": park,
                "department": department,
                "position": position,
                "employee_no": "NORTH-0001",
                "name": "北岸巡查员",
                "phone": "13600007777",
                "hired_on": dt.date(2023, 5, 1),
            },
            by=admin,
        )
        create_user(
            by=admin,
            username="north_staff",
            password=PASSWORD,
            role=Role.STAFF,
            department=DepartmentKind.SAFETY,
            operator=operator,
            parks=[park],
        )
        create_user(
            by=admin,
            username="north_tenant",
            password=PASSWORD,
            role=Role.TENANT,
            operator=operator,
            enterprise=enterprise,
        )
    return {"park": park.pk, "logins": list(NORTH_LOGINS), "password": PASSWORD}


def _park_lookup(model) -> str | None:
    """The lookup from ``model`` to its park (compared with a park's id)."""
    return getattr(model, "park_path", None) or None


def foreign_rows(model, hidden, user, own_parks):
    """The rows of ``hidden`` that belong to another park, or (for a tenant) to another
    enterprise of its park: what must never appear in the user's lists. Hidden rows of the
    user's own park that are not another tenant's (a department's records) may be named on a
    page the user may see — a building, an organiser — and are tried by id instead."""
    from django.db.models import Q

    from parkops.accounts.models import User
    from parkops.core.scope import Role

    if model is User:
        from parkops.core.models import Park

        operators = Park.objects.filter(pk__in=own_parks).values("operator_id")
        return hidden.exclude(operator_id=None).exclude(operator_id__in=operators).order_by("pk")
    lookup = _park_lookup(model)
    if lookup is None:
        return model.objects.none()
    condition = ~Q(**{f"{lookup}__in": own_parks})
    enterprise = getattr(model, "enterprise_path", None)
    if user.role == Role.TENANT and enterprise and user.enterprise_id:
        condition |= Q(**{f"{enterprise}__isnull": False}) & ~Q(**{enterprise: user.enterprise_id})
    return hidden.filter(condition).distinct().order_by("pk")


def interface_text() -> str:
    """Every text the platform itself brings (labels, choices, the standard's rubric, the
    translation catalogues), but not the demo's data: a demo row named like a label (a survey
    called 物业服务, a document called after the standard's required document) betrays
    nothing when the label shows."""
    from pathlib import Path

    package = Path(__file__).resolve().parent.parent / "parkops"
    chunks = []
    for path in package.rglob("*"):
        if not path.is_file() or path.suffix not in (".py", ".html", ".po", ".csv", ".json", ".txt"):
            continue
        parts = set(path.relative_to(package).parts)
        if "tests" in parts or "demo" in parts or path.name == "demo.py" or "static" in parts:
            continue
        chunks.append(path.read_text(encoding="utf-8", errors="replace"))
    return "\n".join(chunks)


def logins() -> list[str]:
    """Every active login that signs in with a password (the API account signs in by key)."""
    from parkops.accounts.models import User
    from parkops.core.scope import Role

    return list(
        User.objects.filter(is_active=True)
        .exclude(role=Role.API_CLIENT)
        .order_by("pk")
        .values_list("username", flat=True)
    )


def plan(limit: int) -> dict:
    from django.apps import apps
    from django.urls import NoReverseMatch, reverse

    from parkops.accounts.models import User
    from parkops.core.models import Park
    from parkops.core.scope import VIEW, visible_park_ids
    from parkops.testing.routes import OTHER_KWARGS, UNCLASSIFIED, restricted_models, routes, texts

    files_list = file_addresses()
    interface = interface_text()
    models = restricted_models()
    all_routes = [r for r in routes() if "format" not in r.kwargs]
    out_routes = []
    for r in all_routes:
        out_routes.append(
            {
                "name": r.name,
                "model": r.model._meta.label if r.model else None,
                "kwargs": list(r.kwargs),
                "api": r.api,
                "unclassified": UNCLASSIFIED.get(r.name),
            }
        )
    users = {}
    for username in logins():
        user = User.objects.get(username=username)
        parks = visible_park_ids(user)
        own_parks = set(parks) if parks is not None else set(Park.objects.values_list("pk", flat=True))
        scopes: dict[str, dict[str, int]] = {"own": {}, "same_park": {}, "other_park": {}}
        markers, seen = set(), set()
        for model in models:
            visible = model.objects.restrict(user, VIEW)
            hidden = model.objects.exclude(pk__in=visible.values("pk"))
            first = visible.order_by("pk").first()
            if first is not None:
                scopes["own"][model._meta.label] = first.pk
            lookup = _park_lookup(model)
            if lookup:
                try:
                    same = hidden.filter(**{f"{lookup}__in": own_parks}).order_by("pk").first()
                    other = hidden.exclude(**{f"{lookup}__in": own_parks}).order_by("pk").first()
                except Exception:  # noqa: BLE001 (a path that is no park id: count it as another park)
                    same, other = None, hidden.order_by("pk").first()
            else:
                same, other = None, hidden.order_by("pk").first()
            if same is not None:
                scopes["same_park"][model._meta.label] = same.pk
            if other is not None:
                scopes["other_park"][model._meta.label] = other.pk
            for obj in foreign_rows(model, hidden, user, own_parks)[:limit]:
                markers.update(texts(obj))
            for obj in visible[:500]:
                seen.update(texts(obj))
        hidden_files = []
        for address in files_list:
            model = apps.get_model(address["model"])
            if not model.objects.restrict(user, VIEW).filter(pk=address["pk"]).exists():
                hidden_files.append(address["url"])
        # Nor is a name that is part of one the user may see (an event called after it).
        seen_text = "\n".join(seen)
        markers = {m for m in markers - seen if m not in interface and m not in seen_text}
        users[username] = {
            "hidden_files": hidden_files,
            "role": user.role,
            "superuser": user.is_superuser,
            "scopes": scopes,
            "markers": sorted(markers),
        }
    urls = {}
    # One address per (route, object) a suite may ask for, reversed here where Django knows them.
    wanted = {pk for u in users.values() for s in u["scopes"].values() for pk in s.items()}
    by_model: dict[str, list[int]] = {}
    for label, pk in wanted:
        by_model.setdefault(label, []).append(pk)
    for r in all_routes:
        if r.name in UNCLASSIFIED or r.model is None or "pk" not in r.kwargs:
            continue
        for pk in by_model.get(r.model._meta.label, []):
            try:
                urls[f"{r.name}|{pk}"] = reverse(
                    r.name, kwargs={"pk": pk, **{k: OTHER_KWARGS[k] for k in r.kwargs if k != "pk"}}
                )
            except (NoReverseMatch, KeyError):
                continue
    lists = {}
    for r in all_routes:
        if not r.kwargs:
            try:
                lists[r.name] = reverse(r.name)
            except NoReverseMatch:
                continue
    return {"routes": out_routes, "users": users, "urls": urls, "lists": lists, "files": files_list}


def file_addresses() -> list[dict]:
    """Every stored file of every file field: its address and the park of its object."""
    from django.db import models as dj

    from parkops.core.models import RestrictedModel

    out = []
    from django.apps import apps

    for model in apps.get_models():
        if not issubclass(model, RestrictedModel):
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, dj.FileField):
                for obj in model.objects.exclude(**{field.name: ""}).order_by("pk")[:5]:
                    out.append(
                        {
                            "model": model._meta.label,
                            "pk": obj.pk,
                            "url": f"/files/{model._meta.label_lower}/{obj.pk}/{field.name}/",
                        }
                    )
    return out


def digest() -> dict:
    """(model, pk) → a hash of the row, for every row of the second park and of the demo's
    second tenant enterprise (the one `tenant` may not touch)."""
    from django.forms.models import model_to_dict

    from parkops.accounts.models import User
    from parkops.core.models import Park
    from parkops.testing.routes import restricted_models

    north = Park.objects.get(code=NORTH)
    other = User.objects.get(username="tenant2").enterprise_id
    rows = {}
    for model in restricted_models():
        lookup = _park_lookup(model)
        scopes = []
        if lookup:
            scopes.append(("park", {f"{lookup}": north.pk}))
        ent = getattr(model, "enterprise_path", None)
        if ent:
            scopes.append(("enterprise", {ent: other}))
        for scope, flt in scopes:
            try:
                qs = model._default_manager.filter(**flt).distinct()
                for obj in qs:
                    values = model_to_dict(obj)
                    text = json.dumps(values, sort_keys=True, default=str, ensure_ascii=False)
                    rows[f"{scope}|{model._meta.label}|{obj.pk}"] = hashlib.sha256(text.encode()).hexdigest()[
                        :16
                    ]
            except Exception:  # noqa: BLE001, S112 (a lookup this model does not support)
                continue
    return {"rows": rows}


def personal() -> dict:
    from parkops.datagov import registry

    values, models = set(), set()
    for model in registry.platform_models():
        for name, cls in registry.personal_fields(model).items():
            if not cls.mask or model._meta.get_field(name).many_to_many:
                continue
            models.add(model._meta.label)
            for value in model._default_manager.exclude(**{name: ""}).values_list(name, flat=True)[:300]:
                if isinstance(value, str) and len(value) >= 5:
                    values.add(value)
    return {"values": sorted(values), "models": sorted(models)}


def session(action: str, key: str) -> dict:
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    from parkops.accounts.middleware import SESSION_STARTED

    row = Session.objects.filter(session_key=key).first()
    if row is None:
        return {"found": False}
    idle_left = (row.expire_date - timezone.now()).total_seconds()
    if action == "expire":  # as if the idle time had passed
        Session.objects.filter(pk=key).update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    elif action == "age":  # as if it had been opened 1 s beyond the absolute limit
        from django.conf import settings

        store = SessionStore(session_key=key)
        data = store.load()
        import time

        data[SESSION_STARTED] = time.time() - settings.SESSION_ABSOLUTE_HOURS * 3600 - 1
        store._session_cache = data
        store.save()
    return {"found": True, "idle_seconds_left": idle_left}


def xss(limit_models: int) -> dict:
    """Write PROBES into the text fields of one object per model, through update_object."""
    from django.core.exceptions import PermissionDenied, ValidationError
    from django.db import models as dj

    from parkops.accounts.models import User
    from parkops.core.models import Park, RestrictedModel
    from parkops.core.services import update_object

    platform = User.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
    demo = Park.objects.get(code="DEMO")
    written, refused, fields = 0, 0, []
    from django.apps import apps

    for model in apps.get_models():
        if not issubclass(model, RestrictedModel) or model._meta.label.startswith("audit."):
            continue
        text_fields = [
            f
            for f in model._meta.concrete_fields
            if isinstance(f, dj.CharField | dj.TextField)
            and not f.choices
            and f.editable
            and not isinstance(f, dj.EmailField | dj.URLField | dj.SlugField)
            and f.name not in ("code", "credit_code", "employee_no", "phone", "contact_phone", "id_number")
        ]
        if not text_fields:
            continue
        lookup = _park_lookup(model)
        qs = model.objects.all()
        if lookup:
            qs = qs.filter(**{lookup: demo.pk})
        obj = qs.order_by("pk").first()
        if obj is None:
            continue
        for i, field in enumerate(text_fields):
            probe = PROBES[i % len(PROBES)]
            max_length = field.max_length or 10_000
            value = probe if len(probe) <= max_length else None
            if value is None:
                continue
            try:
                fresh = model.objects.get(pk=obj.pk)
                update_object(obj=fresh, data={field.name: value}, by=platform)
                written += 1
                fields.append(f"{model._meta.label}.{field.name}")
            except (ValidationError, PermissionDenied, ValueError, TypeError):
                refused += 1
            except Exception:  # noqa: BLE001 (a model whose service refuses a generic update)
                refused += 1
        if limit_models and len({f.split(".")[0] + f.split(".")[1] for f in fields}) >= limit_models:
            break
    return {"written": written, "refused": refused, "fields": fields, "probes": list(PROBES)}


def files() -> dict:
    """Plant an HTML and an SVG file on one object per file field; check that the upload check
    refuses both."""
    from django.apps import apps
    from django.core.exceptions import ValidationError
    from django.core.files.base import ContentFile
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import models as dj

    from parkops.core import files as core_files
    from parkops.core.models import Park, RestrictedModel

    html = b"<!doctype html><html><body><script>alert(1)</script></body></html>"
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>'
    demo = Park.objects.get(code="DEMO")
    planted, accepted, checked = [], 0, 0
    for model in apps.get_models():
        if not issubclass(model, RestrictedModel):
            continue
        for field in model._meta.concrete_fields:
            if not isinstance(field, dj.FileField):
                continue
            kind = core_files.field_kind(model, field)
            for name, content in (("probe.html", html), ("probe.svg", svg), ("probe.png", svg)):
                checked += 1
                try:
                    core_files.check_upload(SimpleUploadedFile(name, content), kind)
                    accepted += 1
                except ValidationError:
                    pass
            lookup = _park_lookup(model)
            qs = model.objects.all()
            if lookup:
                qs = qs.filter(**{lookup: demo.pk})
            obj = qs.order_by("pk").first()
            if obj is None:
                continue
            for name, content in (("probe.html", html), ("probe.svg", svg)):
                stored = field.storage.save(f"proof/{name}", ContentFile(content))
                model.objects.filter(pk=obj.pk).update(**{field.name: stored})
                planted.append(f"/files/{model._meta.label_lower}/{obj.pk}/{field.name}/")
    return {"planted": planted, "upload_checks": checked, "uploads_accepted": accepted}


def expire_key(prefix: str) -> dict:
    """Move a key's expiry one minute into the past (as time passing would)."""
    from django.utils import timezone

    from parkops.accounts.models import ApiKey

    changed = ApiKey.objects.filter(prefix=prefix).update(
        expiry_date=timezone.now() - dt.timedelta(minutes=1)
    )
    return {"expired": changed}


def disable(username: str) -> dict:
    """The park's operator administrator disables ``username`` (accounts' service)."""
    from parkops.accounts.models import User
    from parkops.accounts.services import update_user
    from parkops.core.scope import Role

    user = User.objects.get(username=username)
    by = (
        User.objects.filter(role=Role.OPERATOR_ADMIN, operator_id=user.operator_id, is_active=True)
        .order_by("pk")
        .first()
    )
    update_user(by=by, user=user, data={"is_active": False})
    return {"disabled": username, "by": by.username}


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parkops.settings")
    import django

    django.setup()
    command, out = sys.argv[1], sys.argv[2]
    args = sys.argv[3:]
    if command == "second-park":
        answer = second_park()
    elif command == "plan":
        answer = plan(int(args[0]) if args else 50)
    elif command == "digest":
        answer = digest()
    elif command == "personal":
        answer = personal()
    elif command == "session":
        answer = session(args[0], args[1])
    elif command == "xss":
        answer = xss(int(args[0]) if args else 0)
    elif command == "expire-key":
        answer = expire_key(args[0])
    elif command == "disable":
        answer = disable(args[0])
    elif command == "files":
        answer = files()
    else:
        raise SystemExit(f"unknown command {command}")
    with open(out, "w", encoding="utf-8") as fh:
        json.dump(answer, fh, ensure_ascii=False, default=str)
    return 0


if __name__ == "__main__":
    sys.exit(main())
