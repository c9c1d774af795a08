"""`parkops demo`: the demo park is complete, consistent, audited, idempotent and all-or-nothing."""

from __future__ import annotations

import re
import types
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count, F, Value
from django.db.models.functions import Concat
from django.http import HttpRequest
from django.test import Client

from parkops.accounts.models import ApiKey, User
from parkops.audit.chain import GENESIS, entry_hash, entry_values
from parkops.audit.models import AuditEntry
from parkops.core.demo.accounts import USERNAMES
from parkops.core.demo.context import DEFAULT_PASSWORD, PARK_CODE
from parkops.core.demo.runner import DemoPart, discover_parts, run
from parkops.core.models import (
    Building,
    Department,
    Enterprise,
    Floor,
    Operator,
    Park,
    Position,
    Staff,
    StaffAssessment,
    StaffQualification,
    TrainingRecord,
    Unit,
)
from parkops.core.scope import DepartmentKind, Role
from parkops.core.validators import validate_credit_code, validate_mainland_phone
from parkops.testing.demo_db import DemoParkTestCase

COUNTED = (
    Operator,
    Park,
    Building,
    Floor,
    Unit,
    Enterprise,
    Department,
    Position,
    Staff,
    StaffQualification,
    TrainingRecord,
    StaffAssessment,
    User,
    ApiKey,
    AuditEntry,
)


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in COUNTED}


def free_demo_usernames() -> None:
    """The shared test world (conftest.py) holds some of the demo's usernames; the demo refuses
    to take over accounts it did not create, so move them aside inside the test's transaction."""
    User.objects.filter(username__in=USERNAMES).update(username=Concat(F("username"), Value("-world")))


def build_demo(*args: str) -> str:
    out = StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


def printed_accounts(output: str) -> dict[str, str]:
    """username -> password from the accounts table the command prints."""
    rows = {}
    for line in output.splitlines():
        match = re.match(r"^([a-z0-9]+)\s{2,}.*\s{2,}(\S+)$", line)
        if match:
            rows[match[1]] = match[2]
    return rows


