"""The shared request-with-a-timeline shape (parkops.core.workflow): the transition table,
and the service helper on a real workflow (work orders, tickets, hazards use it)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from parkops.core.workflow import ANY, Transition, Workflow


def staff(user, obj):
    return user in ("clerk", "boss")


TABLE = Workflow(
    transitions=[
        Transition("accept", source=["new", "reopened"], target="accepted", step="受理", allowed=staff),
        Transition("note", source=["accepted"], step="处理进展", allowed=staff),
        Transition("check", source=["accepted"], target=("closed", "new"), step="复查", allowed=staff),
        Transition("cancel", source=[ANY], target="cancelled", allowed=lambda user, obj: user == "boss"),
    ]
)


class Row:
    def __init__(self, state):
        self.state = state


def test_a_transition_starts_only_from_its_sources():
    accept = TABLE["accept"]
    assert accept.starts_from("new") and accept.starts_from("reopened")
    assert not accept.starts_from("accepted")
    assert TABLE["cancel"].starts_from("anything")


def test_the_table_lists_every_edge_a_step_that_keeps_the_state_loops():
    assert TABLE.edges() == [
        ("new", "accept", "accepted"),
        ("reopened", "accept", "accepted"),
        ("accepted", "note", "accepted"),
        ("accepted", "check", "closed"),
        ("accepted", "check", "new"),
        (ANY, "cancel", "cancelled"),
    ]


def test_available_steps_follow_state_and_the_users_right():
    row = Row("accepted")
    assert [t.name for t in TABLE.available(row, "boss")] == ["note", "check", "cancel"]
    assert [t.name for t in TABLE.available(row, "clerk")] == ["note", "check"]
    assert TABLE.available(row, "visitor") == []
    assert TABLE.may(row, "cancel", "boss")
    assert not TABLE.may(row, "accept", "boss")


def test_a_name_declared_twice_or_unknown_is_a_configuration_error():
    with pytest.raises(ImproperlyConfigured):
        Workflow(transitions=[Transition("a", source=["x"]), Transition("a", source=["y"])])
    with pytest.raises(ImproperlyConfigured):
        TABLE["nope"]
