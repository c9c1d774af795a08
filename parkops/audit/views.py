"""The audit log page (MLPS 安全审计; clause 7.2.4): who did what, when, to which record, with
its values before and after, for those who may read it (``selectors.may_read_log``) and only
for the parks they may see. Filters by park, person, data object, action and date; an Excel
export of the filtered entries (itself audited).

The values shown follow the data classification of the record they belong to: fields above
the reader's level are left out and personal values are masked (``Protection``), so the log
does not show what the record's own page would not."""

from __future__ import annotations

import copy
import json

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from parkops.audit.filters import AuditEntryFilterSet
from parkops.audit.history import _model, readable_history
from parkops.audit.selectors import visible_entries
from parkops.core import services
from parkops.core.filters import restrict_filter_choices
from parkops.core.views import _unmask_context, protection_of

PAGE_SIZE = 50


def _shown(entries, user, protection, values):
    """Copies of the entries (never saved) as the reader may see them: the entry's own fields
    by ``protection`` (unmasking allowed), the record's values by ``values`` (always masked)."""
    from parkops.audit.api import UNSEEN_ACTOR, UNSEEN_OBJECT
    from parkops.audit.selectors import hidden_objects, seen_actor_ids

    out = []
    seen_actors = seen_actor_ids(protection.user, entries)
    hidden = hidden_objects(protection.user, entries)
    for entry in entries:
        shown = copy.copy(entry)
        model = _model(entry.object_type)
        if not protection.visible(type(entry), "before"):
            shown.before = shown.after = None
        else:
            shown.before = values.stored_values(model, entry.before)
            shown.after = values.stored_values(model, entry.after)
        for name in ("actor_name", "ip", "object_repr"):
            if protection.visible(type(entry), name):
                setattr(shown, name, protection.show(entry, name, getattr(entry, name)))
            else:
                setattr(shown, name, "")
        if entry.actor_id and entry.actor_id not in seen_actors:
            shown.actor_name = str(UNSEEN_ACTOR)
        if (entry.object_type, str(entry.object_id)) in hidden:
            shown.object_repr = str(UNSEEN_OBJECT)
            shown.before = shown.after = None
        out.append(shown)
    return out


def _parks(entries) -> dict:
    from parkops.core.models import Park

    ids = {e.park_id for e in entries if e.park_id}
    return dict(Park.objects.filter(pk__in=ids).values_list("pk", "name"))


class AuditLogView(LoginRequiredMixin, View):
    def get(self, request):
        from parkops.datagov.protection import Protection

        qs = visible_entries(request.user).order_by("-at", "-id")
        filterset = restrict_filter_choices(
            AuditEntryFilterSet(request.GET, queryset=qs, request=request), request.user
        )
        qs = filterset.qs
        values = Protection(request.user)
        if request.GET.get("export") == "xlsx":
            return self.export(qs, protection_of(request, "export"), values)
        protection = protection_of(request)
        page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
        entries = _shown(page.object_list, request.user, protection, values)
        items = readable_history(entries, request.user)
        parks = _parks(entries)
        for item in items:
            item.park_name = parks.get(item.entry.park_id, "")
        protection.record()
        protection.masked = protection.masked or values.masked
        params = request.GET.copy()
        params.pop("page", None)
        export_params = params.copy()
        export_params.pop("unmask", None)
        export_params.pop("reason", None)
        export_params["export"] = "xlsx"
        return render(
            request,
            "audit/entry_list.html",
            {
                "filter_form": filterset.form,
                "page_obj": page,
                "items": items,
                "total": page.paginator.count,
                "query_string": params.urlencode(),
                "export_url": "?" + export_params.urlencode(),
                "protection": protection,
                **_unmask_context(params),
            },
        )

    def export(self, qs, protection, values) -> HttpResponse:
        from openpyxl import Workbook

        from parkops.core.excel import append_row

        wb = Workbook(write_only=True)
        ws = wb.create_sheet(_("审计日志"))
        append_row(
            ws,
            [
                _("时间（北京时间）"),
                _("园区"),
                _("操作人"),
                _("操作"),
                _("事件"),
                _("数据对象"),
                _("对象ID"),
                _("对象"),
                _("修改前"),
                _("修改后"),
                _("来源IP"),
                _("请求ID"),
                _("链 / 序号"),
                _("哈希"),
            ],
        )
        rows = 0
        for chunk in _chunks(qs.iterator(chunk_size=2000), 2000):
            shown = _shown(chunk, self.request.user, protection, values)
            parks = _parks(shown)
            for entry in shown:
                append_row(
                    ws,
                    [
                        timezone.localtime(entry.at).strftime("%Y-%m-%d %H:%M:%S"),
                        parks.get(entry.park_id, ""),
                        entry.actor_name,
                        entry.get_action_display(),
                        entry.event,
                        entry.object_type,
                        entry.object_id,
                        entry.object_repr,
                        _json(entry.before),
                        _json(entry.after),
                        entry.ip or "",
                        entry.request_id,
                        f"{entry.chain}#{entry.seq}",
                        entry.hash,
                    ],
                )
                rows += 1
        response = HttpResponse(
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        filename = f"audit-{timezone.localtime():%Y%m%d-%H%M}.xlsx"
        response["Content-Disposition"] = f"attachment; filename=\"{filename}\"; filename*=UTF-8''{filename}"
        wb.save(response)
        protection.record()
        services.record_event(
            event="export", obj=None, by=self.request.user, detail={"model": "audit.auditentry", "rows": rows}
        )
        return response


def _chunks(iterable, size):
    chunk = []
    for item in iterable:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _json(data) -> str:
    return "" if data is None else json.dumps(data, ensure_ascii=False, sort_keys=True, default=str)
