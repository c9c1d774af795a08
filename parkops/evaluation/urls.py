"""Pages of third-party evaluation (clause 10), under /evaluation/."""

from django.urls import path

from parkops.core.views import ObjectDeleteView, ObjectEditView, ObjectListView, object_urls
from parkops.evaluation import filters, forms, views
from parkops.evaluation.models import EvaluationProject

app_name = "evaluation"

ProjectList = type(
    "EvaluationProjectList",
    (ObjectListView,),
    {
        "columns": (
            "title",
            "park",
            "assessor_org",
            "status",
            "aggregation",
            "planned_start",
            "published_at",
        ),
        "filterset_class": filters.EvaluationProjectFilterSet,
        "select_related": ("park",),
    },
)
ProjectEdit = type("EvaluationProjectEdit", (ObjectEditView,), {"form_class": forms.ProjectForm})

urlpatterns = [
    *[
        p
        for p in object_urls(
            "projects",
            EvaluationProject,
            list_view=ProjectList,
            detail_view=ProjectList,  # replaced below by the project page with its tabs
            edit_view=ProjectEdit,
            delete_view=ObjectDeleteView,
        )
        if p.name != "evaluationproject_detail"
    ],
    path("projects/<int:pk>/", views.project_detail, name="evaluationproject_detail"),
    path("projects/<int:pk>/experts/", views.add_expert, name="add_expert"),
    path("projects/<int:pk>/advance/", views.advance, name="advance"),
    path("projects/<int:pk>/declaration/", views.declare, name="declare"),
    path("projects/<int:pk>/sheet/", views.save_sheet, name="save_sheet"),
    path("projects/<int:pk>/materials/", views.submit_materials, name="submit_materials"),
    path("projects/<int:pk>/site-visits/", views.site_visit, name="site_visit"),
    path("projects/<int:pk>/clarifications/", views.ask, name="ask"),
    path("projects/<int:pk>/clarifications/<int:cid>/answer/", views.answer, name="answer"),
    path("projects/<int:pk>/clarifications/<int:cid>/close/", views.close, name="close"),
    path("projects/<int:pk>/veto/", views.veto, name="veto"),
    path("projects/<int:pk>/publish/", views.publish, name="publish"),
    path("projects/<int:pk>/report.<str:fmt>", views.report, name="report"),
    path("projects/<int:pk>/dossier.<str:fmt>", views.dossier, name="dossier"),
    path("projects/<int:pk>/ledger.xlsx", views.ledger, name="ledger"),
]
