"""Leases: signing moves a customer to 入驻 in one transaction; a unit is never let twice for
overlapping dates; rent for a month follows escalation, free periods and partial months."""

import datetime as dt
import threading
import time
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import OperationalError, connection

from parkops.audit.models import AuditEntry
from parkops.core import models as core
from parkops.investment import services
from parkops.investment.models import Customer, Lease, LeaseUnit, Stage, StageChange
from parkops.investment.selectors import rent_for_month
from parkops.testing.world import credit_code

D = Decimal


def make_customer(world, name="丁科技有限公司", stage=Stage.INTENT, code=""):
    return services.create_customer(
        data={
            "park": world.alpha,
            "name": name,
            "stage": stage,
            "credit_code": code,
            "owner": world.staff_invest,
        },
        by=world.staff_invest,
    )


def vacant_unit():
    return core.Unit.objects.get(code="A-103")


def test_sign_lease_moves_customer_to_resident_and_lets_the_unit(world):
    customer = make_customer(world)
    today = dt.date.today()
    lease = services.sign_lease(
        customer=customer,
        units=[vacant_unit()],
        start=today,
        end=today.replace(year=today.year + 3) - dt.timedelta(days=1),
        rent_per_m2=D("95"),
        credit_code=credit_code(555),
        by=world.staff_invest,
    )
    customer.refresh_from_db()
    unit = vacant_unit()
    assert customer.stage == Stage.RESIDENT
    assert customer.enterprise == lease.enterprise
    assert lease.enterprise.name == "丁科技有限公司" and lease.enterprise.credit_code == credit_code(555)
    assert unit.state == core.Unit.State.LEASED and unit.enterprise == lease.enterprise
    assert lease.area == D("150.00") and lease.signed_by == world.staff_invest
    change = StageChange.objects.filter(customer=customer).first()
    assert (change.from_stage, change.to_stage, change.by) == (
        Stage.INTENT,
        Stage.RESIDENT,
        world.staff_invest,
    )
    assert AuditEntry.objects.filter(object_type="investment.lease", object_id=str(lease.pk)).exists()


def test_failed_signing_writes_nothing(world):
    customer = make_customer(world)
    before = (AuditEntry.objects.count(), core.Enterprise.objects.count(), Lease.objects.count())
    occupied = core.Unit.objects.get(code="A-101")  # leased to 甲企业 without a contract
    with pytest.raises(ValidationError) as exc:
        services.sign_lease(
            customer=customer,
            units=[vacant_unit(), occupied],
            start=dt.date(2026, 1, 1),
            end=dt.date(2027, 12, 31),
            rent_per_m2=D("90"),
            credit_code=credit_code(556),
            by=world.staff_invest,
        )
    assert "A-101" in str(exc.value.message_dict["units"])
    assert (AuditEntry.objects.count(), core.Enterprise.objects.count(), Lease.objects.count()) == before
    customer.refresh_from_db()
    assert customer.stage == Stage.INTENT and customer.enterprise is None
    assert vacant_unit().state == core.Unit.State.VACANT


def test_signing_needs_a_credit_code(world):
    customer = make_customer(world)
    with pytest.raises(ValidationError) as exc:
        services.sign_lease(
            customer=customer,
            units=[vacant_unit()],
            start=dt.date(2026, 1, 1),
            end=dt.date(2026, 12, 31),
            rent_per_m2=D("90"),
            by=world.staff_invest,
        )
    assert "统一社会信用代码" in exc.value.message_dict["credit_code"][0]


def test_unit_cannot_be_let_twice_for_overlapping_dates(world):
    first = make_customer(world, "戊公司", code=credit_code(601))
    second = make_customer(world, "己公司", code=credit_code(602))
    services.sign_lease(
        customer=first,
        units=[vacant_unit()],
        start=dt.date(2026, 1, 1),
        end=dt.date(2026, 12, 31),
        rent_per_m2=D("90"),
        by=world.staff_invest,
    )
    with pytest.raises(ValidationError) as exc:
        services.sign_lease(
            customer=second,
            units=[vacant_unit()],
            start=dt.date(2026, 12, 1),
            end=dt.date(2027, 11, 30),
            rent_per_m2=D("90"),
            by=world.staff_invest,
        )
    assert "重叠" in str(exc.value.message_dict["units"])
    # The day after the first lease ends is free.
    services.sign_lease(
        customer=second,
        units=[vacant_unit()],
        start=dt.date(2027, 1, 1),
        end=dt.date(2027, 12, 31),
        rent_per_m2=D("90"),
        by=world.staff_invest,
    )
    assert LeaseUnit.objects.filter(unit=vacant_unit()).count() == 2


def test_stage_moves_refuse_resident_without_lease(world):
    customer = make_customer(world, stage=Stage.TARGET)
    services.move_stage(customer=customer, to_stage=Stage.INTENT, by=world.staff_invest, note="来访")
    with pytest.raises(ValidationError):
        services.move_stage(customer=customer, to_stage=Stage.RESIDENT, by=world.staff_invest)
    assert [c.to_stage for c in customer.stage_changes.order_by("pk")] == [Stage.TARGET, Stage.INTENT]


