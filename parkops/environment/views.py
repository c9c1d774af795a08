"""Environment pages: registers through the generic views; readings through the exceedance
service; the exceedance page where the enterprise answers its notice."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext

from parkops.core.scope import ADD, CHANGE, can, can_write_model
from parkops.core.views import ObjectEditView, _add_errors
from parkops.environment import forms, services
from parkops.environment.models import Exceedance, PollutionNotice, Reading


class ReadingEdit(ObjectEditView):
    form_class = forms.ReadingForm

    def post(self, request, pk=None):
        if pk is not None:
            raise PermissionDenied(gettext("监测读数录入后不能修改；如有错误请补录复测读数并说明"))
        self.get_object(None)
        form = self.form_class(request.POST, instance=None, user=request.user)
        if form.is_valid():
            try:
                reading = services.record_from_form(data=form.cleaned_data, by=request.user)
            except ValidationError as exc:
                _add_errors(form, exc)
            except PermissionDenied as exc:
                form.add_error(None, str(exc))
            else:
                if reading.exceeds and reading.retest_of is None:
                    messages.warning(
                        request,
                        gettext("%(reading)s 超过限值，已登记超标事件并向排放企业下发整改通知")
                        % {"reading": reading},
                    )
                elif reading.retest_of is not None and not reading.exceeds:
                    messages.success(
                        request, gettext("复测达标：%(retest_of)s 已关闭") % {"retest_of": reading.retest_of}
                    )
                else:
                    messages.success(request, gettext("已录入：%(reading)s") % {"reading": reading})
                return redirect("environment:reading_list")
        return self.render_form(form, None)


@login_required
def exceedance_detail(request, pk):
    exceedance = get_object_or_404(
        Exceedance.objects.restrict(request.user).select_related(
            "point", "limit", "enterprise", "reading", "closing_reading", "park"
        ),
        pk=pk,
    )
    notice = PollutionNotice.objects.restrict(request.user).filter(exceedance=exceedance).first()
    form = forms.ResponseForm(initial={"response": notice.response if notice else ""})
    may_respond = bool(
        notice
        and exceedance.status == Exceedance.Status.OPEN
        and request.user.enterprise_id == notice.enterprise_id
        and can(request.user, CHANGE, notice)
    )
    if request.method == "POST":
        if not may_respond:
            raise PermissionDenied(gettext("只有被通知企业可以回复整改通知"))
        form = forms.ResponseForm(request.POST)
        if form.is_valid():
            try:
                services.respond_to_notice(
                    notice=notice, by=request.user, response=form.cleaned_data["response"]
                )
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(request, gettext("整改回复已提交，园区将安排复测"))
                return redirect("environment:exceedance_detail", exceedance.pk)
    readings = (
        Reading.objects.restrict(request.user)
        .filter(point=exceedance.point, limit=exceedance.limit)
        .filter(measured_at__gte=exceedance.reading.measured_at)[:20]
    )
    return render(
        request,
        "environment/exceedance_detail.html",
        {
            "exceedance": exceedance,
            "notice": notice,
            "form": form,
            "may_respond": may_respond,
            "readings": readings,
            "can_retest": exceedance.status == Exceedance.Status.OPEN
            and can_write_model(request.user, Reading, ADD),
        },
    )
