"""Investment pages: the customer pipeline and signing, leases, the team, grading, entry
checks, occupancy, the tenant archive and the public investment page."""

from __future__ import annotations

import datetime as dt
import json

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views import View

from parkops.core import clock
from parkops.core.models import Enterprise, Park, Unit
from parkops.core.scope import ADD, CHANGE, VIEW, can, can_write_model
from parkops.core.validators import mask_phone
from parkops.core.views import ObjectEditView, display_value
from parkops.investment import forms, selectors, services
from parkops.investment.models import (
    Customer,
    EnterpriseContact,
    EntryCondition,
    InvestmentTarget,
    Lease,
    PolicyLink,
    ResidentGrade,
    Stage,
)


def current_park(request) -> Park:
    """The park a dashboard-like page shows: ``?park=<id>`` among the user's, else the first."""
    parks = Park.objects.restrict(request.user, VIEW).order_by("code")
    chosen = request.GET.get("park")
    park = parks.filter(pk=chosen).first() if chosen and chosen.isdigit() else None
    park = park or parks.first()
    if park is None:
        raise Http404(gettext("没有可访问的园区"))
    return park


def _park_context(request, park: Park) -> dict:
    return {"park": park, "parks": Park.objects.restrict(request.user, VIEW).order_by("code")}


# --- Customers ----------------------------------------------------------------------------


class CustomerCreateView(ObjectEditView):
    form_class = forms.CustomerCreateForm

    def save(self, form, obj):
        return services.create_customer(data=form.cleaned_data, by=self.request.user)


CUSTOMER_FIELDS = (
    "name",
    "stage",
    "grade",
    "credit_code",
    "industry",
    "industry_note",
    "pollution",
    "contact_name",
    "contact_phone",
    "source",
    "event",
    "owner",
    "need_area",
    "enterprise",
    "note",
)


def _render_customer(request, customer: Customer, **overrides):
    from parkops.audit.history import object_history

    applicant = selectors.applicant_for_customer(customer, clock.localdate())
    fields = []
    for name in CUSTOMER_FIELDS:
        field = Customer._meta.get_field(name)
        target = getattr(customer, name) if field.is_relation else None
        url = target.get_absolute_url() if target is not None and can(request.user, VIEW, target) else ""
        if name == "enterprise" and target is not None and url:
            url = reverse("investment:archive", args=[target.pk])
        fields.append({"label": field.verbose_name, "value": display_value(customer, name), "url": url})
    context = {
        "customer": customer,
        "fields": fields,
        "stage_changes": customer.stage_changes.select_related("by"),
        "follow_ups": customer.follow_ups.select_related("by"),
        "leases": Lease.objects.restrict(request.user, VIEW).filter(customer=customer),
        "entry_results": selectors.check_entry(customer.park, applicant),
        "follow_form": forms.FollowUpForm(),
        "stage_form": forms.StageForm(),
        "can_act": can(request.user, CHANGE, customer),
        "can_sign": can(request.user, CHANGE, customer) and can_write_model(request.user, Lease, ADD),
        "edit_url": reverse("investment:customer_edit", args=[customer.pk]),
        **object_history(customer, request.user),
        **overrides,
    }
    return render(request, "investment/customer_detail.html", context)


class CustomerDetailView(LoginRequiredMixin, View):
    """The customer's page: record, stage history, follow-ups, entry check and actions."""

    def get(self, request, pk):
        qs = Customer.objects.restrict(request.user, VIEW).select_related(
            "park", "industry", "owner", "enterprise"
        )
        return _render_customer(request, get_object_or_404(qs, pk=pk))


