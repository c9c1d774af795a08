"""Pages of the service evaluation (6.1.2: each service rated by the enterprise served, and the
per-service summary) and of the property services (6.1.6: DB4403/T 303 and the park's
self-inspection checklist)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django.views import View

from parkops.core import clock
from parkops.core.models import Park
from parkops.core.scope import ADD, VIEW, Role, can_write_model
from parkops.core.views import _add_errors, record_context
from parkops.service import property_services, ratings, services
from parkops.service.models import PropertyInspection, ServiceRating, Ticket

STARS = [(n, "★" * n) for n in range(5, 0, -1)]


def _rateable(user):
    """The closed tickets and past bookings of the user's scope that have no rating yet."""
    from parkops.spaces.models import Booking

    tickets = (
        Ticket.objects.restrict(user, VIEW)
        .filter(state=Ticket.State.CONFIRMED, enterprise__isnull=False, rating__isnull=True)
        .order_by("-confirmed_at")[:200]
    )
    bookings = (
        Booking.objects.restrict(user, VIEW)
        .filter(
            status=Booking.Status.CONFIRMED,
            enterprise__isnull=False,
            ends_at__lte=clock.now(),
            service_rating__isnull=True,
        )
        .select_related("space")
        .order_by("-ends_at")[:200]
    )
    return tickets, bookings