def test_terminate_frees_units_and_exits_customer(world):
    customer = make_customer(world, code=credit_code(603))
    today = dt.date.today()
    lease = services.sign_lease(
        customer=customer,
        units=[vacant_unit()],
        start=today - dt.timedelta(days=200),
        end=today + dt.timedelta(days=500),
        rent_per_m2=D("90"),
        by=world.staff_invest,
    )
    services.terminate_lease(lease=lease, on=today, reason="企业搬迁", by=world.staff_invest)
    unit = vacant_unit()
    customer.refresh_from_db()
    assert unit.state == core.Unit.State.VACANT and unit.enterprise is None
    assert customer.stage == Stage.EXITED
    assert customer.enterprise.status == core.Enterprise.Status.LEFT


def test_renewal_links_previous_lease(world):
    customer = make_customer(world, code=credit_code(604))
    lease = services.sign_lease(
        customer=customer,
        units=[vacant_unit()],
        start=dt.date(2025, 1, 1),
        end=dt.date(2026, 12, 31),
        rent_per_m2=D("90"),
        by=world.staff_invest,
    )
    renewal = services.renew_lease(
        lease=lease, end=dt.date(2029, 12, 31), rent_per_m2=D("96"), by=world.staff_invest
    )
    assert renewal.previous == lease and renewal.start == dt.date(2027, 1, 1)
    assert renewal.enterprise == lease.enterprise


def test_tenant_and_other_staff_cannot_sign(world):
    customer = make_customer(world, code=credit_code(605))
    from django.core.exceptions import PermissionDenied

    for user in (world.tenant_a, world.staff_safety, world.assessor):
        with pytest.raises(PermissionDenied):
            services.sign_lease(
                customer=customer,
                units=[vacant_unit()],
                start=dt.date(2026, 1, 1),
                end=dt.date(2026, 12, 31),
                rent_per_m2=D("90"),
                by=user,
            )
    assert not Customer.objects.restrict(world.tenant_a).exists()


# --- rent_for_month: expectations computed by hand ---------------------------------------


def lease_for_rent(world, *, start, end, rent, escalation, free=()):
    customer = make_customer(world, "租金测算公司", code=credit_code(700))
    return services.sign_lease(
        customer=customer,
        units=[vacant_unit()],
        start=start,
        end=end,
        rent_per_m2=D(rent),
        escalation_pct=D(escalation),
        free_periods=free,
        by=world.staff_invest,
    )


def test_rent_full_month_and_escalation(world):
    # 150 ㎡ × 100 元 = 15000 元/月; +5 % from the second lease year: 15750; third: 16537.50.
    lease = lease_for_rent(
        world, start=dt.date(2025, 3, 1), end=dt.date(2028, 2, 29), rent="100", escalation="5"
    )
    assert rent_for_month(lease, 2025, 3) == D("15000.00")
    assert rent_for_month(lease, 2026, 2) == D("15000.00")
    assert rent_for_month(lease, 2026, 3) == D("15750.00")
    assert rent_for_month(lease, 2027, 3) == D("16537.50")
    assert rent_for_month(lease, 2025, 2) == D("0.00")
    assert rent_for_month(lease, 2028, 3) == D("0.00")


def test_rent_partial_month_free_period_and_anniversary_split(world):
    # Starts 16 April (30-day month): 15 days of 15000 → 7500.
    # Free 1–10 May 2025: 21 of 31 days → 15000 × 21 / 31 = 10161.29.
    # April 2026 turns the lease year on the 16th: 15 days × 15000/30 + 15 days × 15750/30 = 15375.
    lease = lease_for_rent(
        world,
        start=dt.date(2025, 4, 16),
        end=dt.date(2027, 4, 15),
        rent="100",
        escalation="5",
        free=[(dt.date(2025, 5, 1), dt.date(2025, 5, 10))],
    )
    assert rent_for_month(lease, 2025, 4) == D("7500.00")
    assert rent_for_month(lease, 2025, 5) == D("10161.29")
    assert rent_for_month(lease, 2026, 4) == D("15375.00")
    # Terminated on 10 June 2026: 10 of 30 days of 15750 → 5250.
    services.terminate_lease(lease=lease, on=dt.date(2026, 6, 10), reason="提前退租", by=world.staff_invest)
    lease.refresh_from_db()
    assert rent_for_month(lease, 2026, 6) == D("5250.00")
    assert rent_for_month(lease, 2026, 7) == D("0.00")


# --- Two officers signing the same unit at the same moment ------------------------------


