from django import forms
from django.utils.translation import gettext_lazy as _

from parkops.core.forms import RestrictedModelForm, form_for
from parkops.safety import models as m

SafetyPlanForm = form_for(
    m.SafetyPlan,
    ["park", "category", "topic", "title", "owner", "version", "effective_on", "document", "summary"],
)
DrillForm = form_for(
    m.Drill, ["plan", "held_on", "scenario", "participants_count", "participant_names", "photo", "review"]
)
PatrolRouteForm = form_for(m.PatrolRoute, ["park", "name", "description", "active"])
CheckpointForm = form_for(m.Checkpoint, ["route", "order", "name", "location"])
CheckItemForm = form_for(m.CheckItem, ["checkpoint", "order", "text", "hazard_category"])


def park_colleagues(user):
    """Staff and operator administrators working in ``user``'s parks: the people a schedule or a
    notice may name (accounts are otherwise visible only to their administrators)."""
    from django.db.models import Q

    from parkops.accounts.models import User
    from parkops.core.scope import Role, visible_park_ids

    people = User.objects.filter(is_active=True, role__in=(Role.STAFF, Role.OPERATOR_ADMIN))
    park_ids = visible_park_ids(user)
    if park_ids is not None:
        people = people.filter(
            Q(parks__in=park_ids) | Q(role=Role.OPERATOR_ADMIN, operator__parks__in=park_ids)
        )
    return people.distinct().order_by("username")


class PatrolScheduleForm(RestrictedModelForm):
    class Meta:
        model = m.PatrolSchedule
        fields = ["route", "shift", "starts_at", "ends_at", "rounds", "guards"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["guards"].queryset = park_colleagues(self.user)
        for name in ("starts_at", "ends_at"):
            self.fields[name].widget.input_type = "time"


HazardForm = form_for(
    m.Hazard, ["park", "grade", "category", "place", "description", "photo", "source", "found_at"]
)
SpecialEquipmentForm = form_for(
    m.SpecialEquipment,
    [
        "park",
        "kind",
        "name",
        "location",
        "registration_no",
        "put_into_use_on",
        "registered_on",
        "maintenance_unit",
        "maintenance_licence_no",
        "last_inspected_on",
        "next_due",
    ],
)
SpecialEquipmentInspectionForm = form_for(
    m.SpecialEquipmentInspection,
    ["equipment", "kind", "inspected_on", "inspector", "result", "next_due", "note"],
)
FireEquipmentForm = form_for(
    m.FireEquipment,
    ["park", "kind", "location", "quantity", "standard", "model_spec", "last_inspected_on", "next_due"],
)
EBikeChargingAreaForm = form_for(
    m.EBikeChargingArea,
    ["park", "name", "location", "capacity", "fire_measures", "last_inspected_on", "next_due"],
)
RegisterInspectionForm = form_for(
    m.RegisterInspection,
    [
        "fire_equipment",
        "charging_area",
        "fire_sign",
        "inspected_on",
        "inspector",
        "result",
        "next_due",
        "note",
    ],
)
FireSafetySignForm = form_for(
    m.FireSafetySign, ["park", "kind", "location", "quantity", "luminous", "last_inspected_on", "next_due"]
)
MonitoredAreaForm = form_for(m.MonitoredArea, ["park", "area", "name"])
PeriodicCheckForm = form_for(
    m.PeriodicCheck, ["park", "kind", "subject", "checked_on", "checked_by", "result", "next_due", "note"]
)
FoodMerchantForm = form_for(
    m.FoodMerchant, ["park", "enterprise", "name", "location", "licence_no", "licence_valid_until"]
)
StaffHealthCertificateForm = form_for(
    m.StaffHealthCertificate, ["merchant", "name", "certificate_no", "valid_until"]
)
SecurityStaffForm = form_for(
    m.SecurityStaff, ["park", "staff", "name", "post", "certificate", "certificate_no", "active"]
)
SafetyTrainingForm = form_for(
    m.SafetyTraining,
    ["park", "held_on", "topic", "form", "trainer", "audience", "attendees_count", "attendee_names"],
)
MonitoringDeviceForm = form_for(
    m.MonitoringDevice, ["park", "kind", "name", "location", "area", "covers", "resolution"]
)


class NoticeForm(RestrictedModelForm):
    class Meta:
        model = m.RectificationNotice
        fields = ["owner", "deadline", "measures", "funds", "contingency_plan"]

    def __init__(self, *args, hazard=None, **kwargs):
        super().__init__(*args, **kwargs)
        from parkops.accounts.models import User
        from parkops.core.scope import Role

        if hazard is not None:
            self.fields["owner"].queryset = (
                User.objects.filter(
                    is_active=True, role__in=(Role.STAFF, Role.OPERATOR_ADMIN), parks=hazard.park
                )
                .order_by("username")
                .distinct()
            )
            if hazard.grade == m.Hazard.Grade.MAJOR:
                self.fields["funds"].required = True
                self.fields["contingency_plan"].required = True
        self.fields["deadline"].widget.input_type = "date"


class RectificationReportForm(forms.Form):
    done = forms.CharField(label=_("整改情况"), widget=forms.Textarea(attrs={"rows": 3}))
    photo = forms.ImageField(label=_("整改后照片"), required=False)


class FollowUpForm(forms.Form):
    passed = forms.TypedChoiceField(
        label=_("复查结论"),
        choices=(("1", _("合格，关闭隐患")), ("0", _("不合格，退回整改"))),
        coerce=lambda v: v == "1",
    )
    note = forms.CharField(label=_("复查意见"), widget=forms.Textarea(attrs={"rows": 3}))
