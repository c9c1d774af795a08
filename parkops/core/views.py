"""Generic pages for restricted models: list (filter, sort, paginate, Excel export), detail
with the object's audit history, create/edit and delete through the services.

Every queryset starts from ``Model.objects.restrict(request.user, action)``. A page is
declared by subclassing with a few attributes, the way NetBox's generic views work; see
``parkops/core/urls.py``.
"""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views import View

from parkops.core import services
from parkops.core.files import file_url
from parkops.core.filters import restrict_filter_choices
from parkops.core.scope import ADD, CHANGE, DELETE, VIEW, can, can_write_model

PAGE_SIZES = (25, 50, 100)


@dataclass
class Column:
    name: str
    label: str
    sortable: bool


def display_value(obj: models.Model, name: str, *, mask: bool = True, protection=None) -> Any:
    """A field's value as a person reads it: choice labels, related names, and personal data
    masked by its classification (``parkops.datagov``: phones and ID numbers keep the first 3
    and last 4) — shown whole only through a ``protection`` whose reader asked, may, and gave
    a reason (the reading is then recorded by ``protection.record()``)."""
    field = obj._meta.get_field(name) if name in {f.name for f in obj._meta.get_fields()} else None
    if field is None:
        value = getattr(obj, name)
        return value() if callable(value) else value
    if field.many_to_many:
        return "、".join(_name_of(o, protection) for o in getattr(obj, name).all())
    if getattr(field, "choices", None):
        return getattr(obj, f"get_{name}_display")()
    value = getattr(obj, name)
    if isinstance(value, models.Model):
        return _name_of(value, protection)
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, str) and value:
        if protection is not None:
            value = protection.show(obj, name, value)
        elif mask:
            value = _masked(obj, name, value)
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if value is None or value == "":
        return "—"
    return value


def _name_of(obj: models.Model, protection=None) -> str:
    """A related record's name as the reader may see it (``safe_display``)."""
    if protection is not None:
        return protection.display(obj)
    from parkops.datagov.protection import safe_display
    from parkops.datagov.registry import Level

    return safe_display(obj, Level.CORE)  # no reader known: personal values masked


def _masked(obj: models.Model, name: str, value: str) -> str:
    from parkops.datagov.protection import Protection

    return Protection(None).show(obj, name, value)


def protection_of(request, channel: str = "page"):
    """The data protection of this request (``parkops.datagov.protection``): which fields the
    reader is cleared for and whether personal data is shown whole."""
    from parkops.datagov.protection import request_protection

    return request_protection(request, channel)


def readable_value(obj: models.Model, name: str, protection=None) -> Any:
    """``display_value`` as a page shows it: yuan as "1,234.50 元", other Decimal figures with
    thousands separators. Exports keep ``display_value``'s Decimal."""
    from parkops.core.templatetags.numbers import field_figure

    value = display_value(obj, name, protection=protection)
    try:
        field = obj._meta.get_field(name)
    except FieldDoesNotExist:
        return value
    return field_figure(field, value)


def _url(name: str, *args) -> str:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


class ObjectMixin(LoginRequiredMixin):
    model: type[models.Model] | None = None
    select_related: tuple[str, ...] = ()

    @property
    def meta(self):
        return self.model._meta

    def url_name(self, kind: str) -> str:
        return f"{self.meta.app_label}:{self.meta.model_name}_{kind}"

    def base_queryset(self, action: str = VIEW):
        qs = self.model.objects.restrict(self.request.user, action)
        return qs.select_related(*self.select_related) if self.select_related else qs

    def common_context(self) -> dict[str, Any]:
        user = self.request.user
        return {
            "model_name": self.meta.verbose_name,
            "model_name_plural": self.meta.verbose_name_plural,
            "list_url": _url(self.url_name("list")),
            "can_add": can_write_model(user, self.model, ADD) and bool(_url(self.url_name("add"))),
            "add_url": _url(self.url_name("add")),
        }


