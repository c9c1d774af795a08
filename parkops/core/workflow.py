"""One shape for a request with a timeline: work orders, tickets, hazards, demands,
applications, public-opinion events.

A workflow model declares its states and the transitions between them in a table
(``Workflow``), keeps its steps in a timeline model (``TimelineEvent``), and every step goes
through one service helper (``advance``):

    class Demand(RestrictedModel):
        class State(models.TextChoices):
            NEW = "new", _("新提交")
            ASSIGNED = "assigned", _("已分派")
            CLOSED = "closed", _("已办结")

        state = models.CharField(_("状态"), max_length=20, choices=State.choices, default=State.NEW)
        workflow = Workflow(
            field="state",
            events="events",  # related_name of the timeline model's ForeignKey
            transitions=[
                Transition("assign", source=[State.NEW], target=State.ASSIGNED, step=_("分派")),
                Transition("close", source=[State.ASSIGNED], target=State.CLOSED, step=_("办结"),
                           allowed=lambda user, demand: ...),
            ],
        )

    class DemandEvent(TimelineEvent, RestrictedModel):
        subject_field = "demand"
        park_path = "demand__park"
        demand = models.ForeignKey(Demand, models.CASCADE, related_name="events")

    demand = advance(demand, "assign", by=user, note="…", apply=lambda d: setattr(d, "owner", x))

``advance`` locks the row, checks that ``by`` may take the step and that the row is in one of
its source states, applies the change, validates and saves it, audits the before/after in
the same transaction, writes the timeline step and stores the notifications (delivered once
the transaction commits). Refusals are the platform's usual ``PermissionDenied`` /
``ValidationError`` with a message in the reader's language.

Why a table in core rather than an FSM library (django-fsm-2, python-statemachine,
viewflow.fsm): what the libraries add over this table is the source-state check and the
assignment of the target on an object in memory. Everything else a step needs here (the row
lock, the user's right, the audit entry and the timeline in the same transaction, the
existing messages of each refusal) would wrap the library anyway; django-fsm-2 also wants
its own model field (its import would stay in every migration for good) and transitions as
model methods, where this project keeps every write in services; python-statemachine binds
a separate machine object to each row; viewflow is AGPL-licensed. The table is plain data:
the pages list the steps a user may take (``Workflow.available``), the tests read the edges.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from parkops.core import clock

# The platform's own refusals, when a transition names none of its own.
DEFAULT_DENIED = gettext_noop("无权执行此操作")
DEFAULT_REFUSED = gettext_noop("当前状态为“%(state)s”，不能执行“%(step)s”")
ANY = "*"  # a source meaning "from every state"


def _is_user(by) -> bool:
    return by is not None and getattr(by, "is_authenticated", False)


def _may_change(user, obj) -> bool:
    from parkops.core.scope import CHANGE, can

    return _is_user(user) and can(user, CHANGE, obj)


@dataclass(frozen=True)
class Transition:
    """One allowed step: from any of ``source`` to ``target``.

    - ``target``: the new state; ``None`` keeps the state (a note, an escalation); a sequence
      of states when the service decides which (e.g. a follow-up passes or fails), passed to
      ``advance(..., target=...)``.
    - ``step``: the timeline's action, a Chinese msgid (shown in the reader's language).
    - ``allowed(user, obj) -> bool``: who may take it (default: whoever may change the row,
      ``scope.can(user, "change", obj)``); ``denied`` is the msgid of the refusal.
    - ``refused``: msgid when the row is in another state; may use ``%(state)s`` (the current
      state's label) and ``%(step)s``; or a function of the row returning the message.
    - ``audit_event``: the audit entry's event (default: the transition's name).
    - ``label``: the button's text, if it differs from ``step``.
    """

    name: str
    source: Sequence[str]
    target: str | Sequence[str] | None = None
    step: Any = ""
    allowed: Callable[[Any, Any], bool] | None = None
    denied: Any = DEFAULT_DENIED
    refused: Any = DEFAULT_REFUSED  # msgid, or a function of the row returning the message
    audit_event: str | None = None
    label: Any = ""

    @property
    def targets(self) -> tuple[str, ...]:
        if self.target is None:
            return ()
        if isinstance(self.target, str):
            return (self.target,)
        return tuple(self.target)

    def starts_from(self, state: str) -> bool:
        return ANY in self.source or state in self.source

    def permits(self, user, obj) -> bool:
        return (self.allowed or _may_change)(user, obj)

    def refusal(self, obj) -> str:
        """Why the step cannot start from ``obj``'s state, in the reader's language."""
        if callable(self.refused):
            return str(self.refused(obj))
        return gettext(str(self.refused)) % {
            "state": state_label(obj, workflow_of(obj).state_of(obj)),
            "step": self.title,
        }

    @property
    def title(self) -> str:
        return gettext(str(self.label or self.step or self.name))


@dataclass(frozen=True)
class Workflow:
    """A model's states and transitions. ``field`` is its state field, ``events`` the
    related_name of its timeline model's ForeignKey."""

    transitions: Sequence[Transition]
    field: str = "state"
    events: str = "events"
    _by_name: dict = dataclasses.field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        for t in self.transitions:
            if t.name in self._by_name:
                raise ImproperlyConfigured(f"transition {t.name!r} declared twice")
            self._by_name[t.name] = t

    def __getitem__(self, name: str) -> Transition:
        try:
            return self._by_name[name]
        except KeyError:
            raise ImproperlyConfigured(f"no transition {name!r}") from None

    def state_of(self, obj) -> str:
        return getattr(obj, self.field)

    def may(self, obj, name: str, user) -> bool:
        """May ``user`` take step ``name`` on ``obj`` now (its state and the user's right)?"""
        t = self[name]
        return t.starts_from(self.state_of(obj)) and t.permits(user, obj)

    def available(self, obj, user) -> list[Transition]:
        """The steps ``user`` may take on ``obj`` now, in declared order (for buttons)."""
        state = self.state_of(obj)
        return [t for t in self.transitions if t.starts_from(state) and t.permits(user, obj)]

    def edges(self) -> list[tuple[str, str, str]]:
        """(source, name, target) for every declared edge; ``*`` for any state, and the
        source itself for a step that keeps the state."""
        rows = []
        for t in self.transitions:
            for source in t.source:
                for target in t.targets or (source,):
                    rows.append((source, t.name, target))
        return rows

    def event_model(self, model) -> tuple[type[models.Model], str]:
        """The timeline model and the name of its ForeignKey to ``model``."""
        relation = model._meta.get_field(self.events)
        return relation.related_model, relation.field.name


