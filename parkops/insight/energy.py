"""Energy analysis (clause 8.3, 7.2): consumption anomalies per meter and hour, and the measured
saving of each energy-saving measure. Both read telemetry rollups through
``parkops.energy.selectors.meter_series`` (hour and day rollups), never raw readings.

**Anomalies.** Each meter's consumption in an hour is compared with the same weekday and hour
of the ``BASELINE_WEEKS`` earlier weeks (a Tuesday 10:00–11:00 against the earlier Tuesdays
10:00–11:00), which takes out the daily and weekly rhythm of an office park. The baseline is
the **median** of those hours and the spread is the **MAD** (median of the absolute
differences from the median) scaled by 1.4826, so that it matches a standard deviation for
normally spread data while one earlier odd week cannot move it. An hour is flagged when both

  1. ``|value − median| > K × 1.4826 × MAD`` (K = 3.5: far outside the usual week-to-week
     variation), and
  2. ``|value − median| > 20 % of the median`` and ``> 5 % of the meter's typical hour`` (the
     median of all its baseline hours), so that a perfectly regular meter (MAD 0) is not
     flagged for a trivial change, nor a night hour near zero for a fraction of a kWh.

An hour with fewer than ``MIN_WEEKS`` earlier same-weekday hours on record is not judged (not
enough history); an hour without a rollup is a gap (shown by telemetry), not an anomaly.

**Savings.** For a measure with a meter, the saving is measured over two periods of the same
length N around its commissioning day d (which belongs to neither, the works day): before
[d − N, d − 1] and after [d + 1, d + N], from day rollups. N is ``SAVING_DAYS`` (four whole
weeks, so both periods hold every weekday equally often), shortened to the whole days since d
while the after period is not complete yet (and then both are shortened alike).

  daily before = Σ day consumption before ÷ N; daily after = Σ day consumption after ÷ N;
  daily saving = daily before − daily after; saving rate = daily saving ÷ daily before.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext

from parkops.energy import selectors as energy
from parkops.energy.models import EnergySavingMeasure, Meter

BASELINE_WEEKS = 8
MIN_WEEKS = 3
WINDOW_DAYS = 7
K = Decimal("3.5")
MAD_SCALE = Decimal("1.4826")
RELATIVE = Decimal("0.20")
TYPICAL_SHARE = Decimal("0.05")
SAVING_DAYS = 28
MIN_SAVING_DAYS = 7
WEEK = dt.timedelta(days=7)
HOUR = dt.timedelta(hours=1)
Q = Decimal("0.01")


def _median(values: list[Decimal]) -> Decimal:
    return Decimal(statistics.median(values))


@dataclass
class Anomaly:
    """One flagged hour of one meter, with everything needed to explain it."""

    meter: Meter
    start: dt.datetime  # the hour's start, Asia/Shanghai
    value: Decimal
    baseline: list[Decimal]  # the same weekday and hour of the earlier weeks, newest first
    median: Decimal
    mad: Decimal
    threshold: Decimal  # the deviation above which the hour is flagged

    @property
    def baseline_text(self) -> str:
        return " · ".join(f"{v.quantize(Q)}" for v in self.baseline)

    @property
    def spread(self) -> Decimal:
        return (MAD_SCALE * self.mad).quantize(Q)

    @property
    def deviation(self) -> Decimal:
        return self.value - self.median

    @property
    def high(self) -> bool:
        return self.deviation > 0

    @property
    def score(self) -> Decimal | None:
        """How many robust spreads (1.4826 × MAD) the hour is away from the median."""
        spread = MAD_SCALE * self.mad
        return (abs(self.deviation) / spread).quantize(Decimal("0.1")) if spread else None

    @property
    def reason(self) -> str:
        params = {
            "value": self.value.quantize(Q),
            "unit": self.meter.unit,
            "weeks": len(self.baseline),
            "median": self.median.quantize(Q),
            "deviation": abs(self.deviation).quantize(Q),
            "threshold": self.threshold.quantize(Q),
        }
        if self.high:
            text = gettext(
                "本小时用量 %(value)s %(unit)s，比前 %(weeks)s 周同一星期、同一小时的中位数 %(median)s "
                "高 %(deviation)s，超过判定阈值 %(threshold)s"
            )
        else:
            text = gettext(
                "本小时用量 %(value)s %(unit)s，比前 %(weeks)s 周同一星期、同一小时的中位数 %(median)s "
                "低 %(deviation)s，超过判定阈值 %(threshold)s"
            )
        return text % params


@dataclass
class AnomalyScan:
    start: dt.datetime
    end: dt.datetime
    anomalies: list[Anomaly] = field(default_factory=list)
    meters: int = 0
    hours_checked: int = 0
    hours_without_history: int = 0


def threshold(median: Decimal, mad: Decimal, typical: Decimal) -> Decimal:
    """The deviation from the median above which an hour is flagged (both rules at once)."""
    return max(K * MAD_SCALE * mad, RELATIVE * abs(median), TYPICAL_SHARE * abs(typical))


def judge(meter: Meter, start: dt.datetime, value: Decimal, baseline: list[Decimal], typical: Decimal):
    """The anomaly for one hour, or None when the hour is normal."""
    median = _median(baseline)
    mad = _median([abs(v - median) for v in baseline])
    limit = threshold(median, mad, typical)
    if abs(value - median) > limit:
        return Anomaly(meter, start, value, baseline, median, mad, limit)
    return None


def anomalies(meters: Iterable[Meter], end: dt.datetime, days: int = WINDOW_DAYS) -> AnomalyScan:
    """Flag the hours in [end − days, end) of each consumption meter against its baseline.
    ``end`` is an hour boundary (the start of the current hour: the hours before are complete)."""
    meters = [m for m in meters if m.active and m.direction == Meter.Direction.CONSUMPTION]
    start = end - dt.timedelta(days=days)
    scan = AnomalyScan(start.astimezone(energy.TZ), end.astimezone(energy.TZ), meters=len(meters))
    if not meters:
        return scan
    series = energy.meter_series(meters, energy.HOUR, start - BASELINE_WEEKS * WEEK, end)
    for meter in meters:
        hours = series.get(meter.pk, {})
        history = [v for k, v in hours.items() if k < start]
        typical = _median(history) if history else Decimal(0)
        for bucket in sorted(k for k in hours if k >= start):
            baseline = [
                hours[bucket - n * WEEK] for n in range(1, BASELINE_WEEKS + 1) if bucket - n * WEEK in hours
            ]
            scan.hours_checked += 1
            if len(baseline) < MIN_WEEKS:
                scan.hours_without_history += 1
                continue
            found = judge(meter, bucket, hours[bucket], baseline, typical)
            if found is not None:
                scan.anomalies.append(found)
    scan.anomalies.sort(key=lambda a: (a.start, a.meter.code), reverse=True)
    return scan


def last_complete_hour(now: dt.datetime) -> dt.datetime:
    """The start of the current hour in Asia/Shanghai: every hour before it is complete."""
    return now.astimezone(energy.TZ).replace(minute=0, second=0, microsecond=0)


# --------------------------------------------------------------------------- savings
@dataclass
class MeasuredSaving:
    measure: EnergySavingMeasure
    days: int = 0  # N, the length of each period
    before: tuple[dt.date, dt.date] | None = None
    after: tuple[dt.date, dt.date] | None = None
    before_total: Decimal | None = None
    after_total: Decimal | None = None
    before_days_with_data: int = 0
    after_days_with_data: int = 0
    note: str = ""  # why there is no figure, or what to keep in mind reading it

    @property
    def before_per_day(self) -> Decimal | None:
        return None if self.before_total is None else (self.before_total / self.days).quantize(Q)

    @property
    def after_per_day(self) -> Decimal | None:
        return None if self.after_total is None else (self.after_total / self.days).quantize(Q)

    @property
    def saving_per_day(self) -> Decimal | None:
        if self.before_per_day is None or self.after_per_day is None:
            return None
        return self.before_per_day - self.after_per_day

    @property
    def rate(self) -> Decimal | None:
        if not self.before_per_day or self.saving_per_day is None:
            return None
        return (self.saving_per_day * 100 / self.before_per_day).quantize(Decimal("0.1"))

    @property
    def unit(self) -> str:
        return self.measure.meter.unit if self.measure.meter_id else ""


def saving_periods(commissioned: dt.date, today: dt.date, days: int = SAVING_DAYS):
    """(N, before, after): equal periods either side of the commissioning day, the after period
    ending yesterday at the latest; N is 0 while fewer than MIN_SAVING_DAYS whole days passed."""
    n = min(days, (today - commissioned).days - 1)
    if n < MIN_SAVING_DAYS:
        return 0, None, None
    before = (commissioned - dt.timedelta(days=n), commissioned - dt.timedelta(days=1))
    after = (commissioned + dt.timedelta(days=1), commissioned + dt.timedelta(days=n))
    return n, before, after


def measured_saving(measure: EnergySavingMeasure, today: dt.date, days: int = SAVING_DAYS) -> MeasuredSaving:
    result = MeasuredSaving(measure)
    if not measure.meter_id:
        result.note = gettext("未关联计量表计，无法由计量数据计算")
        return result
    n, before, after = saving_periods(measure.commissioned_on, today, days)
    if not n:
        result.note = gettext("投用未满 %(days)s 天，暂不计算") % {"days": MIN_SAVING_DAYS + 1}
        return result
    result.days, result.before, result.after = n, before, after
    series = energy.meter_series(
        [measure.meter],
        energy.DAY,
        energy.local_midnight(before[0]),
        energy.local_midnight(after[1] + dt.timedelta(days=1)),
    )[measure.meter_id]
    first_after = energy.local_midnight(after[0])
    last_before = energy.local_midnight(before[1] + dt.timedelta(days=1))
    before_days = [v for k, v in series.items() if k < last_before]
    after_days = [v for k, v in series.items() if k >= first_after]
    result.before_days_with_data, result.after_days_with_data = len(before_days), len(after_days)
    if not before_days or not after_days:
        result.note = gettext("改造前或改造后没有计量数据")
        return result
    result.before_total = sum(before_days, Decimal(0))
    result.after_total = sum(after_days, Decimal(0))
    if len(before_days) < n or len(after_days) < n:
        result.note = gettext("计量期内有无数据的日子，结果仅供参考")
    return result


def saving_formula() -> str:
    return gettext(
        "以投用日 d 为界（当天不计），取等长的改造前 [d−N, d−1] 与改造后 [d+1, d+N] 两段（N 默认 28 天，"
        "投用不足 28 天时两段同取已过去的整天数）；改造前日均 = 改造前 N 天日汇总用量之和 ÷ N，"
        "改造后日均同理；日均节约 = 改造前日均 − 改造后日均；节约率 = 日均节约 ÷ 改造前日均。"
    )


def anomaly_rule() -> str:
    return gettext(
        "每块表每小时的用量与前 %(weeks)s 周同一星期、同一小时的用量比较：基准为这些小时的中位数，"
        "离散度为 1.4826 × MAD（各周与中位数之差的绝对值的中位数）。偏离中位数超过 %(k)s 倍离散度，"
        "且超过中位数的 20%% 与该表典型小时用量的 5%% 时，判为异常；同时段历史少于 %(min)s 周的小时不判定。"
    ) % {"weeks": BASELINE_WEEKS, "k": K, "min": MIN_WEEKS}
