"""Forms of the engineering pages; related choices narrowed to what the user may see."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from parkops.core import models as core
from parkops.core.forms import RestrictedModelForm, form_for
from parkops.core.scope import VIEW
from parkops.engineering import models as eng

WorkOrderSlaForm = form_for(
    eng.WorkOrderSla, ["park", "category", "priority", "respond_minutes", "complete_hours"]
)
MaintenancePlanForm = form_for(
    eng.MaintenancePlan,
    [
        "park",
        "system",
        "title",
        "asset",
        "building",
        "tasks",
        "schedule",
        "interval",
        "interval_unit",
        "next_due_on",
        "last_reading",
        "current_reading",
        "assignee",
        "active",
    ],
)
PeriodicTestForm = form_for(
    eng.PeriodicTest,
    ["park", "system", "name", "tested_on", "agency", "result", "next_due_on", "report", "notes"],
)
BuildingConditionRecordForm = form_for(
    eng.BuildingConditionRecord,
    [
        "building",
        "floor",
        "area",
        "element",
        "condition",
        "description",
        "photo",
        "inspected_on",
        "inspector",
        "repair_order",
    ],
)


class WorkOrderReportForm(RestrictedModelForm):
    """报修: tenants choose among their own units; staff also choose the park and building."""

    class Meta:
        model = eng.WorkOrder
        fields = ["park", "category", "priority", "building", "unit", "location", "description", "photo"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["location"].help_text = _("如 12F 茶水间、B1 车库入口")
        if user is not None and user.role == "tenant" and not user.is_superuser:
            for name in ("park", "building", "priority"):
                self.fields.pop(name)
            self.fields["unit"].queryset = core.Unit.objects.restrict(user, VIEW).select_related(
                "floor__building"
            )
            self.fields["unit"].label = _("报修房源")
        else:
            self.fields["park"].required = True
            self.fields["unit"].queryset = core.Unit.objects.restrict(user, VIEW).select_related(
                "floor__building"
            )


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(queryset=None, label=_("维修人员"), empty_label=_("请选择"))
    note = forms.CharField(label=_("派单说明"), required=False, max_length=200)

    def __init__(self, *args, order=None, **kwargs):
        super().__init__(*args, **kwargs)
        from parkops.accounts.models import User
        from parkops.core.scope import DepartmentKind, Role

        self.fields["assignee"].queryset = User.objects.filter(
            is_active=True, role=Role.STAFF, department=DepartmentKind.ENGINEERING, parks=order.park
        ).order_by("username")
        self.fields["assignee"].label_from_instance = lambda u: u.name


class CompleteForm(forms.Form):
    work_done = forms.CharField(label=_("处理情况"), widget=forms.Textarea(attrs={"rows": 3}))
    materials = forms.CharField(label=_("使用材料"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    photo = forms.ImageField(label=_("完工照片"), required=False)


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("退回原因"), widget=forms.Textarea(attrs={"rows": 2}))


class RateForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("评分"),
        coerce=int,
        choices=[(i, "★" * i) for i in range(5, 0, -1)],
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
    comment = forms.CharField(label=_("评价"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class DecorationApplicationForm(RestrictedModelForm):
    class Meta:
        model = eng.DecorationApplication
        fields = [
            "enterprise",
            "unit",
            "scope",
            "drawings",
            "planned_start",
            "planned_end",
            "contractor",
            "contractor_contact",
        ]
        widgets = {"scope": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        if user is not None and user.role == "tenant" and not user.is_superuser:
            self.fields.pop("enterprise")
        self.fields["drawings"].required = True


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("审批意见"),
        choices=[("approve", _("同意")), ("reject", _("驳回"))],
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
    comment = forms.CharField(label=_("意见说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class AgreementForm(forms.Form):
    signed_on = forms.DateField(
        label=_("签订日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    file = forms.FileField(label=_("签字版安全管理协议"))


class StartWorksForm(forms.Form):
    started_on = forms.DateField(
        label=_("开工日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )


class FireInspectionForm(forms.Form):
    inspected_on = forms.DateField(
        label=_("检查日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    result = forms.ChoiceField(label=_("结果"), choices=eng.FireInspection.Result.choices)
    issues = forms.CharField(
        label=_("发现问题及整改要求"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    inspector = forms.CharField(label=_("检查人"), max_length=50)


class AcceptanceForm(forms.Form):
    accepted_on = forms.DateField(
        label=_("验收日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    passed = forms.TypedChoiceField(
        label=_("验收结论"),
        coerce=lambda v: v == "1",
        choices=[("1", _("通过")), ("0", _("不通过"))],
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
    notes = forms.CharField(label=_("验收意见"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    inspector = forms.CharField(label=_("验收人"), max_length=50)


class ReadingForm(forms.Form):
    read_on = forms.DateField(
        label=_("读数日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    value = forms.DecimalField(label=_("读数"), max_digits=14, decimal_places=2, min_value=0)
