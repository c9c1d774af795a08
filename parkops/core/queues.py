"""Work queues for the home pages: what each person should do next.

Like navigation, a registry. Each domain app declares, in its own ``queues.py`` (imported
once by :func:`autodiscover`, the way ``evidence.py`` is), the lists of work it knows about::

    from parkops.core.queues import Queue, QueueItem, register

    def _open_hazards(user, today):
        for hazard in Hazard.objects.restrict(user, "view").exclude(status="closed"):
            yield QueueItem(title=..., url=hazard.get_absolute_url(), due=hazard.deadline,
                            overdue=hazard.overdue, mine=...)

    register(Queue("safety.hazards", _("安全隐患整改"), _open_hazards,
                   departments=(DepartmentKind.SAFETY,)))

Who sees a queue: operator administrators see every queue marked for them (``admin=True``,
the default), staff the queues of their department, tenants and assessors the queues
naming their role. Items always come from restricted querysets, so a queue never shows what
the user may not open.

Which items show is decided here, once: an item is shown when it is overdue, assigned to the
user (``mine``), has no due date (it waits for someone now), or falls due within the look-
ahead — the coming week for administrators, today for staff, or the queue's own
``lookahead_days`` (leases ending in 90 days, inspections due within 30). Tenants and
assessors see every item of their queues: they are their own requests.

A queue that may hold thousands of rows (readings the ingest refused, open alarms) is
``counted``: its function is called as ``fn(user, today, until)`` with the last due date that
still shows (None: every item shows) and returns :class:`Counted` — its first items in the
order shown, and how many show and are overdue, counted in the database — so the home builds
the eight items it shows rather than every row.

Besides queues, an app may register key figures for the administrator's home
(:func:`register_figure`) and one score provider (:func:`register_score`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from parkops.core.scope import Role

ItemsFunction = Callable[[Any, dt.date], Iterable["QueueItem"]]

WORK = "work"  # to do, for staff and administrators
OPEN = "open"  # a tenant's own requests still in progress
WAITING = "waiting"  # waits for the tenant's confirmation, answer or payment
GROUPS = (WORK, OPEN, WAITING)

ADMIN_LOOKAHEAD_DAYS = 6  # today and the six days after it: "due this week"
SHOWN_PER_QUEUE = 8


@dataclass(frozen=True)
class QueueItem:
    """One thing to do: what, its state, by when, where to do it."""

    title: str
    url: str = ""
    state: str = ""
    due: dt.date | dt.datetime | None = None
    overdue: bool = False
    mine: bool = False
    detail: str = ""

    @property
    def due_date(self) -> dt.date | None:
        if isinstance(self.due, dt.datetime):
            return timezone.localtime(self.due).date() if timezone.is_aware(self.due) else self.due.date()
        return self.due


@dataclass(frozen=True)
class Queue:
    key: str
    label: Any  # a lazy translation: computed per request when shown
    items: ItemsFunction
    departments: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    admin: bool = True
    group: str = WORK
    url_name: str = ""  # the full list ("全部")
    icon: str = "bi-list-check"
    lookahead_days: int | None = None
    order: int = 100
    counted: bool = False  # items(user, today, until) -> Counted (see the module's docstring)

    def visible_to(self, user) -> bool:
        if not getattr(user, "is_authenticated", False):
            return False
        if user.is_superuser or user.role == Role.OPERATOR_ADMIN:
            return self.admin
        if user.role == Role.STAFF:
            return bool(user.department) and user.department in self.departments
        return user.role in self.roles


@dataclass(frozen=True)
class Figure:
    """A key figure of the park for the administrator's home (e.g. 出租率)."""

    key: str
    label: Any
    value: Callable[[Any, dt.date], Any]  # (user, today) -> a number (Decimal/int) or None
    kind: str = "count"  # "count" | "percent" | "money": how the home formats it
    url_name: str = ""
    hint: Any = ""
    order: int = 100


@dataclass(frozen=True)
class Counted:
    """What a counted queue returns: ``items`` are its first items in the order shown (at least
    ``SHOWN_PER_QUEUE`` of them when there are as many; more are cut), ``total`` and ``overdue``
    count every item that shows. Items that show: overdue, the user's, undated, or due on or
    before ``until`` — the same rule as :func:`shows`."""

    items: list[QueueItem]
    total: int
    overdue: int


