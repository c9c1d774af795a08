"""An object's audit history as people read it: field labels, choice labels, related objects
by name (linked when the viewer may open them), local times and people's names. The raw entry
stays one click away for those who may read the audit log."""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from parkops.audit.models import AuditEntry
from parkops.core.scope import VIEW

EVENT_LABELS = {
    "notify": _("发送通知"),
    "notifications_read": _("通知标为已读"),
    "login": _("登录"),
    "logout": _("退出登录"),
    "password_change": _("修改密码"),
    "password_change_failed": _("修改密码失败"),
    "password_reset": _("重置密码"),
    "export": _("导出"),
    "import": _("导入"),
    "yearly_report": _("生成年度报告"),
    "reveal_phone": _("查看完整电话"),
    "webhook_test": _("测试推送"),
    "hazard_escalated": _("隐患逾期升级"),
    "action_escalated": _("整改逾期升级"),
    "sheet_submitted": _("提交评分表"),
    "survey_answered": _("填写问卷"),
    "survey_anonymous_response": _("匿名答卷"),
    "survey_reminders": _("问卷催办"),
    "evaluation_panel_access": _("评估专家获得园区访问权"),
}

# Keys of event details (not model fields).
DETAIL_LABELS = {
    "kind": _("类型"),
    "subject": _("标题"),
    "recipients": _("接收人"),
    "model": _("数据"),
    "rows": _("行数"),
    "file": _("文件"),
    "report": _("报告"),
    "as_of": _("截止日期"),
    "outcome": _("结果"),
    "field": _("字段"),
    "ok": _("成功"),
    "error": _("错误"),
    "digest": _("摘要"),
    "documents": _("文件数"),
    "count": _("条数"),
    "ids": _("记录"),
    "importer": _("导入模板"),
    "status": _("状态"),
    "created": _("新增条数"),
    "errors": _("错误条数"),
    "deadline": _("期限"),
    "responses": _("答卷数"),
    "reminded": _("催办人数"),
    "used": _("已使用"),
    "response": _("答卷"),
    "username": _("用户名"),
}

# The entry has its own time and object; repeating them in every change is noise.
NOISE = {"id", "created_at", "updated_at"}


@dataclass
class Value:
    text: str
    url: str = ""


@dataclass
class Change:
    label: str
    before: list[Value] | None
    after: list[Value] | None


@dataclass
class HistoryItem:
    entry: AuditEntry
    at: dt.datetime
    actor: str
    actor_url: str
    action: str
    event: str
    changes: list[Change] = field(default_factory=list)

    def raw(self, data) -> str:
        return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) if data is not None else "—"

    @property
    def raw_before(self) -> str:
        return self.raw(self.entry.before)

    @property
    def raw_after(self) -> str:
        return self.raw(self.entry.after)

    def __getattr__(self, name: str):
        # Templates written against AuditEntry (entry.actor_name, entry.after, …) keep working.
        if name.startswith("_") or name == "entry":
            raise AttributeError(name)
        return getattr(self.entry, name)


def can_read_raw(user) -> bool:
    """Who sees the raw entries: those who may open the audit log."""
    from parkops.audit.selectors import may_read_log

    return may_read_log(user)


def _local(value: dt.datetime) -> str:
    if timezone.is_naive(value):
        value = timezone.make_aware(value, dt.UTC)
    return date_format(timezone.localtime(value), "Y-m-d H:i")


class _Names:
    """Names (and links) of related objects, one query per model, restricted to the viewer."""

    def __init__(self, user):
        self.user = user
        self.wanted: dict[type[models.Model], set] = defaultdict(set)
        self.found: dict[tuple[type[models.Model], str], Value] = {}

    def want(self, model, pk) -> None:
        if pk not in (None, ""):
            self.wanted[model].add(pk)

    def load(self) -> None:
        User = get_user_model()
        for model, pks in self.wanted.items():
            manager = model._default_manager
            visible = (
                list(manager.restrict(self.user, VIEW).filter(pk__in=pks))
                if hasattr(manager, "restrict")
                else []
            )
            for obj in visible:
                url = obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else ""
                self.found[(model, str(obj.pk))] = Value(str(obj), url or "")
            if model is User:
                # People are named even where their pages are not open to the viewer.
                for obj in manager.filter(pk__in=pks).exclude(pk__in=[o.pk for o in visible]):
                    self.found[(model, str(obj.pk))] = Value(str(obj))

    def get(self, model, pk) -> Value:
        return self.found.get((model, str(pk))) or Value(gettext("（无权查看或已删除）"))


def _field_map(model) -> dict[str, models.Field]:
    fields: dict[str, models.Field] = {}
    if model is None:
        return fields
    for f in model._meta.concrete_fields:
        fields[f.attname] = f
        fields[f.name] = f
    for f in model._meta.many_to_many:
        fields[f.name] = f
    return fields