class ObjectListView(ObjectMixin, View):
    filterset_class = None
    columns: tuple[str, ...] = ("__str__",)
    default_ordering: tuple[str, ...] = ()
    template_name = "core/object_list.html"

    # Headers for columns that are not model fields (properties, methods): {name: label}.
    column_labels: dict[str, str] = {}

    # What a phone shows of each record: below the md breakpoint the table becomes cards, each
    # titled with the record's name and listing these fields with their labels (what matters
    # first: amount, state, due date). Names as in ``columns``; None: the first few columns.
    card_fields: tuple[str, ...] | None = None

    def get_columns(self, names: tuple[str, ...] | None = None) -> list[Column]:
        """The columns the reader is cleared for (a field above their level is left out of
        the page and the export alike)."""
        out = []
        names = self.columns if names is None else names
        request = getattr(self, "request", None)  # None: a view asked outside a request
        if request is not None:
            names = protection_of(request).visible_names(self.model, names)
        for name in names:
            try:
                field = self.meta.get_field(name)
                out.append(Column(name, str(field.verbose_name), not field.many_to_many))
            except FieldDoesNotExist:
                default = str(self.meta.verbose_name) if name == "__str__" else name
                out.append(Column(name, str(self.column_labels.get(name, default)), False))
        return out

    def get_card_fields(self) -> list[Column]:
        if self.card_fields is not None:
            return self.get_columns(tuple(self.card_fields))
        return self.get_columns(tuple(n for n in self.columns if n != "__str__")[:4])

    def get(self, request):
        qs = self.base_queryset()
        filterset = (
            restrict_filter_choices(
                self.filterset_class(request.GET, queryset=qs, request=request), request.user
            )
            if self.filterset_class
            else None
        )
        if filterset is not None:
            qs = filterset.qs
        columns = self.get_columns()
        sort = request.GET.get("sort", "")
        sortable = {c.name for c in columns if c.sortable}
        if sort.lstrip("-") in sortable:
            qs = qs.order_by(sort, "pk")
        else:
            sort = ""
            qs = qs.order_by(*(self.default_ordering or self.meta.ordering or ("pk",)), "pk")
        if request.GET.get("export") == "xlsx":
            return self.export_xlsx(qs, columns)
        protection = protection_of(request)
        try:
            per_page = int(request.GET.get("per_page", 50))
        except ValueError:
            per_page = 50
        per_page = per_page if per_page in PAGE_SIZES else 50
        page = Paginator(qs, per_page).get_page(request.GET.get("page"))
        card_fields = self.get_card_fields()
        rows = []
        for obj in page.object_list:
            title = protection.display(obj)
            card = []
            for c in card_fields:
                value = title if c.name == "__str__" else readable_value(obj, c.name, protection)
                if str(value) != title:  # the card's title already says it
                    card.append({"label": c.label, "value": value})
            rows.append(
                {
                    "object": obj,
                    "title": title,
                    "url": obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else "",
                    "cells": [
                        title if c.name == "__str__" else readable_value(obj, c.name, protection)
                        for c in columns
                    ],
                    "card": card,
                }
            )
        params = request.GET.copy()
        params.pop("page", None)
        params.pop("export", None)
        header = []
        for c in columns:
            direction = "asc" if sort == c.name else "desc" if sort == "-" + c.name else ""
            sort_params = params.copy()
            sort_params["sort"] = ("-" if sort == c.name else "") + c.name
            header.append(
                {
                    "label": c.label,
                    "sortable": c.sortable,
                    "direction": direction,
                    "sort_url": "?" + sort_params.urlencode(),
                }
            )
        protection.record()
        export_params = params.copy()
        export_params["export"] = "xlsx"
        context = {
            **self.common_context(),
            "columns": header,
            "rows": rows,
            "page_obj": page,
            "paginator": page.paginator,
            "filter_form": filterset.form if filterset is not None else None,
            "query_string": params.urlencode(),
            "export_url": "?" + export_params.urlencode(),
            "total": page.paginator.count,
            "protection": protection,
            **_unmask_context(params),
        }
        template = (
            "core/object_table.html"
            if request.htmx and request.htmx.target == "object-table"
            else self.template_name
        )
        return render(request, template, context)

    def export_xlsx(self, qs, columns: list[Column]) -> HttpResponse:
        from openpyxl import Workbook

        from parkops.core.excel import append_row, sheet_title

        protection = protection_of(self.request, "export")
        wb = Workbook(write_only=True)
        ws = wb.create_sheet(sheet_title(self.meta.verbose_name_plural))
        append_row(ws, [c.label for c in columns])
        for obj in qs.iterator(chunk_size=2000):
            row = []
            for c in columns:
                value = (
                    protection.display(obj)
                    if c.name == "__str__"
                    else display_value(obj, c.name, protection=protection)
                )
                row.append(
                    value if isinstance(value, int | Decimal | str | dt.date) and value != "—" else str(value)
                )
            append_row(ws, row)
        response = HttpResponse(
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        filename = f"{self.meta.model_name}-{stamp}.xlsx"
        response["Content-Disposition"] = f"attachment; filename=\"{filename}\"; filename*=UTF-8''{filename}"
        wb.save(response)
        protection.record()
        services.record_event(
            event="export",
            obj=None,
            by=self.request.user,
            detail={"model": self.meta.label_lower, "rows": qs.count()},
        )
        return response


class ObjectDetailView(ObjectMixin, View):
    fields: tuple[str, ...] | None = None
    related: tuple[tuple[str, str], ...] = ()  # (related_name, label): child lists shown on the page
    template_name = "core/object_detail.html"

    def get_fields(self) -> list[str]:
        """The fields shown (``record_context`` leaves out those above the reader's level)."""
        if self.fields is not None:
            return list(self.fields)
        skip = {"id", "created_at", "updated_at", "password"}
        return [f.name for f in self.meta.concrete_fields if f.name not in skip] + [
            f.name for f in self.meta.many_to_many
        ]

    def get(self, request, pk):
        obj = get_object_or_404(self.base_queryset(), pk=pk)
        related = []
        for name, label in self.related:
            manager = getattr(obj, name)
            child_qs = manager.model.objects.restrict(request.user, VIEW).filter(
                pk__in=manager.all().values("pk")
            )
            related.append({"label": label, "objects": list(child_qs[:100]), "count": child_qs.count()})
        record = record_context(request, obj, self.get_fields())
        protection = record["protection"]
        for group in related:
            group["objects"] = [
                {"display": protection.display(child), "url": _absolute_url(child)}
                for child in group["objects"]
            ]
        fields, history = record["fields"], record["history"]
        context = {
            **self.common_context(),
            "object": obj,
            "object_display": protection.display(obj),
            "fields": fields,
            "related": related,
            "history": history,
            "history_raw": record["history_raw"],
            "protection": record["protection"],
            **_unmask_context(request.GET),
            "can_change": can(request.user, CHANGE, obj) and bool(_url(self.url_name("edit"), obj.pk)),
            "edit_url": _url(self.url_name("edit"), obj.pk),
            "can_delete": can(request.user, DELETE, obj) and bool(_url(self.url_name("delete"), obj.pk)),
            "delete_url": _url(self.url_name("delete"), obj.pk),
        }
        return render(request, self.template_name, context)


def record_context(request, obj: models.Model, fields) -> dict:
    """What a detail page shows of one object: label/value pairs (links to related objects
    the user may open, file names for uploads) and the object's audit history. A field above
    the reader's clearance is left out; personal data is masked unless unmasked (recorded)."""
    from parkops.audit.history import object_history

    protection = protection_of(request)
    rows = []
    for name in protection.visible_names(obj.__class__, fields):
        field = obj._meta.get_field(name)
        value = readable_value(obj, name, protection)
        url = ""
        if field.is_relation and not field.many_to_many:
            target = getattr(obj, name)
            if target is not None and hasattr(target, "get_absolute_url") and can(request.user, VIEW, target):
                url = target.get_absolute_url()
        elif hasattr(field, "upload_to") and getattr(obj, name):
            url = file_url(obj, name)
            value = getattr(obj, name).name.rsplit("/", 1)[-1]
        rows.append({"label": field.verbose_name, "value": value, "url": url})
    history = object_history(obj, request.user, limit=50, protection=protection)
    protection.record()
    return {"object": obj, "fields": rows, "protection": protection, **history}


def protect_history(items, obj: models.Model, protection) -> None:
    """The history shows old and new values by field label: the same clearance and masking
    as the fields above apply to them."""
    by_label = {str(f.verbose_name): f.name for f in obj._meta.concrete_fields}
    for item in items:
        kept = []
        for change in getattr(item, "changes", ()):
            name = by_label.get(str(change.label))
            if name is not None and not protection.visible(obj.__class__, name):
                continue
            if name is not None:
                for values in (change.before, change.after):
                    for value in values or ():
                        value.text = protection.show(obj, name, value.text)
            kept.append(change)
        if hasattr(item, "changes"):
            item.changes = kept
        entry = getattr(item, "entry", None)
        if entry is not None and (entry.before or entry.after):
            # The raw entry (for those who may read the audit log) too; a copy, never saved.
            shown = copy.copy(entry)
            shown.before = _protect_raw(entry.before, obj, protection)
            shown.after = _protect_raw(entry.after, obj, protection)
            item.entry = shown


def _protect_raw(data, obj: models.Model, protection):
    if not isinstance(data, dict):
        return data
    names = {f.attname: f.name for f in obj._meta.concrete_fields} | {
        f.name: f.name for f in obj._meta.get_fields() if f.concrete or f.many_to_many
    }
    out = {}
    for key, value in data.items():
        name = names.get(key)
        if name is None:
            out[key] = value
        elif protection.visible(obj.__class__, name):
            out[key] = protection.show(obj, name, value)
    return out


def _absolute_url(obj) -> str:
    try:
        return obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else ""
    except NoReverseMatch:
        return ""


def _unmask_context(params) -> dict:
    """The query without ``unmask``/``reason``: hidden fields of the unmasking form, and the
    link back to the masked page."""
    params = params.copy()
    for name in ("unmask", "reason", "export"):
        params.pop(name, None)
    return {
        "unmask_params": [(key, value) for key in params for value in params.getlist(key)],
        "masked_query": params.urlencode(),
    }


class ObjectEditView(ObjectMixin, View):
    form_class = None
    template_name = "core/object_form.html"

    def get_object(self, pk):
        if pk is None:
            if not can_write_model(self.request.user, self.model, ADD):
                raise PermissionDenied
            return None
        obj = get_object_or_404(self.base_queryset(VIEW), pk=pk)
        if not can(self.request.user, CHANGE, obj):
            raise PermissionDenied
        return obj

    def render_form(self, form, obj):
        return render(
            self.request,
            self.template_name,
            {
                **self.common_context(),
                "form": form,
                "object": obj,
                "cancel_url": obj.get_absolute_url() if obj else _url(self.url_name("list")),
            },
        )

    def get(self, request, pk=None):
        obj = self.get_object(pk)
        initial = {k: v for k, v in request.GET.items() if k in self.form_class.base_fields}
        return self.render_form(self.form_class(instance=obj, user=request.user, initial=initial), obj)

    def save(self, form, obj):
        """Write the form through a service; a page whose model has its own write service
        (a revision log, computed figures …) overrides this and nothing else."""
        if obj is None:
            return services.create_object(model=self.model, data=form.cleaned_data, by=self.request.user)
        return services.update_object(obj=obj, data=form.cleaned_data, by=self.request.user)

    def post(self, request, pk=None):
        obj = self.get_object(pk)
        form = self.form_class(request.POST, request.FILES, instance=obj, user=request.user)
        if form.is_valid():
            try:
                message = (
                    _("已新增%(model)s：%(object)s") if obj is None else _("已保存%(model)s：%(object)s")
                )
                obj = self.save(form, obj)
                messages.success(request, message % {"model": self.meta.verbose_name, "object": obj})
                return redirect(obj.get_absolute_url() or _url(self.url_name("list")))
            except ValidationError as exc:
                _add_errors(form, exc)
            except PermissionDenied as exc:
                form.add_error(None, str(exc))
            if pk is not None:
                obj = self.get_object(pk)
        return self.render_form(form, obj)


def _add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


class ObjectDeleteView(ObjectMixin, View):
    template_name = "core/object_confirm_delete.html"

    def get_object(self, pk):
        obj = get_object_or_404(self.base_queryset(VIEW), pk=pk)
        if not can(self.request.user, DELETE, obj):
            raise PermissionDenied
        return obj

    def get(self, request, pk):
        obj = self.get_object(pk)
        return render(
            request,
            self.template_name,
            {**self.common_context(), "object": obj, "cancel_url": obj.get_absolute_url()},
        )

    def post(self, request, pk):
        obj = self.get_object(pk)
        text = str(obj)
        try:
            services.delete_object(obj=obj, by=request.user)
        except ValidationError as exc:
            messages.error(request, _("；").join(str(m) for m in exc.messages))
            return redirect(obj.get_absolute_url())
        messages.success(
            request, _("已删除%(model)s：%(object)s") % {"model": self.meta.verbose_name, "object": text}
        )
        return redirect(_url(self.url_name("list")))


def object_urls(
    prefix: str, model: type[models.Model], *, list_view, detail_view, edit_view=None, delete_view=None
):
    """URL patterns ``<prefix>/``, ``<prefix>/<pk>/``, ``add/``, ``<pk>/edit/``, ``<pk>/delete/``
    named ``<model>_list`` etc. in the including app's namespace."""
    from django.urls import path

    name = model._meta.model_name
    patterns = [
        path(f"{prefix}/", list_view.as_view(model=model), name=f"{name}_list"),
        path(f"{prefix}/<int:pk>/", detail_view.as_view(model=model), name=f"{name}_detail"),
    ]
    if edit_view is not None:
        patterns += [
            path(f"{prefix}/add/", edit_view.as_view(model=model), name=f"{name}_add"),
            path(f"{prefix}/<int:pk>/edit/", edit_view.as_view(model=model), name=f"{name}_edit"),
        ]
    if delete_view is not None:
        patterns.append(
            path(f"{prefix}/<int:pk>/delete/", delete_view.as_view(model=model), name=f"{name}_delete")
        )
    return patterns


def querystring(**params) -> str:
    return "?" + urlencode({k: v for k, v in params.items() if v not in (None, "")})


__all__ = [
    "Http404",
    "ObjectDeleteView",
    "ObjectDetailView",
    "ObjectEditView",
    "ObjectListView",
    "display_value",
    "object_urls",
]
