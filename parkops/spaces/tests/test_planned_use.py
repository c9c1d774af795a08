"""Clause 5.3.1 and veto row 1 for function spaces: a space keeps the use of its planning
permit; an actual use recorded as different vetoes the park until the space is used as
planned again or the planning authority approves the change."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client

from parkops.core import clock
from parkops.core.services import create_object, update_object
from parkops.spaces.models import FunctionSpace


def _assess(as_of: dt.date) -> dict:
    out = StringIO()
    call_command("assess", "--park", "ALPHA", "--json", "--as-of", as_of.isoformat(), stdout=out)
    return json.loads(out.getvalue())


def _space(world, **extra) -> FunctionSpace:
    data = {
        "park": world.alpha,
        "kind": "meeting_room",
        "name": "规划测试会议室",
        "planned_use": "配套办公用房",
    }
    return create_object(model=FunctionSpace, data={**data, **extra}, by=world.admin)


def _row1_missing(data: dict) -> list[str]:
    row = next(i for i in data["indicators"] if i["row"] == 1)
    return row["missing"]


def test_a_space_used_other_than_planned_vetoes_until_used_as_planned_again(world):
    today = clock.localdate()
    space = _space(world)
    assert _assess(today)["disqualified"] is False
    space = update_object(obj=space, data={"actual_use": "员工宿舍"}, by=world.admin)
    data = _assess(today)
    assert data["disqualified"] is True and data["total"] is None and data["star"] is None
    assert any("规划测试会议室" in m and "员工宿舍" in m for m in _row1_missing(data))
    update_object(obj=FunctionSpace.objects.get(pk=space.pk), data={"actual_use": ""}, by=world.admin)
    assert _assess(today)["disqualified"] is False


def test_an_approved_change_stops_vetoing_from_the_day_of_approval(world):
    today = clock.localdate()
    space = _space(world, actual_use="检测实验室")
    assert _assess(today)["disqualified"] is True
    approved_on = today - dt.timedelta(days=10)
    update_object(
        obj=space,
        data={"use_change_approval_no": "深规划资源许〔2026〕0101号", "use_change_approved_on": approved_on},
        by=world.admin,
    )
    assert _assess(today)["disqualified"] is False
    # Before the approval the park was vetoed.
    assert _assess(approved_on - dt.timedelta(days=1))["disqualified"] is True


def test_an_actual_use_needs_a_planned_use_and_an_approval_needs_its_date(world):
    with pytest.raises(ValidationError) as err:
        _space(world, planned_use="", actual_use="仓库")
    assert "planned_use" in err.value.message_dict
    with pytest.raises(ValidationError) as err:
        _space(world, actual_use="仓库", use_change_approval_no="深规〔2026〕1号")
    assert "use_change_approved_on" in err.value.message_dict


def test_the_list_finds_the_spaces_whose_use_differs(world):
    _space(world, name="按规划使用的会议室")
    _space(world, name="改作仓库的会议室", actual_use="仓库")
    client = Client()
    client.force_login(world.admin)
    body = client.get("/spaces/rooms/", {"use_differs": "true"}).content.decode()
    assert "改作仓库的会议室" in body and "按规划使用的会议室" not in body