class ServiceRatingForm(forms.Form):
    target = forms.ChoiceField(label=_("评价的服务"))
    rating = forms.TypedChoiceField(label=_("评分"), coerce=int, widget=forms.RadioSelect)
    comment = forms.CharField(label=_("评价意见"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        tickets, bookings = _rateable(user)
        self.tickets = {f"ticket:{t.pk}": t for t in tickets}
        self.bookings = {f"booking:{b.pk}": b for b in bookings}
        self.fields["target"].choices = (
            [("", "—")]
            + [(key, f"{gettext('咨询投诉')}：{t}") for key, t in self.tickets.items()]
            + [(key, f"{gettext('空间预约')}：{b}") for key, b in self.bookings.items()]
        )
        self.fields["rating"].choices = STARS


class ServiceRatingAddView(LoginRequiredMixin, View):
    def context(self, form):
        return {
            "form": form,
            "model_name": ServiceRating._meta.verbose_name,
            "model_name_plural": ServiceRating._meta.verbose_name_plural,
            "list_url": "/service/ratings/",
            "cancel_url": "/service/ratings/",
            "object": None,
        }

    def check(self, request):
        if not can_write_model(request.user, ServiceRating, ADD):
            raise PermissionDenied

    def get(self, request):
        self.check(request)
        initial = {}
        for kind in ("ticket", "booking"):
            if request.GET.get(kind):
                initial["target"] = f"{kind}:{request.GET[kind]}"
        form = ServiceRatingForm(user=request.user, initial=initial)
        return render(request, "core/object_form.html", self.context(form))

    def post(self, request):
        self.check(request)
        form = ServiceRatingForm(request.POST, user=request.user)
        if form.is_valid():
            key = form.cleaned_data["target"]
            try:
                rating = services.rate_service(
                    by=request.user,
                    rating=form.cleaned_data["rating"],
                    comment=form.cleaned_data["comment"],
                    ticket=form.tickets.get(key),
                    booking=form.bookings.get(key),
                )
            except ValidationError as exc:
                if hasattr(exc, "error_dict"):
                    exc = ValidationError(
                        {
                            ("target" if k in ("ticket", "booking") else k): v
                            for k, v in exc.error_dict.items()
                        }
                    )
                _add_errors(form, exc)
            except PermissionDenied as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, gettext("感谢评价：%(rating)s") % {"rating": rating})
                return redirect(rating.get_absolute_url())
        return render(request, "core/object_form.html", self.context(form))


class RatingSummaryView(LoginRequiredMixin, View):
    """评价汇总 per service: closed, rated, average and the low ratings to follow up."""

    def get(self, request):
        if request.user.role == Role.TENANT:
            raise PermissionDenied
        parks = Park.objects.restrict(request.user, VIEW)
        park = parks.filter(pk=request.GET.get("park") or 0).first() if request.GET.get("park") else None
        data = ratings.summary(request.user, park)
        return render(
            request,
            "service/rating_summary.html",
            {"summary": data, "parks": parks, "park": park, "low_limit": ratings.LOW},
        )


# --- Property services (6.1.6) -----------------------------------------------------------------


class PropertyServicesView(LoginRequiredMixin, View):
    """物业服务体系: the standard the services follow, the checklist, the self-inspections."""

    def get(self, request):
        if request.user.role == Role.TENANT:
            raise PermissionDenied
        runs = list(
            PropertyInspection.objects.restrict(request.user, VIEW)
            .select_related("park")
            .prefetch_related("items")[:20]
        )
        for run in runs:
            items = list(run.items.all())
            run.conforming_count = sum(1 for i in items if i.conforming)
            run.item_count = len(items)
        return render(
            request,
            "service/property_services.html",
            {
                "standard_code": property_services.STANDARD_CODE,
                "standard_title": property_services.STANDARD_TITLE,
                "areas": property_services.areas(),
                "runs": runs,
                "can_add": can_write_model(request.user, PropertyInspection, ADD),
            },
        )


class PropertyInspectionForm(forms.Form):
    park = forms.ModelChoiceField(label=_("园区"), queryset=Park.objects.none())
    inspected_on = forms.DateField(label=_("自查日期"), widget=forms.DateInput(attrs={"type": "date"}))
    provider = forms.ChoiceField(label=_("物业服务提供方式"), choices=PropertyInspection.Provider.choices)
    provider_name = forms.CharField(label=_("物业服务人"), required=False, max_length=200)
    inspector = forms.CharField(label=_("自查人"), max_length=100)
    summary = forms.CharField(label=_("自查结论"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["park"].queryset = Park.objects.restrict(user, VIEW)
        for item in property_services.ITEMS:
            self.fields[f"item_{item.code}"] = forms.BooleanField(
                label=f"{item.area}｜{item.text}", required=False, initial=True
            )
            self.fields[f"note_{item.code}"] = forms.CharField(
                label=gettext("%(code)s 情况说明") % {"code": item.code}, required=False, max_length=300
            )


class PropertyInspectionAddView(LoginRequiredMixin, View):
    def context(self, form):
        return {
            "form": form,
            "model_name": PropertyInspection._meta.verbose_name,
            "model_name_plural": pgettext_lazy("list", "物业服务体系"),
            "list_url": "/service/property/",
            "cancel_url": "/service/property/",
            "object": None,
        }

    def check(self, request):
        if not can_write_model(request.user, PropertyInspection, ADD):
            raise PermissionDenied

    def get(self, request):
        self.check(request)
        form = PropertyInspectionForm(
            user=request.user,
            initial={"inspected_on": clock.localdate(), "park": request.user.parks.first()},
        )
        return render(request, "core/object_form.html", self.context(form))

    def post(self, request):
        self.check(request)
        form = PropertyInspectionForm(request.POST, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                run = services.record_property_inspection(
                    by=request.user,
                    park=data["park"],
                    inspected_on=data["inspected_on"],
                    provider=data["provider"],
                    provider_name=data["provider_name"],
                    inspector=data["inspector"],
                    summary=data["summary"],
                    results={
                        item.code: (data[f"item_{item.code}"], data[f"note_{item.code}"])
                        for item in property_services.ITEMS
                    },
                )
            except ValidationError as exc:
                _add_errors(form, exc)
            except PermissionDenied as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, gettext("已保存物业服务自查：%(run)s") % {"run": run})
                return redirect(run.get_absolute_url())
        return render(request, "core/object_form.html", self.context(form))


class PropertyInspectionDetailView(LoginRequiredMixin, View):
    def get(self, request, pk):
        run = get_object_or_404(PropertyInspection.objects.restrict(request.user, VIEW), pk=pk)
        items = list(run.items.all())
        record = record_context(
            request, run, ["park", "inspected_on", "provider", "provider_name", "inspector", "summary"]
        )
        return render(
            request,
            "service/propertyinspection_detail.html",
            {
                "object": run,
                "fields": record["fields"],
                "history": record["history"],
                "history_raw": record["history_raw"],
                "items": items,
                "failing": [i for i in items if not i.conforming],
                "standard_code": property_services.STANDARD_CODE,
                "standard_title": property_services.STANDARD_TITLE,
            },
        )