@pytest.mark.xdist_group("demo_park")  # the class's tests share one loaded demo park
class DemoParkTests(DemoParkTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.output = cls.demo_output
        cls.park = Park.objects.get(code=PARK_CODE)

    def test_sizes_are_in_range(self):
        assert 3 <= Building.objects.filter(park=self.park).count() <= 4
        assert 280 <= Unit.objects.filter(floor__building__park=self.park).count() <= 320
        assert 110 <= Enterprise.objects.filter(park=self.park).count() <= 130
        assert 40 <= Staff.objects.filter(park=self.park).count() <= 50
        assert {d.kind for d in Department.objects.filter(park=self.park)} == set(DepartmentKind.values)
        assert self.park.leading_industries.exists() and self.park.characteristic_industries.exists()
        assert "楼栋 4 栋" in self.output and "房源 300 套" in self.output

    def test_energy_history_has_a_judged_week_with_the_night_left_on_and_no_negative_public_use(self):
        import datetime as dt

        from parkops.core import clock
        from parkops.energy.models import Meter
        from parkops.energy.selectors import DAY, local_midnight, meter_series
        from parkops.insight.energy import anomalies, last_complete_hour
        from parkops.telemetry.demo import LEFT_ON

        meters = Meter.objects.filter(park=self.park)
        scan = anomalies(meters, last_complete_hour(clock.now()))
        assert scan.hours_checked > 1000 and scan.hours_without_history == 0
        flagged = {(a.meter.code, a.start.hour) for a in scan.anomalies}
        assert {(LEFT_ON, hour) for hour in (1, 2, 3, 4)} <= flagged, flagged
        # Public use is the building's main meter less its tenants' (a virtual meter): never
        # below zero on any day the 15-minute history covers.
        today = clock.localdate()
        public = list(meters.filter(virtual=True))
        days = meter_series(public, DAY, local_midnight(today - dt.timedelta(days=60)), local_midnight(today))
        assert public and all(days[m.pk] for m in public)
        negative = [(m.code, day, use) for m in public for day, use in days[m.pk].items() if use < 0]
        assert negative == []

    def test_credit_codes_and_phones_are_valid_and_unique(self):
        enterprises = Enterprise.objects.filter(park=self.park)
        codes = [e.credit_code for e in enterprises] + [self.park.operator.credit_code]
        for code in codes:
            validate_credit_code(code)
        assert len(codes) == len(set(codes))
        names = list(enterprises.values_list("name", flat=True))
        assert len(names) == len(set(names))
        phones = [e.contact_phone for e in enterprises] + [
            s.phone for s in Staff.objects.filter(park=self.park)
        ]
        for phone in phones:
            validate_mainland_phone(phone)
        assert len(phones) == len(set(phones))

    def test_units_and_tenants_agree(self):
        units = Unit.objects.filter(floor__building__park=self.park).select_related("enterprise")
        for unit in units:
            if unit.state == Unit.State.LEASED:
                assert unit.enterprise is not None and unit.enterprise.park_id == self.park.pk, unit.code
            if unit.state == Unit.State.VACANT:
                assert unit.enterprise is None, unit.code
            assert 80 <= unit.area <= 1500, unit.code
        states = {u.state for u in units}
        assert states == set(Unit.State.values)
        assert units.filter(state=Unit.State.LEASED).count() > 0.75 * units.count()
        for enterprise in Enterprise.objects.filter(park=self.park):
            assert enterprise.industry_note
            if enterprise.status == Enterprise.Status.RESIDENT:
                assert enterprise.units.exists(), enterprise.name
                assert 5 <= enterprise.headcount <= 800
            else:
                assert not enterprise.units.exists()
        several = Enterprise.objects.filter(park=self.park).annotate(n=Count("units")).filter(n__gt=1)
        assert several.exists()

    def test_organisation_meets_indicators_6_to_8(self):
        lead = Staff.objects.get(park=self.park, is_team_lead=True)
        assert "招商" in lead.experience and "运营管理" in lead.experience
        professionals = Staff.objects.filter(park=self.park, position__professional=True)
        assert professionals.count() >= 10
        for member in professionals:
            assert member.trainings.count() >= 2, member.name
        assert StaffQualification.objects.filter(staff__park=self.park).count() >= 10
        results = set(StaffAssessment.objects.filter(staff__park=self.park).values_list("result", flat=True))
        assert results == set(StaffAssessment.Result.values)
        assert Position.objects.filter(department__park=self.park).count() >= 18

    def test_one_login_per_role_and_per_department(self):
        users = User.objects.filter(username__in=printed_accounts(self.output))
        assert {u.role for u in users if not u.is_superuser} == set(Role.values)
        assert users.filter(is_superuser=True).count() == 1
        staff_users = users.filter(role=Role.STAFF)
        # One login per department at least (other apps' demo parts may add colleagues).
        assert {u.department for u in staff_users} == set(DepartmentKind.values)
        for user in staff_users:
            assert user.staff_profile.department.kind == user.department
            assert list(user.parks.all()) == [self.park]
        tenants = users.filter(role=Role.TENANT)
        assert tenants.count() == 2
        assert all(u.enterprise.status == Enterprise.Status.RESIDENT for u in tenants)
        key = ApiKey.objects.get(user__username="api")
        assert not key.can_write and list(key.parks.all()) == [self.park] and key.expiry_date

    def test_every_printed_account_can_sign_in(self):
        accounts = printed_accounts(self.output)
        core_accounts = {
            "platform",
            "admin",
            "zhaoshang",
            "qiye",
            "anquan",
            "gongcheng",
            "kefu",
            "huanjing",
            "pinpai",
            "shuzi",
            "zonghe",
            "tenant",
            "tenant2",
            "assessor",
            "api",
        }
        assert core_accounts <= set(accounts)
        for username, password in accounts.items():
            assert password == DEFAULT_PASSWORD
            assert Client().login(request=HttpRequest(), username=username, password=password), username

    def test_second_run_changes_nothing(self):
        before = counts()
        output = build_demo()
        assert counts() == before
        assert "已存在" in output and "未做任何修改" in output
        assert printed_accounts(output) == printed_accounts(self.output)
        assert "/accounts/api-keys/" in output
        assert output.splitlines()[-1] == self.output.splitlines()[-1]  # the summary

    def test_audit_chains_are_consecutive_and_linked(self):
        entries = list(AuditEntry.objects.order_by("chain", "seq"))
        assert AuditEntry.objects.filter(park_id=self.park.pk).count() > 800
        chains: dict[str, list[AuditEntry]] = {}
        for entry in entries:
            chains.setdefault(entry.chain, []).append(entry)
        assert f"park:{self.park.pk}" in chains
        for chain in chains.values():
            assert [e.seq for e in chain] == list(range(1, len(chain) + 1))
            previous = GENESIS
            for entry in chain:
                assert entry.prev_hash == previous
                assert entry.hash == entry_hash(entry_values(entry))
                previous = entry.hash
        # Domain rows are written by the operator administrator, not by "system".
        units = AuditEntry.objects.filter(object_type="core.unit", park_id=self.park.pk)
        assert set(units.values_list("actor_name", flat=True)) == {"admin"}

    def test_a_later_part_fills_in_an_existing_demo(self):
        seen = []
        module = types.ModuleType("later_demo")
        module.exists = lambda ctx: bool(seen)
        module.build = lambda ctx: seen.append((ctx.park, ctx.admin.username, len(ctx.enterprises)))
        parts = [*discover_parts(), DemoPart("later", module)]
        before = counts()
        report = run(password=DEFAULT_PASSWORD, parts=parts)
        enterprises = Enterprise.objects.filter(park=self.park).count()
        assert report.built == ["later"] and seen == [(self.park, "admin", enterprises)]
        assert run(password=DEFAULT_PASSWORD, parts=parts).built == []
        assert counts() == before


def test_parts_are_discovered_core_first():
    parts = discover_parts()
    assert parts[0].label == "core"
    assert all(part.module.__name__.startswith("parkops.") for part in parts)


@pytest.mark.django_db
def test_a_failure_leaves_nothing(monkeypatch):
    from parkops.core.demo import organisation

    def broken(ctx):
        raise ValidationError("模拟故障")

    monkeypatch.setattr(organisation, "build", broken)
    free_demo_usernames()
    before = counts()
    with pytest.raises(CommandError, match="已全部回滚"):
        build_demo()
    assert counts() == before


@pytest.mark.django_db
def test_password_and_quiet_options(monkeypatch):
    # The options concern the command, not the domains: core's part is enough (and fast).
    from parkops.core.demo import runner

    core_only = [part for part in discover_parts() if part.label == "core"]
    monkeypatch.setattr(runner, "discover_parts", lambda: core_only)
    free_demo_usernames()
    with pytest.raises(CommandError, match="密码"):
        build_demo("--password", "short")
    assert build_demo("--quiet", "--password", "Another-Demo-Pass-42") == ""
    assert Park.objects.filter(code=PARK_CODE).exists()
    assert Client().login(request=HttpRequest(), username="admin", password="Another-Demo-Pass-42")
    output = build_demo("--password", "Another-Demo-Pass-42")
    assert set(printed_accounts(output).values()) == {"Another-Demo-Pass-42"}
    assert "（已更改）" in build_demo()  # a later run with another password says so