def workflow_of(obj) -> Workflow:
    wf = getattr(type(obj), "workflow", None)
    if not isinstance(wf, Workflow):
        raise ImproperlyConfigured(f"{type(obj).__name__} declares no workflow")
    return wf


def state_label(obj, state: str) -> str:
    """A state's label in the reader's language."""
    wf = workflow_of(obj)
    choices = dict(type(obj)._meta.get_field(wf.field).flatchoices)
    return str(choices.get(state, state))


class TimelineEvent(models.Model):
    """One step of a request's life: who, when (``created_at``), what (``action``, a Chinese
    msgid), the note, and the state before and after.

    ``note`` holds what a person wrote, as written; with ``note_params`` it is a msgid of the
    platform's own words and its parameters, shown in the reader's language (``detail``).
    A subclass names its ForeignKey to the request in ``subject_field``."""

    subject_field = ""

    action = models.CharField(_("操作"), max_length=60)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("操作人"),
    )
    note = models.TextField(_("说明"), blank=True)
    note_params = models.JSONField(_("说明参数"), default=dict, blank=True)
    from_state = models.CharField(_("原状态"), max_length=30, blank=True)
    to_state = models.CharField(_("新状态"), max_length=30, blank=True)

    class Meta:
        abstract = True

    @property
    def subject(self):
        return getattr(self, self.subject_field)

    @property
    def label(self) -> str:
        """The step in the reader's language (``action`` is stored as its Chinese msgid)."""
        return gettext(self.action)

    @property
    def detail(self) -> str:
        """The note as the reader reads it: what people wrote as written, the platform's own
        notes (``note_params`` set) in the reader's language."""
        if not self.note_params:
            return self.note
        try:
            return gettext(self.note) % self.note_params
        except (KeyError, TypeError, ValueError):
            return self.note

    @property
    def changed_state(self) -> bool:
        return bool(self.to_state) and self.to_state != self.from_state

    @property
    def from_label(self) -> str:
        return state_label(self.subject, self.from_state) if self.from_state else ""

    @property
    def to_label(self) -> str:
        return state_label(self.subject, self.to_state) if self.to_state else ""


# --- The service helpers ------------------------------------------------------------------


def lock(obj):
    """The row, re-read and locked until the transaction ends."""
    return type(obj)._default_manager.select_for_update().get(pk=obj.pk)


def _park_id(obj) -> int | None:
    from parkops.core.scope import park_of

    park = park_of(obj)
    return park.pk if park else None


def audit_change(obj, *, by, before: Mapping[str, Any], event: str = "") -> None:
    """Audit the fields of ``obj`` that differ from ``before`` (an ``audit.snapshot``)."""
    from parkops.audit import services as audit

    after = audit.snapshot(obj)
    changed = sorted(k for k in after if before.get(k) != after.get(k) and k != "updated_at")
    audit.record(
        action="update",
        event=event,
        obj=obj,
        by=by,
        park_id=_park_id(obj),
        before={k: before.get(k) for k in changed},
        after={k: after[k] for k in changed},
    )


