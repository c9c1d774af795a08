"""Pages of the park, its spaces, enterprises and organisation."""

from django.utils.translation import pgettext_lazy

from parkops.core import filters, forms
from parkops.core import models as core
from parkops.core.views import ObjectDeleteView, ObjectDetailView, ObjectEditView, ObjectListView, object_urls

app_name = "core"


def pages_for(
    prefix, model, *, columns, filterset, form, select=(), detail_fields=None, related=(), card=None
):
    list_view = type(
        f"{model.__name__}List",
        (ObjectListView,),
        {
            "columns": columns,
            "filterset_class": filterset,
            "select_related": select,
            "card_fields": card,
        },
    )
    detail_view = type(
        f"{model.__name__}Detail",
        (ObjectDetailView,),
        {
            "fields": detail_fields,
            "related": related,
            "select_related": select,
        },
    )
    edit_view = type(f"{model.__name__}Edit", (ObjectEditView,), {"form_class": form})
    return object_urls(
        prefix,
        model,
        list_view=list_view,
        detail_view=detail_view,
        edit_view=edit_view,
        delete_view=ObjectDeleteView,
    )


urlpatterns = [
    *pages_for(
        "operators",
        core.Operator,
        columns=("name", "credit_code", "established_on"),
        filterset=filters.OperatorFilterSet,
        form=forms.OperatorForm,
        related=(
            ("parks", pgettext_lazy("list", "运营园区")),
            ("cases", pgettext_lazy("list", "同类项目经验案例")),
        ),
    ),
    *pages_for(
        "parks",
        core.Park,
        columns=("code", "name", "district", "floor_area", "operator"),
        filterset=filters.ParkFilterSet,
        form=forms.ParkForm,
        select=("operator",),
        related=(
            ("buildings", pgettext_lazy("list", "楼栋")),
            ("departments", pgettext_lazy("list", "部门")),
        ),
    ),
    *pages_for(
        "buildings",
        core.Building,
        columns=("code", "name", "park", "floors_above", "gross_area"),
        filterset=filters.BuildingFilterSet,
        form=forms.BuildingForm,
        select=("park",),
        related=(("floors", pgettext_lazy("list", "楼层")),),
    ),
    *pages_for(
        "floors",
        core.Floor,
        columns=("__str__", "number", "area"),
        filterset=filters.FloorFilterSet,
        form=forms.FloorForm,
        select=("building",),
        related=(("units", pgettext_lazy("list", "房源")),),
    ),
    *pages_for(
        "units",
        core.Unit,
        columns=("__str__", "floor", "area", "use", "state", "enterprise", "listed_rent"),
        filterset=filters.UnitFilterSet,
        card=("state", "area", "enterprise", "listed_rent"),
        form=forms.UnitForm,
        select=("floor__building", "enterprise"),
        related=(("use_changes", pgettext_lazy("list", "改变规划用途情形")),),
    ),
    *pages_for(
        "enterprises",
        core.Enterprise,
        columns=("name", "credit_code", "industry", "headcount", "moved_in_on", "status"),
        filterset=filters.EnterpriseFilterSet,
        card=("status", "industry", "headcount", "moved_in_on"),
        form=forms.EnterpriseForm,
        select=("industry", "park"),
        related=(("units", pgettext_lazy("list", "使用房源")),),
    ),
    *pages_for(
        "departments",
        core.Department,
        columns=("name", "kind", "park", "parent"),
        filterset=filters.DepartmentFilterSet,
        form=forms.DepartmentForm,
        select=("park", "parent"),
        related=(("positions", pgettext_lazy("list", "岗位")), ("staff", pgettext_lazy("list", "员工"))),
    ),
    *pages_for(
        "positions",
        core.Position,
        columns=("title", "department", "professional", "headcount"),
        filterset=filters.PositionFilterSet,
        form=forms.PositionForm,
        select=("department",),
    ),
    *pages_for(
        "staff",
        core.Staff,
        columns=("employee_no", "name", "department", "position", "phone", "hired_on", "active"),
        filterset=filters.StaffFilterSet,
        form=forms.StaffForm,
        select=("department", "position"),
        related=(
            ("qualifications", pgettext_lazy("list", "资格证书")),
            ("trainings", pgettext_lazy("list", "培训记录")),
            ("assessments", pgettext_lazy("list", "考核记录")),
            ("experiences", pgettext_lazy("list", "从业经历")),
        ),
    ),
    *pages_for(
        "qualifications",
        core.StaffQualification,
        columns=("staff", "name", "issuer", "valid_until"),
        filterset=filters.StaffQualificationFilterSet,
        form=forms.StaffQualificationForm,
        select=("staff",),
    ),
    *pages_for(
        "trainings",
        core.TrainingRecord,
        columns=("staff", "topic", "held_on", "hours", "passed"),
        filterset=filters.TrainingRecordFilterSet,
        form=forms.TrainingRecordForm,
        select=("staff",),
    ),
    *pages_for(
        "staff-assessments",
        core.StaffAssessment,
        columns=("staff", "period", "score", "result"),
        filterset=filters.StaffAssessmentFilterSet,
        form=forms.StaffAssessmentForm,
        select=("staff",),
    ),
    *pages_for(
        "supporting-services",
        core.SupportingService,
        columns=("name", "park"),
        filterset=filters.SupportingServiceFilterSet,
        form=forms.SupportingServiceForm,
        select=("park",),
        related=(("enterprises", pgettext_lazy("list", "入驻企业")),),
    ),
    *pages_for(
        "experiences",
        core.LeadExperience,
        columns=("staff", "area", "role", "place", "started_on", "ended_on"),
        filterset=filters.LeadExperienceFilterSet,
        form=forms.LeadExperienceForm,
        select=("staff",),
        card=("area", "role", "place", "started_on"),
    ),
    *pages_for(
        "cases",
        core.ProjectCase,
        columns=("name", "operator", "place_kind", "started_on", "ended_on", "document"),
        filterset=filters.ProjectCaseFilterSet,
        form=forms.ProjectCaseForm,
        select=("operator",),
        card=("place_kind", "started_on", "document"),
    ),
    *pages_for(
        "use-changes",
        core.UseChange,
        columns=("unit", "planned_use", "actual_use", "found_on", "resolution", "resolved_on"),
        filterset=filters.UseChangeFilterSet,
        form=forms.UseChangeForm,
        select=("unit__floor__building",),
        card=("actual_use", "found_on", "resolution"),
    ),
]
