"""A small evaluation on the test world's park ALPHA, built through the services."""

from __future__ import annotations

from decimal import Decimal

from parkops.accounts.services import create_user
from parkops.assessment.models import Indicator
from parkops.assessment.selectors import current_edition
from parkops.core.scope import Role
from parkops.core.services import create_object
from parkops.evaluation import services
from parkops.evaluation.models import EvaluationProject, SiteVisit


def make_project(world, *, title="阿尔法园 2026 年度第三方评估") -> EvaluationProject:
    return create_object(
        model=EvaluationProject,
        data={
            "park": world.alpha,
            "title": title,
            "assessor_org": "深圳市某评估中心",
            "edition": current_edition(),
        },
        by=world.admin,
    )


def make_assessor(world, username: str):
    return create_user(
        by=world.platform,
        username=username,
        password=world.password,
        role=Role.ASSESSOR,
        display_name=username,
    )


def panel(world, project, count: int, *, lead_first=True, specialities=None) -> list:
    """``count`` experts on the panel: the world's ``assessor`` first (the lead), then new ones.
    Each covers every first-level area unless ``specialities`` (one list per expert) says."""
    users = [world.assessor] + [make_assessor(world, f"expert{i}") for i in range(1, count)]
    areas = specialities or [project.speciality_areas()] * count
    return [
        services.add_expert(
            project=project, user=u, by=world.admin, is_lead=(i == 0 and lead_first), specialities=areas[i]
        )
        for i, u in enumerate(users)
    ]


def declare_clear(experts) -> None:
    for e in experts:
        services.declare_conflict(expert=e, by=e.user, has_conflict=False)


def to_scoring(world, project) -> EvaluationProject:
    """筹备 → 材料审查 → (materials) → 现场核查 → (visit) → 专家评分."""
    project = services.advance_project(project=project, to="materials", by=world.admin)
    services.submit_materials(project=project, by=world.admin)
    project = services.advance_project(project=project, to="site_visit", by=world.admin)
    lead = project.experts.get(is_lead=True)
    services.record_site_visit(
        project=project,
        by=lead.user,
        visited_on=project.created_at.date(),
        places="A栋大堂、消防控制室",
        people_met="园区总经理",
    )
    assert SiteVisit.objects.filter(project=project).exists()
    return services.advance_project(project=project, to="scoring", by=world.admin)


def points(project) -> dict[int, Decimal]:
    return {i.row: i.points for i in Indicator.objects.filter(edition=project.edition, points__isnull=False)}


def full_sheet(project, overrides: dict[int, str] | None = None) -> dict[int, tuple[str, str]]:
    sheet = {row: (str(p), "") for row, p in points(project).items()}
    for row, value in (overrides or {}).items():
        sheet[row] = (value, "")
    return sheet


def score_and_submit(expert, project, overrides=None):
    services.save_scores(expert=expert, by=expert.user, scores=full_sheet(project, overrides))
    return services.submit_sheet(expert=expert, by=expert.user)
