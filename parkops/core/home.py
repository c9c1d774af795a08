"""The home page: what each role needs first."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q, Sum
from django.shortcuts import render

from parkops.core import models as core
from parkops.core.scope import Role


@login_required
def home(request):
    user = request.user
    parks = core.Park.objects.restrict(user).select_related("operator").order_by("code")
    context = {"parks": parks, "role": user.role if not user.is_superuser else "superuser"}
    if user.role == Role.TENANT and not user.is_superuser:
        enterprise = user.enterprise
        context.update(
            enterprise=enterprise,
            units=core.Unit.objects.restrict(user).select_related("floor__building"),
        )
        template = "core/home_tenant.html"
    elif user.role == Role.ASSESSOR and not user.is_superuser:
        template = "core/home_assessor.html"
    elif user.role == Role.API_CLIENT and not user.is_superuser:
        context["api_keys"] = user.api_keys.prefetch_related("parks").order_by("-created")
        template = "core/home_api.html"
    else:
        units = core.Unit.objects.restrict(user)
        totals = units.aggregate(
            count=Count("id"),
            total_area=Sum("area"),
            leased_area=Sum("area", filter=Q(state__in=[core.Unit.State.LEASED, core.Unit.State.SELF_USED])),
            vacant=Count("id", filter=Q(state=core.Unit.State.VACANT)),
        )
        area = totals["total_area"] or 0
        context.update(
            stats={
                "buildings": core.Building.objects.restrict(user).count(),
                "units": totals["count"],
                "vacant_units": totals["vacant"],
                "occupancy": round(100 * (totals["leased_area"] or 0) / area, 1) if area else None,
                "enterprises": core.Enterprise.objects.restrict(user).filter(status="resident").count(),
                "staff": core.Staff.objects.restrict(user).filter(active=True).count(),
            },
            by_building=core.Building.objects.restrict(user)
            .annotate(
                unit_count=Count("floors__units"),
                vacant=Count("floors__units", filter=Q(floors__units__state=core.Unit.State.VACANT)),
            )
            .order_by("park__code", "code"),
            department=user.get_department_display() if user.department else "",
        )
        template = "core/home_staff.html"
    return render(request, template, context)
