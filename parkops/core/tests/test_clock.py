"""The services' clock: one place every date rule reads, settable for tests and journeys
(PARKOPS_CLOCK), and refused outside them."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.utils import timezone

from parkops.core import clock
from parkops.core.tests.test_settings import run_parkops

SHANGHAI = ZoneInfo("Asia/Shanghai")


def test_a_set_clock_ticks_from_its_moment_and_gives_shanghai_dates(clock_at):
    moment = dt.datetime(2026, 12, 2, 3, 0, tzinfo=SHANGHAI)  # Wednesday 03:00 = Tuesday 19:00 UTC
    clock_at(moment)
    assert moment <= clock.now() < moment + dt.timedelta(minutes=1)
    assert clock.localdate() == dt.date(2026, 12, 2)
    with clock.backdated(moment - dt.timedelta(days=30)):
        assert clock.localdate() == dt.date(2026, 11, 2)
    clock_at(None)
    assert abs(clock.now() - timezone.now()) < dt.timedelta(seconds=5)


def test_records_take_their_times_from_the_services_clock(world, clock_at):
    moment = dt.datetime(2026, 12, 6, 23, 30, tzinfo=SHANGHAI)
    clock_at(moment)
    from parkops.core.models import Building
    from parkops.core.services import create_object

    building = create_object(
        model=Building,
        data={"park": world.alpha, "code": "Z", "name": "钟楼", "gross_area": "1200.00"},
        by=world.admin,
    )
    assert moment <= building.created_at < moment + dt.timedelta(minutes=1)
    assert building.updated_at >= building.created_at


def test_the_clock_cannot_be_set_outside_tests(tmp_path):
    result = run_parkops("check", PARKOPS_VAR_DIR=str(tmp_path), PARKOPS_CLOCK="2026-12-02T03:00+08:00")
    assert result.returncode != 0
    assert "PARKOPS_CLOCK" in result.stderr and "PARKOPS_TESTING" in result.stderr
    result = run_parkops(
        "check", PARKOPS_VAR_DIR=str(tmp_path), PARKOPS_TESTING="1", PARKOPS_CLOCK="2026-12-02 03:00"
    )
    assert result.returncode != 0 and "+08:00" in result.stderr
    result = run_parkops(
        "check", PARKOPS_VAR_DIR=str(tmp_path), PARKOPS_TESTING="1", PARKOPS_CLOCK="2026-12-02T03:00+08:00"
    )
    assert result.returncode == 0, result.stderr


def test_date_rules_read_the_services_clock():
    """Rules read parkops.core.clock; only sign-in security (accounts), the audit trail (real
    time on purpose) and the test tools read the machine's clock."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    allowed = {"accounts", "audit", "testing"}
    pattern = re.compile(r"timezone\.now\b|timezone\.localdate\(\)|date\.today\b|datetime\.now\(")
    offenders = []
    for path in root.rglob("*.py"):
        parts = path.relative_to(root).parts
        if parts[0] in allowed or "tests" in parts or "migrations" in parts or path.name == "clock.py":
            continue
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if pattern.search(line):
                offenders.append(f"{path.relative_to(root)}:{number}: {line.strip()}")
    assert not offenders, "use parkops.core.clock:\n" + "\n".join(offenders)
