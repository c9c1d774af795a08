"""Third-party evaluation for the home pages: an assessor's projects with their next step,
and the clarification questions the operator must answer."""

from __future__ import annotations

from django.db.models import Count, F, Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from parkops.core.queues import Queue, QueueItem, register
from parkops.core.scope import DepartmentKind, Role
from parkops.evaluation.models import ClarificationRequest, EvaluationProject, Expert

Status = EvaluationProject.Status


def next_step(project: EvaluationProject, expert: Expert, answered: int) -> tuple[str, bool]:
    """What the expert should do next on the project, and whether it waits on them."""
    if not hasattr(expert, "declaration"):
        return gettext("下一步：声明利益冲突"), True
    if expert.declaration.recused:
        return gettext("已回避，无需评分"), False
    if answered:
        return gettext("下一步：查看 %(count)s 项澄清答复并关闭") % {"count": answered}, True
    if project.status == Status.SCORING and expert.sheet_submitted_at is None:
        return gettext("下一步：评分"), True
    if project.status == Status.PUBLISHED:
        return gettext("已出结果"), False
    if expert.sheet_submitted_at is not None:
        return gettext("评分表已提交，等待其他专家"), False
    return gettext("等待运营机构：%(stage)s") % {"stage": project.get_status_display()}, False


def my_projects(user, today):
    seats = (
        Expert.objects.filter(user=user, project__in=EvaluationProject.objects.restrict(user, "view"))
        .select_related("project__park", "declaration")
        # the expert's own questions answered on the seat's project: counted with the seats
        .annotate(
            answered=Count(
                "questions",
                filter=Q(
                    questions__project=F("project"),
                    questions__state=ClarificationRequest.State.ANSWERED,
                ),
            )
        )
        .order_by("project__planned_end", "project__pk")
    )
    for expert in seats:
        project = expert.project
        step, waits = next_step(project, expert, expert.answered)
        yield QueueItem(
            title=f"{project.title} · {project.park.name}",
            url=project.get_absolute_url(),
            state=step,
            due=project.planned_end if waits else None,
            overdue=bool(waits and project.planned_end and project.planned_end < today),
            mine=waits,
            detail=project.get_status_display(),
        )


def open_clarifications(user, today):
    """澄清问题 the operator has not answered yet."""
    for item in (
        ClarificationRequest.objects.restrict(user, "view")
        .filter(state=ClarificationRequest.State.OPEN)
        .select_related("project")
        .order_by("asked_at")
    ):
        yield QueueItem(
            title=f"{item.project.title} · {item.question[:40]}",
            url=item.project.get_absolute_url(),
            state=item.get_state_display(),
        )


register(
    Queue(
        "evaluation.my_projects",
        _("分配给我的评估项目"),
        my_projects,
        roles=(Role.ASSESSOR,),
        admin=False,
        url_name="evaluation:evaluationproject_list",
        icon="bi-clipboard-check",
        order=10,
    )
)
register(
    Queue(
        "evaluation.clarifications",
        _("待答复的澄清问题"),
        open_clarifications,
        departments=(DepartmentKind.ADMINISTRATION,),
        url_name="evaluation:evaluationproject_list",
        icon="bi-question-circle",
        order=70,
    )
)
