"""PDCA corrective actions for the home pages: open ones by deadline."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from parkops.core.queues import Queue, QueueItem, register
from parkops.core.scope import DepartmentKind
from parkops.improvement.models import CorrectiveAction


def open_actions(user, today):
    actions = (
        CorrectiveAction.objects.restrict(user, "view")
        .exclude(state=CorrectiveAction.State.CLOSED)
        .select_related("finding")
        .order_by("deadline", "pk")
    )
    for action in actions:
        yield QueueItem(
            title=str(action),
            url=action.get_absolute_url(),
            state=action.get_state_display(),
            due=action.deadline,
            overdue=action.is_overdue(today),
            mine=action.owner_id == user.pk,
        )


register(
    Queue(
        "improvement.actions",
        _("整改措施"),
        open_actions,
        departments=(DepartmentKind.ADMINISTRATION,),
        url_name="improvement:correctiveaction_list",
        icon="bi-arrow-repeat",
        order=40,
    )
)
