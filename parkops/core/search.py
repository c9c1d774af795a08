"""Search across the park: every registered model is searched through its restricted
queryset, so search shows nothing a user could not open anyway.

Apps register what is worth finding in AppConfig.ready()::

    search.register("core.Enterprise", fields=("name", "credit_code"), label="入驻企业")
"""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.shortcuts import render


@dataclass(frozen=True)
class Searchable:
    model: str
    fields: tuple[str, ...]
    label: str


_registry: dict[str, Searchable] = {}
MAX_PER_KIND = 20


def register(model: str, *, fields: tuple[str, ...], label: str) -> None:
    _registry[model] = Searchable(model, fields, label)


def search(user, text: str) -> list[dict]:
    text = text.strip()
    if len(text) < 2:
        return []
    groups = []
    for item in _registry.values():
        model = apps.get_model(item.model)
        condition = Q()
        for field in item.fields:
            condition |= Q(**{f"{field}__icontains": text})
        qs = model.objects.restrict(user, "view").filter(condition).order_by("pk")
        hits = list(qs[: MAX_PER_KIND + 1])
        if hits:
            groups.append(
                {"label": item.label, "objects": hits[:MAX_PER_KIND], "more": len(hits) > MAX_PER_KIND}
            )
    return groups


@login_required
def search_view(request):
    text = request.GET.get("q", "")
    return render(request, "core/search.html", {"q": text, "groups": search(request.user, text)})