@dataclass
class ShownQueue:
    queue: Queue
    items: list[QueueItem]
    total: int
    overdue: int = 0
    extra: dict = field(default_factory=dict)

    @property
    def label(self) -> str:
        return str(self.queue.label)

    @property
    def more(self) -> int:
        return self.total - len(self.items)


_queues: dict[str, Queue] = {}
_figures: dict[str, Figure] = {}
_score: list[Callable[..., Any]] = []
_discovered = False


def register(queue: Queue) -> Queue:
    if queue.group not in GROUPS:
        raise ValueError(f"queue {queue.key!r}: unknown group {queue.group!r}")
    _queues[queue.key] = queue
    return queue


def register_figure(figure: Figure) -> Figure:
    _figures[figure.key] = figure
    return figure


def register_score(provider: Callable[..., Any]) -> Callable[..., Any]:
    """``provider(user, park, today)`` -> the park's provisional score summary or None."""
    _score[:] = [provider]
    return provider


def autodiscover() -> None:
    """Import every installed app's ``queues`` module once."""
    global _discovered
    if _discovered:
        return
    from django.utils.module_loading import autodiscover_modules

    autodiscover_modules("queues")
    _discovered = True


def lookahead(user, queue: Queue) -> int | None:
    """Days after today an item may fall due and still show; None: every item shows."""
    if queue.lookahead_days is not None:
        return queue.lookahead_days
    if user.is_superuser or user.role == Role.OPERATOR_ADMIN:
        return ADMIN_LOOKAHEAD_DAYS
    if user.role == Role.STAFF:
        return 0
    return None


def shows(item: QueueItem, today: dt.date, days: int | None) -> bool:
    if days is None or item.overdue or item.mine:
        return True
    due = item.due_date
    return due is None or due <= today + dt.timedelta(days=days)


def _sort_key(item: QueueItem):
    due = item.due_date
    return (not item.overdue, due is None, due or dt.date.max, item.title)


def queues_for(user, today: dt.date, group: str | None = None) -> list[ShownQueue]:
    """The queues ``user`` sees, each with the items to show now, overdue and earliest first."""
    autodiscover()
    shown = []
    for queue in sorted(_queues.values(), key=lambda q: (q.order, q.key)):
        if (group is not None and queue.group != group) or not queue.visible_to(user):
            continue
        days = lookahead(user, queue)
        if queue.counted:
            counted = queue.items(user, today, None if days is None else today + dt.timedelta(days=days))
            items = first_shown(counted.items)
            shown.append(ShownQueue(queue=queue, items=items, total=counted.total, overdue=counted.overdue))
            continue
        items = sorted((i for i in queue.items(user, today) if shows(i, today, days)), key=_sort_key)
        shown.append(
            ShownQueue(
                queue=queue,
                items=items[:SHOWN_PER_QUEUE],
                total=len(items),
                overdue=sum(1 for i in items if i.overdue),
            )
        )
    return shown


def first_shown(entries: Iterable[Any], item: Callable[[Any], QueueItem] = lambda entry: entry) -> list:
    """The first ``SHOWN_PER_QUEUE`` entries in the order shown: overdue, then by due date and
    title. ``item`` gives an entry's QueueItem, for a counted queue whose entries also carry
    what only the shown ones need (the row their link is built from)."""
    return sorted(entries, key=lambda entry: _sort_key(item(entry)))[:SHOWN_PER_QUEUE]


def figures_for(user, today: dt.date) -> list[dict]:
    autodiscover()
    out = []
    for figure in sorted(_figures.values(), key=lambda f: (f.order, f.key)):
        out.append(
            {
                "key": figure.key,
                "label": str(figure.label),
                "hint": str(figure.hint) if figure.hint else "",
                "value": figure.value(user, today),
                "kind": figure.kind,
                "url_name": figure.url_name,
            }
        )
    return out


def score_for(user, park, today: dt.date):
    autodiscover()
    return _score[0](user, park, today) if _score else None