def record_step(
    obj,
    action: str,
    *,
    by,
    note: str = "",
    note_params: Mapping[str, Any] | None = None,
    from_state: str = "",
    to_state: str = "",
):
    """Append a step to ``obj``'s timeline (``action``: a Chinese msgid). Backdated services
    (``clock.backdated``) date the step at their moment."""
    wf = workflow_of(obj)
    model, fk = wf.event_model(type(obj))
    event = model._default_manager.create(
        **{fk: obj},
        action=str(action),
        by=by if _is_user(by) else None,
        note=note,
        note_params=dict(note_params or {}),
        from_state=from_state,
        to_state=to_state,
    )
    clock.stamp(event)
    return event


def _notify_all(notices) -> None:
    from parkops.notifications.services import notify

    if not notices:
        return
    if isinstance(notices, Mapping):
        notices = [notices]
    for kwargs in notices:
        notify(**kwargs)


@transaction.atomic
def advance(
    obj,
    name: str,
    *,
    by,
    note: str = "",
    note_params: Mapping[str, Any] | None = None,
    apply: Callable[[Any], None] | None = None,
    target: str | None = None,
    notify: Mapping[str, Any] | Iterable[Mapping[str, Any]] | Callable[[Any], Any] | None = None,
    save: bool = True,
):
    """Take step ``name`` of ``obj``'s workflow as ``by`` and return the locked, saved row.

    In one transaction: lock the row; refuse (``PermissionDenied``) unless the transition's
    ``allowed(by, row)``; refuse (``ValidationError``) unless the row is in a source state;
    run ``apply(row)`` (set the step's fields; may raise ``ValidationError``); set the target
    state (``target=`` picks one of a transition's several); ``full_clean`` and save; audit
    the changed fields; write the timeline step (``note``/``note_params``); store the
    notifications (``notify``: keyword arguments of ``notifications.services.notify``, a
    list of them, or a function of the row returning either), delivered on commit.

    A step that changes nothing (a note on a request already in progress) writes only its
    timeline entry. ``save=False`` leaves saving and auditing to ``apply`` (a service that
    writes through ``update_object``)."""
    from parkops.audit import services as audit

    wf = workflow_of(obj)
    t = wf[name]
    obj = lock(obj)
    if not t.permits(by, obj):
        raise PermissionDenied(gettext(str(t.denied)))
    state = wf.state_of(obj)
    if not t.starts_from(state):
        raise ValidationError(t.refusal(obj))
    if target is not None and target not in t.targets:
        raise ImproperlyConfigured(f"{target!r} is not a target of transition {name!r}")
    if target is None and len(t.targets) > 1:
        raise ImproperlyConfigured(f"transition {name!r} needs target= (one of {t.targets})")
    before = audit.snapshot(obj)
    if apply is not None:
        apply(obj)
    new_state = target or (t.targets[0] if t.targets else state)
    setattr(obj, wf.field, new_state)
    if save and audit.snapshot(obj) != before:
        obj.full_clean()
        obj.save()
        audit_change(obj, by=by, before=before, event=t.name if t.audit_event is None else t.audit_event)
    record_step(
        obj,
        t.step or t.name,
        by=by,
        note=note,
        note_params=note_params,
        from_state=state,
        to_state=new_state,
    )
    _notify_all(notify(obj) if callable(notify) else notify)
    return obj


@transaction.atomic
def escalate(
    obj,
    *,
    at: dt.datetime | None = None,
    step: str,
    note: str = "",
    note_params: Mapping[str, Any] | None = None,
    field_name: str = "escalated_at",
    by=None,
    event: str = "escalate",
    notify: Mapping[str, Any] | Iterable[Mapping[str, Any]] | None = None,
):
    """Mark an overdue request escalated (``field_name`` set to ``at``), audit it, write the
    timeline step ``step`` and store the notifications. The state does not change. Callers
    pick the rows (their SLA) and lock them (``select_for_update``)."""
    from parkops.audit import services as audit

    before = audit.snapshot(obj)
    setattr(obj, field_name, at or clock.now())
    obj.save(update_fields=[field_name, "updated_at"])
    audit_change(obj, by=by, before=before, event=event)
    state = workflow_of(obj).state_of(obj)
    record_step(obj, step, by=by, note=note, note_params=note_params, from_state=state, to_state=state)
    _notify_all(notify)
    return obj


def due(start: dt.datetime, *, minutes: int = 0, hours: int = 0, days: int = 0) -> dt.datetime:
    """A service-level target: ``start`` plus the allowed time."""
    return start + dt.timedelta(minutes=minutes, hours=hours, days=days)