def _plain(value: Any, f: models.Field | None = None) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return gettext("是") if value else gettext("否")
    if f is not None and f.choices:
        label = dict(f.flatchoices).get(value)
        if label is not None:
            return str(label)
    if isinstance(value, str):
        if isinstance(f, models.DateTimeField) or (f is None and "T" in value and len(value) >= 19):
            parsed = parse_datetime(value)
            if parsed is not None:
                return _local(parsed)
        if isinstance(f, models.DateField) and not isinstance(f, models.DateTimeField):
            parsed_date = parse_date(value)
            if parsed_date is not None:
                return date_format(parsed_date, "Y-m-d")
    if isinstance(value, list):
        return "、".join(_plain(v) for v in value) or "—"
    if isinstance(value, dict):
        return "；".join(f"{k}：{_plain(v)}" for k, v in value.items()) or "—"
    if isinstance(value, float | Decimal):
        return str(value)
    return str(value)


def _values(value: Any, f: models.Field | None, names: _Names, key: str) -> list[Value]:
    if f is not None and f.is_relation and f.related_model is not None:
        pks = value if isinstance(value, list) else [value]
        if all(pk in (None, "") for pk in pks):
            return [Value("—")]
        return [names.get(f.related_model, pk) for pk in pks if pk not in (None, "")]
    if key == "recipients" and isinstance(value, list):
        return [names.get(get_user_model(), pk) for pk in value] or [Value("—")]
    return [Value(_plain(value, f))]


def _plan(entry: AuditEntry, model, names: _Names) -> None:
    fields = _field_map(model)
    for data in (entry.before, entry.after):
        if not isinstance(data, dict):
            continue
        for key, value in data.items():
            f = fields.get(key)
            if f is not None and f.is_relation and f.related_model is not None:
                for pk in value if isinstance(value, list) else [value]:
                    names.want(f.related_model, pk)
            elif key == "recipients" and isinstance(value, list):
                for pk in value:
                    names.want(get_user_model(), pk)


def _changes(entry: AuditEntry, model, names: _Names) -> list[Change]:
    fields = _field_map(model)
    before = entry.before if isinstance(entry.before, dict) else {}
    after = entry.after if isinstance(entry.after, dict) else {}
    keys = [k for k in dict.fromkeys([*before, *after]) if k not in NOISE]
    changes = []
    for key in keys:
        f = fields.get(key)
        if f is not None:
            label = str(f.verbose_name)
        elif key in DETAIL_LABELS:
            label = str(DETAIL_LABELS[key])
        else:
            label = key
        changes.append(
            Change(
                label=label,
                before=_values(before[key], f, names, key) if key in before else None,
                after=_values(after[key], f, names, key) if key in after else None,
            )
        )
    if not isinstance(entry.after, dict) and entry.after not in (None, "", []):
        changes.append(Change(label="", before=None, after=[Value(_plain(entry.after))]))
    return changes


def object_entries(obj: models.Model, limit: int = 30):
    """The latest audit entries of one object, newest first."""
    return AuditEntry.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk)).order_by(
        "-at", "-id"
    )[:limit]


def object_history(obj: models.Model, user, *, limit: int = 30, protection=None) -> dict:
    """What a detail page needs to include ``audit/_history.html`` for ``obj``: its readable
    history and whether ``user`` may open the raw entries. Old and new values get the same
    protection as the fields of the page (``parkops.datagov.protection``): fields above the
    reader's clearance left out, personal values masked — unless the page's own ``protection``
    (a request that asked to unmask, may, and gave a reason) says otherwise."""
    from parkops.core.views import protect_history
    from parkops.datagov.protection import Protection

    history = readable_history(object_entries(obj, limit), user)
    protect_history(history, obj, protection if protection is not None else Protection(user))
    return {"history": history, "history_raw": can_read_raw(user)}


def readable_history(entries, user) -> list[HistoryItem]:
    """The entries (already chosen for an object the user may see) as people read them."""
    entries = list(entries)
    names = _Names(user)
    User = get_user_model()
    for entry in entries:
        model = _model(entry.object_type)
        _plan(entry, model, names)
        names.want(User, entry.actor_id)
    names.load()
    items = []
    for entry in entries:
        model = _model(entry.object_type)
        if entry.actor_id:
            who = names.get(User, entry.actor_id)
            actor = who.text if (User, str(entry.actor_id)) in names.found else entry.actor_name
            actor_url = who.url
        else:
            actor = gettext("系统") if entry.actor_name in ("", "system") else entry.actor_name
            actor_url = ""
        items.append(
            HistoryItem(
                entry=entry,
                at=timezone.localtime(entry.at),
                actor=actor,
                actor_url=actor_url,
                action=entry.get_action_display(),
                event=_event_label(entry.event, model),
                changes=_changes(entry, model, names),
            )
        )
    return items


def _event_label(event: str, model) -> str:
    """An event's name in the reader's language: the platform's own events, or the step of the
    model's declared workflow (``assign`` of a work order reads 派单/Dispatch)."""
    if event in EVENT_LABELS:
        return str(EVENT_LABELS[event])
    workflow = getattr(model, "workflow", None) if model is not None else None
    for transition in getattr(workflow, "transitions", ()):
        if event in (transition.name, transition.audit_event) and transition.step:
            return gettext(str(transition.step))
    return event


def _model(label: str):
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None
