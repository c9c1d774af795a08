"""The detail pages each app builds itself (service, engineering, safety, improvement,
investment, spaces) show a record's history the readable way: field labels instead of raw
names, Beijing time, people by name. The check runs on the crawl's demo park
(``parkops/core/tests/test_crawl.py``), which is built once for both."""

from __future__ import annotations

import re
from zoneinfo import ZoneInfo

from django.apps import apps

from parkops.audit.models import AuditEntry

BEIJING = ZoneInfo("Asia/Shanghai")
PAGES = (
    "service.Ticket",
    "service.Survey",
    "engineering.WorkOrder",
    "engineering.MaintenancePlan",
    "engineering.DecorationApplication",
    "safety.Hazard",
    "improvement.CorrectiveAction",
    "investment.Customer",
    "investment.Lease",
    "spaces.FunctionSpace",
    "spaces.FloorPlan",
)
PARTS = ("core", "spaces", "investment", "safety", "engineering", "service", "improvement")


def _history_section(html: str) -> str:
    start = html.index('class="card po-history"')
    section = html[start:]
    # The raw entry (administrators only, one click away) may show stored names; the readable
    # part must not.
    return re.sub(r"<details.*?</details>", "", section, flags=re.S)


def history_problems(client, label: str) -> list[tuple[str, str]]:
    model = apps.get_model(label)
    entries = AuditEntry.objects.filter(object_type=model._meta.label_lower, action__in=("create", "update"))
    entry = entries.order_by("-at", "-id").first()
    if entry is None:
        return [(label, "no history in the demo")]
    obj = model.objects.get(pk=entry.object_id)
    page = client.get(obj.get_absolute_url())
    if page.status_code != 200 or 'class="card po-history"' not in page.content.decode():
        return [(label, f"no readable history on {obj.get_absolute_url()} ({page.status_code})")]
    section = _history_section(page.content.decode())
    problems = []
    shown = list(
        AuditEntry.objects.filter(object_type=entry.object_type, object_id=entry.object_id).order_by(
            "-at", "-id"
        )[:30]
    )
    shown_at = shown[0].at.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M")
    if shown_at not in section:
        problems.append((label, f"latest change not shown at {shown_at} Beijing time"))
    fields = {f.attname: f for f in model._meta.concrete_fields}
    keys = {k for e in shown for k in (e.after or {})} - {"id", "created_at", "updated_at"}
    written = [fields[k] for k in keys if k in fields]
    if not any(f"{f.verbose_name}</dt>" in section for f in written):
        problems.append((label, "no field label of the written fields"))
    if found := re.findall(r"\b[a-z]+(?:_[a-z]+)*_id\b", section):
        problems.append((label, f"raw names {found}"))
    return problems
