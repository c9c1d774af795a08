"""Form base: related choices narrowed to what the user may see; browser-native widgets."""

from __future__ import annotations

from django import forms
from django.db import models

from parkops.core import models as core
from parkops.core.scope import VIEW


class RestrictedModelForm(forms.ModelForm):
    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        for field in self.fields.values():
            qs = getattr(field, "queryset", None)
            if qs is not None and hasattr(qs, "restrict"):
                field.queryset = core.for_labels(qs.restrict(user, VIEW))
            widget = field.widget
            if isinstance(field, forms.DateField) and not isinstance(field, forms.DateTimeField):
                widget.input_type = "date"
                widget.format = "%Y-%m-%d"
            if isinstance(field, forms.ModelMultipleChoiceField):
                widget.attrs.setdefault("size", 8)

    def clean(self):
        data = super().clean()
        # Browsers post text areas with CRLF; store LF so an unchanged form changes nothing.
        for name, value in list(data.items()):
            if isinstance(value, str) and "\r" in value:
                data[name] = value.replace("\r\n", "\n").replace("\r", "\n")
        return data

    def _post_clean(self) -> None:
        # The service validates the whole object (full_clean) in its transaction; the form
        # checks fields only, so no unsaved instance is half-mutated here.
        opts = self._meta
        try:
            self.instance = forms.models.construct_instance(self, self.instance, opts.fields, opts.exclude)
        except forms.ValidationError as e:
            self._update_errors(e)


def form_for(model: type[models.Model], field_names: list[str]) -> type[RestrictedModelForm]:
    meta = type("Meta", (), {"model": model, "fields": field_names})
    return type(f"{model.__name__}Form", (RestrictedModelForm,), {"Meta": meta})


ParkForm = form_for(
    core.Park,
    [
        "operator",
        "code",
        "name",
        "district",
        "address",
        "land_area",
        "floor_area",
        "opened_on",
        "positioning",
        "leading_industries",
        "characteristic_industries",
    ],
)
BuildingForm = form_for(
    core.Building, ["park", "code", "name", "floors_above", "floors_below", "gross_area", "completed_year"]
)
FloorForm = form_for(core.Floor, ["building", "number", "area"])
UnitForm = form_for(core.Unit, ["floor", "code", "area", "use", "state", "enterprise", "listed_rent"])
EnterpriseForm = form_for(
    core.Enterprise,
    [
        "park",
        "name",
        "credit_code",
        "industry",
        "industry_note",
        "supporting_service",
        "legal_representative",
        "registered_capital",
        "established_on",
        "moved_in_on",
        "headcount",
        "contact_name",
        "contact_phone",
        "status",
    ],
)
DepartmentForm = form_for(core.Department, ["park", "kind", "name", "duties", "parent"])
PositionForm = form_for(
    core.Position, ["department", "title", "responsibilities", "professional", "headcount"]
)
StaffForm = form_for(
    core.Staff,
    [
        "park",
        "department",
        "position",
        "employee_no",
        "name",
        "phone",
        "hired_on",
        "industry_years",
        "is_team_lead",
        "experience",
        "active",
    ],
)
StaffQualificationForm = form_for(
    core.StaffQualification, ["staff", "name", "issuer", "number", "issued_on", "valid_until"]
)
TrainingRecordForm = form_for(
    core.TrainingRecord, ["staff", "topic", "provider", "held_on", "hours", "passed"]
)
StaffAssessmentForm = form_for(core.StaffAssessment, ["staff", "period", "score", "result", "assessed_on"])
OperatorForm = form_for(
    core.Operator, ["name", "credit_code", "established_on", "experience", "address", "contact_phone"]
)
SupportingServiceForm = form_for(core.SupportingService, ["park", "name", "description"])
LeadExperienceForm = form_for(
    core.LeadExperience, ["staff", "area", "role", "place_kind", "place", "started_on", "ended_on", "work"]
)
ProjectCaseForm = form_for(
    core.ProjectCase,
    ["operator", "name", "place_kind", "location", "started_on", "ended_on", "work", "document"],
)
UseChangeForm = form_for(
    core.UseChange,
    [
        "unit",
        "planned_use",
        "actual_use",
        "found_on",
        "description",
        "resolution",
        "resolved_on",
        "resolution_note",
        "approval",
    ],
)
