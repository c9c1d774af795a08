"""The moments `make test-clocks` runs the browser journeys at, one ISO date-time a line:
the coming Monday 09:00, Wednesday 03:00 and Sunday 23:30, and the last day of this month at
22:00, all in Asia/Shanghai. Rules measured from the day or the hour (notice periods, opening
hours, "this week", month ends) are where journeys break at the wrong moment."""

from __future__ import annotations

import calendar
import datetime as dt
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")


def moments(today: dt.date) -> list[dt.datetime]:
    def next_weekday(weekday: int) -> dt.date:
        return today + dt.timedelta(days=(weekday - today.weekday()) % 7 or 7)

    last = today.replace(day=calendar.monthrange(today.year, today.month)[1])
    return [
        dt.datetime.combine(next_weekday(0), dt.time(9, 0), SHANGHAI),
        dt.datetime.combine(next_weekday(2), dt.time(3, 0), SHANGHAI),
        dt.datetime.combine(next_weekday(6), dt.time(23, 30), SHANGHAI),
        dt.datetime.combine(last, dt.time(22, 0), SHANGHAI),
    ]


if __name__ == "__main__":
    for at in moments(dt.datetime.now(SHANGHAI).date()):
        print(at.isoformat(timespec="minutes"))