def test_concurrent_signers_cannot_both_let_a_unit(tworld):
    a = make_customer(tworld, "并发甲", code=credit_code(801))
    b = make_customer(tworld, "并发乙", code=credit_code(802))
    unit = vacant_unit()
    barrier = threading.Barrier(2)
    outcomes = []

    def attempt(customer):
        # SQLite's shared in-memory test database answers a second writer with "table is
        # locked" instead of waiting; the officer's resubmission then meets the overlap check.
        for _ in range(200):
            try:
                return services.sign_lease(
                    customer=customer,
                    units=[unit],
                    start=dt.date(2026, 1, 1),
                    end=dt.date(2026, 12, 31),
                    rent_per_m2=D("90"),
                    by=tworld.staff_invest,
                )
            except OperationalError as exc:
                if "locked" not in str(exc):
                    raise
                time.sleep(0.02)
        raise AssertionError("the database stayed locked")

    def sign(customer):
        try:
            barrier.wait(timeout=10)
            attempt(customer)
            outcomes.append("signed")
        except ValidationError as exc:
            outcomes.append("refused" if "重叠" in str(exc) else f"error: {exc}")
        except Exception as exc:  # noqa: BLE001 (reported in the assertion)
            outcomes.append(f"error: {type(exc).__name__}: {exc}")
        finally:
            connection.close()

    threads = [threading.Thread(target=sign, args=(c,)) for c in (a, b)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(outcomes) == ["refused", "signed"], outcomes
    assert LeaseUnit.objects.filter(unit=unit).count() == 1
    assert Customer.objects.filter(stage=Stage.RESIDENT, name__startswith="并发").count() == 1


@pytest.mark.postgres
def test_second_signer_checks_the_unit_only_after_the_first_commits(tworld, monkeypatch):
    # The units' row lock decides, not luck: the first officer is held inside the signing,
    # just after checking the unit is free; the second must then be waiting for the unit's
    # lock (seen in pg_stat_activity), never checking the unit itself, and meets the first's
    # lease once it has committed. On SQLite the IMMEDIATE transaction already holds the whole
    # database's write lock here, so the row lock (a no-op there) cannot be seen.
    first_customer = make_customer(tworld, "锁序甲", code=credit_code(803))
    second_customer = make_customer(tworld, "锁序乙", code=credit_code(804))
    unit = vacant_unit()
    first_checked, release = threading.Event(), threading.Event()
    checks, outcomes, second_pid = [], {}, []
    real_check = services._check_units

    def check(units, **kwargs):
        real_check(units, **kwargs)
        name = threading.current_thread().name
        checks.append(name)
        if name == "first":
            first_checked.set()
            release.wait(timeout=120)

    monkeypatch.setattr(services, "_check_units", check)

    def sign(customer):
        name = threading.current_thread().name
        try:
            if name == "second":
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_backend_pid()")
                    second_pid.append(cursor.fetchone()[0])
            services.sign_lease(
                customer=customer,
                units=[unit],
                start=dt.date(2026, 1, 1),
                end=dt.date(2026, 12, 31),
                rent_per_m2=D("90"),
                by=tworld.staff_invest,
            )
            outcomes[name] = "signed"
        except ValidationError as exc:
            outcomes[name] = "refused" if "重叠" in str(exc) else f"error: {exc}"
        except Exception as exc:  # noqa: BLE001 (reported in the assertion)
            outcomes[name] = f"error: {type(exc).__name__}: {exc}"
        finally:
            connection.close()

    def waiting_for_a_lock() -> bool:
        with connection.cursor() as cursor:
            cursor.execute("SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", second_pid[:1])
            row = cursor.fetchone()
        return bool(row) and row[0] == "Lock"

    first = threading.Thread(target=sign, args=(first_customer,), name="first")
    second = threading.Thread(target=sign, args=(second_customer,), name="second")
    try:
        first.start()
        assert first_checked.wait(timeout=120), outcomes
        second.start()
        # Until the second either checks the unit itself (no lock) or waits on the lock.
        while second.is_alive() and "second" not in checks and not (second_pid and waiting_for_a_lock()):
            time.sleep(0.01)
        checks_while_first_held = list(checks)
    finally:
        release.set()
        first.join(timeout=120)
        second.join(timeout=120)
    assert checks_while_first_held == ["first"], (checks_while_first_held, outcomes)
    assert outcomes == {"first": "signed", "second": "refused"}, outcomes
    assert LeaseUnit.objects.filter(unit=unit).count() == 1


def test_daily_job_expires_leases_frees_units_and_records_reminders_once(world):
    today = dt.date.today()
    ending = services.sign_lease(
        customer=make_customer(world, "到期公司", code=credit_code(901)),
        units=[vacant_unit()],
        start=today - dt.timedelta(days=300),
        end=today + dt.timedelta(days=45),
        rent_per_m2=D("90"),
        by=world.staff_invest,
    )
    made = services.record_lease_reminders(today=today)
    assert [(r.lease, r.days_before) for r in made] == [(ending, 60)]
    assert "剩余 45 天" in made[0].message
    assert services.record_lease_reminders(today=today) == []
    assert [r.days_before for r in services.record_lease_reminders(today=today + dt.timedelta(days=20))] == [
        30
    ]
    result = services.apply_lease_dates(today=today + dt.timedelta(days=46))
    ending.refresh_from_db()
    assert result["expired"] == 1 and ending.status == Lease.Status.EXPIRED
    assert vacant_unit().state == core.Unit.State.VACANT
    assert AuditEntry.objects.filter(object_type="core.unit", actor_name="system").exists()