class CustomerActionView(LoginRequiredMixin, View):
    def post(self, request, pk, action):
        customer = get_object_or_404(Customer.objects.restrict(request.user, VIEW), pk=pk)
        if not can(request.user, CHANGE, customer):
            raise PermissionDenied
        try:
            if action == "follow":
                form = forms.FollowUpForm(request.POST)
                if not form.is_valid():
                    return _render_customer(request, customer, follow_form=form)
                services.add_follow_up(customer=customer, by=request.user, **form.cleaned_data)
                messages.success(request, gettext("已记录跟进"))
            elif action == "stage":
                form = forms.StageForm(request.POST)
                if not form.is_valid():
                    return _render_customer(request, customer, stage_form=form)
                services.move_stage(
                    customer=customer,
                    to_stage=form.cleaned_data["stage"],
                    note=form.cleaned_data["note"],
                    by=request.user,
                )
                messages.success(
                    request,
                    gettext("客户已转为“%(Stage_label)s”")
                    % {"Stage_label": Stage(form.cleaned_data["stage"]).label},
                )
            else:
                raise Http404
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        return redirect(customer.get_absolute_url())


class SignLeaseView(LoginRequiredMixin, View):
    """签约入驻: sign a lease for a customer; it becomes a resident in the same step."""

    template_name = "investment/sign_lease.html"

    def get_customer(self, request, pk) -> Customer:
        customer = get_object_or_404(
            Customer.objects.restrict(request.user, VIEW).select_related("park"), pk=pk
        )
        if not (can(request.user, CHANGE, customer) and can_write_model(request.user, Lease, ADD)):
            raise PermissionDenied
        return customer

    def render(self, request, customer, form):
        return render(request, self.template_name, {"customer": customer, "form": form})

    def get(self, request, pk):
        customer = self.get_customer(request, pk)
        today = clock.localdate()
        initial = {"start": today, "end": selectors.add_years(today, 3) - dt.timedelta(days=1)}
        return self.render(
            request, customer, forms.SignLeaseForm(customer=customer, user=request.user, initial=initial)
        )

    def post(self, request, pk):
        customer = self.get_customer(request, pk)
        form = forms.SignLeaseForm(request.POST, customer=customer, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            free = [(data["free_start"], data["free_end"])] if data.get("free_start") else []
            try:
                lease = services.sign_lease(
                    customer=customer,
                    units=list(data["units"]),
                    start=data["start"],
                    end=data["end"],
                    rent_per_m2=data["rent_per_m2"],
                    escalation_pct=data["escalation_pct"] or 0,
                    deposit=data["deposit"] or 0,
                    free_periods=free,
                    credit_code=data.get("credit_code") or "",
                    by=request.user,
                )
            except ValidationError as exc:
                errors = exc.message_dict if hasattr(exc, "error_dict") else {None: exc.messages}
                for field, msgs in errors.items():
                    target = field if field in form.fields else None
                    if field == "free_periods":
                        target = "free_end"
                    for msg in msgs:
                        form.add_error(target, msg)
            except PermissionDenied as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(
                    request,
                    gettext("已签订租赁合同 %(number)s，%(customer)s 已转为入驻客户")
                    % {"number": lease.number, "customer": customer},
                )
                return redirect(lease.get_absolute_url())
        return self.render(request, customer, form)


# --- Leases -------------------------------------------------------------------------------


class LeaseDetailView(LoginRequiredMixin, View):
    template_name = "investment/lease_detail.html"

    def get_lease(self, request, pk) -> Lease:
        qs = Lease.objects.restrict(request.user, VIEW).select_related(
            "enterprise", "customer", "previous", "signed_by"
        )
        return get_object_or_404(qs, pk=pk)

    def get(self, request, pk, terminate_form=None, renew_form=None):
        lease = self.get_lease(request, pk)
        today = clock.localdate()
        schedule = []
        month = max(lease.start, today).replace(day=1)
        for _ in range(12):
            if month > lease.effective_end:
                break
            schedule.append((month, selectors.rent_for_month(lease, month.year, month.month)))
            month = (month + dt.timedelta(days=32)).replace(day=1)
        from parkops.audit.history import object_history

        return render(
            request,
            self.template_name,
            {
                "lease": lease,
                "lease_units": lease.lease_units.select_related("unit__floor__building"),
                "free_periods": lease.free_periods.all(),
                "reminders": lease.reminders.all(),
                "schedule": schedule,
                "monthly": selectors.monthly_rent(
                    lease, selectors.lease_year(lease, max(today, lease.start))
                ),
                "renewal": getattr(lease, "renewal", None),
                "can_change": can(request.user, CHANGE, lease) and lease.status == Lease.Status.ACTIVE,
                "terminate_form": terminate_form or forms.TerminateForm(initial={"terminated_on": today}),
                "renew_form": renew_form
                or forms.RenewForm(
                    initial={
                        "end": selectors.add_years(lease.end, 3),
                        "rent_per_m2": lease.rent_per_m2,
                        "escalation_pct": lease.escalation_pct,
                    }
                ),
                **object_history(lease, request.user),
            },
        )

    def post(self, request, pk):
        lease = self.get_lease(request, pk)
        if not can(request.user, CHANGE, lease):
            raise PermissionDenied
        action = request.POST.get("action")
        try:
            if action == "terminate":
                form = forms.TerminateForm(request.POST)
                if not form.is_valid():
                    return self.get(request, pk, terminate_form=form)
                services.terminate_lease(
                    lease=lease,
                    on=form.cleaned_data["terminated_on"],
                    reason=form.cleaned_data["termination_reason"],
                    by=request.user,
                )
                messages.success(request, gettext("合同 %(number)s 已解除") % {"number": lease.number})
            elif action == "renew":
                form = forms.RenewForm(request.POST)
                if not form.is_valid():
                    return self.get(request, pk, renew_form=form)
                renewal = services.renew_lease(lease=lease, by=request.user, **form.cleaned_data)
                messages.success(request, gettext("已续签为合同 %(number)s") % {"number": renewal.number})
                return redirect(renewal.get_absolute_url())
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        return redirect(lease.get_absolute_url())


class OccupancyView(LoginRequiredMixin, View):
    """Vacancy and occupancy by building now, and over the last 24 months from lease records."""

    def get(self, request):
        if (
            not Unit.objects.restrict(request.user, VIEW).exists()
            or getattr(request.user, "role", "") == "tenant"
        ):
            raise PermissionDenied
        park = current_park(request)
        today = clock.localdate()
        months = []
        month = today.replace(day=1)
        for _ in range(24):
            months.append(month)
            month = (month - dt.timedelta(days=1)).replace(day=1)
        months.reverse()
        rows = selectors.occupancy_by_building(park)
        history = selectors.occupancy_history(park, months)
        chart = {
            "buildings": [r["building"].name for r in rows],
            "leased": [float(r["leased"]) for r in rows],
            "vacant": [float(r["vacant"]) for r in rows],
            "months": [f"{m:%Y-%m}" for m in months],
            "rate": [float(v) for v in history],
        }
        expiring = {days: selectors.leases_expiring(park, today, days) for days in (30, 60, 90)}
        return render(
            request,
            "investment/occupancy.html",
            {
                **_park_context(request, park),
                "rows": rows,
                "chart": json.dumps(chart, ensure_ascii=False),
                "expiring": expiring[90],
                "vacant_units": Unit.objects.restrict(request.user, VIEW)
                .filter(floor__building__park=park, state=Unit.State.VACANT)
                .select_related("floor__building")
                .order_by("floor__building__code", "code")[:200],
            },
        )


# --- Team, grading, entry conditions -----------------------------------------------------


class TeamView(LoginRequiredMixin, View):
    def get(self, request):
        park = current_park(request)
        year = int(request.GET.get("year") or clock.localdate().year)
        targets = InvestmentTarget.objects.restrict(request.user, VIEW).filter(park=park)
        return render(
            request,
            "investment/team.html",
            {
                **_park_context(request, park),
                "year": year,
                "rows": selectors.team_progress(targets, year),
                "can_add": can_write_model(request.user, InvestmentTarget, ADD),
            },
        )


class GradingView(LoginRequiredMixin, View):
    def get(self, request):
        park = current_park(request)
        grades = ResidentGrade.objects.restrict(request.user, VIEW).filter(enterprise__park=park)
        latest = grades.order_by("-graded_on").values_list("graded_on", flat=True).first()
        current = (
            grades.filter(graded_on=latest).select_related("enterprise").order_by("grade", "-score")
            if latest
            else []
        )
        counts = {g: sum(1 for x in current if x.grade == g) for g in ("A", "B", "C")}
        return render(
            request,
            "investment/grading.html",
            {
                **_park_context(request, park),
                "rule": selectors.GRADE_RULE,
                "graded_on": latest,
                "grades": current,
                "counts": counts,
                "can_grade": can_write_model(request.user, ResidentGrade, ADD),
            },
        )

    def post(self, request):
        park = current_park(request)
        if not can_write_model(request.user, ResidentGrade, ADD):
            raise PermissionDenied
        grades = services.grade_residents(park=park, on=clock.localdate(), by=request.user)
        messages.success(request, gettext("已按规则为 %(count)s 家入驻企业分级") % {"count": len(grades)})
        return redirect(reverse("investment:grading") + f"?park={park.pk}")


class EntryCheckView(LoginRequiredMixin, View):
    def get(self, request):
        park = current_park(request)
        if getattr(request.user, "role", "") == "tenant":
            raise PermissionDenied
        results = selectors.resident_compliance(park, clock.localdate())
        failing = [r for r in results if not r.compliant]
        return render(
            request,
            "investment/entry_check.html",
            {
                **_park_context(request, park),
                "conditions": EntryCondition.objects.restrict(request.user, VIEW).filter(
                    park=park, active=True
                ),
                "total": len(results),
                "compliant": len(results) - len(failing),
                "rate": round((len(results) - len(failing)) * 100 / len(results), 1) if results else None,
                "failing": failing,
            },
        )


# --- Tenant archive -----------------------------------------------------------------------


class ArchiveListView(LoginRequiredMixin, View):
    def get(self, request):
        qs = Enterprise.objects.restrict(request.user, VIEW).select_related("industry", "park")
        if getattr(request.user, "role", "") == "tenant":
            enterprise = qs.first()
            if enterprise is None:
                raise Http404
            return redirect("investment:archive", pk=enterprise.pk)
        park = current_park(request)
        today = clock.localdate()
        rows = [
            {"enterprise": e, "gaps": selectors.archive_gaps(e, today)}
            for e in qs.filter(park=park, status=Enterprise.Status.RESIDENT).prefetch_related("contacts")
        ]
        complete = sum(1 for r in rows if not r["gaps"])
        return render(
            request,
            "investment/archive_list.html",
            {**_park_context(request, park), "rows": rows, "complete": complete, "total": len(rows)},
        )


class ArchiveView(LoginRequiredMixin, View):
    """The one archive page of an enterprise (clause 6.3.3.2); a tenant sees its own only."""

    def get(self, request, pk):
        enterprise = get_object_or_404(
            Enterprise.objects.restrict(request.user, VIEW).select_related("industry", "park"), pk=pk
        )
        user = request.user
        from parkops.investment.models import EnterpriseQualification, HeadcountRecord

        headcounts = list(
            HeadcountRecord.objects.restrict(user, VIEW).filter(enterprise=enterprise).order_by("recorded_on")
        )
        bills = None
        try:
            from parkops.fees.models import Bill

            bills = Bill.objects.restrict(user, VIEW).filter(enterprise=enterprise).order_by("-period")[:24]
        except ImportError:  # pragma: no cover - fees is installed with investment
            bills = None
        is_staff = getattr(user, "role", "") in ("staff", "operator_admin") or user.is_superuser
        return render(
            request,
            "investment/archive.html",
            {
                "enterprise": enterprise,
                "qualifications": EnterpriseQualification.objects.restrict(user, VIEW).filter(
                    enterprise=enterprise
                ),
                "headcounts": headcounts,
                "headcount_chart": json.dumps(
                    {
                        "dates": [f"{h.recorded_on:%Y-%m}" for h in headcounts],
                        "values": [h.headcount for h in headcounts],
                    }
                ),
                "contacts": EnterpriseContact.objects.restrict(user, VIEW).filter(enterprise=enterprise),
                "leases": Lease.objects.restrict(user, VIEW).filter(enterprise=enterprise).order_by("-start"),
                "units": Unit.objects.restrict(user, VIEW)
                .filter(enterprise=enterprise)
                .select_related("floor__building"),
                "bills": bills,
                "gaps": selectors.archive_gaps(enterprise, clock.localdate()),
                "can_reveal": is_staff,
                "is_staff": is_staff,
                "grade": ResidentGrade.objects.restrict(user, VIEW).filter(enterprise=enterprise).first(),
            },
        )


class RevealPhoneView(LoginRequiredMixin, View):
    """POST: the contact's full phone number (htmx swaps it in); every reveal is audited."""

    def post(self, request, pk):
        contact = get_object_or_404(EnterpriseContact.objects.restrict(request.user, VIEW), pk=pk)
        phone = services.reveal_phone(contact=contact, by=request.user)
        return HttpResponse(f'<span class="po-mono">{phone}</span>')


# --- Public investment page (no login; indicator 21) ------------------------------------


def public_page(request, code: str):
    """Vacant units, published policies and resources, and residents' names and industries.
    Nothing private: no contacts, no rents paid, no tenants' records."""
    park = get_object_or_404(Park.objects.select_related("operator"), code=code)
    units = (
        Unit.objects.filter(floor__building__park=park, state=Unit.State.VACANT)
        .select_related("floor__building")
        .order_by("floor__building__code", "floor__number", "code")
    )
    residents = (
        Enterprise.objects.filter(park=park, status=Enterprise.Status.RESIDENT)
        .select_related("industry")
        .order_by("name")
    )
    return render(
        request,
        "investment/public.html",
        {
            "park": park,
            "units": units,
            "policies": PolicyLink.objects.filter(park=park, published=True).order_by("kind", "title"),
            "conditions": EntryCondition.objects.filter(park=park, active=True),
            "residents": residents,
            "leading": park.leading_industries.all(),
            "characteristic": park.characteristic_industries.all(),
            "mask_phone": mask_phone,
        },
    )


# --- Positioning (indicator 5) ----------------------------------------------------------


class PositioningView(LoginRequiredMixin, View):
    """园区定位核验: each resident against the park's leading and characteristic industries and
    declared supporting services; those outside are listed first, with the exception the
    operator accepted (and its reason) or a link to record one."""

    def get(self, request):
        from parkops.investment.models import PositioningException

        if getattr(request.user, "role", "") == "tenant":
            raise PermissionDenied  # the page names other residents
        park = current_park(request)
        rows = selectors.positioning_fit(park, clock.localdate())
        exceptions = {
            x.enterprise_id: x
            for x in PositioningException.objects.restrict(request.user, VIEW).filter(enterprise__park=park)
        }
        outside = [r for r in rows if not r.fits]
        accepted = [r for r in rows if r.basis == "exception"]
        return render(
            request,
            "investment/positioning.html",
            {
                **_park_context(request, park),
                "outside": outside,
                "accepted": [(r, exceptions.get(r.enterprise.pk)) for r in accepted],
                "fit": len(rows) - len(outside),
                "total": len(rows),
                "leading": park.leading_industries.all(),
                "characteristic": park.characteristic_industries.all(),
                "supporting": park.supporting_services.all(),
                "can_accept": can_write_model(request.user, PositioningException, "add"),
            },
        )
