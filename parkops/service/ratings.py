"""Evaluation of each service by the enterprises served (clause 6.1.2), summarised per service:
work orders per category (rated on the work order), tickets per kind and bookings per kind of
space (rated by ``ServiceRating``), meeting services (their satisfaction), enterprise-service
demands per category (rated when closed). Reads only what the user may see."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext

from parkops.core import clock
from parkops.core.scope import VIEW

LOW = 2  # a rating of 1 or 2 stars is followed up
WINDOW_DAYS = 365


@dataclass
class LowRating:
    when: dt.datetime | dt.date
    service: str
    enterprise: str
    rating: int
    comment: str
    url: str


@dataclass
class ServiceLine:
    group: str
    service: str
    closed: int = 0
    ratings: list[int] = field(default_factory=list)

    @property
    def rated(self) -> int:
        return len(self.ratings)

    @property
    def average(self) -> Decimal | None:
        if not self.ratings:
            return None
        return (Decimal(sum(self.ratings)) / len(self.ratings)).quantize(Decimal("0.1"), ROUND_HALF_UP)

    @property
    def low(self) -> int:
        return sum(1 for r in self.ratings if r <= LOW)

    @property
    def rate(self) -> Decimal:
        if not self.closed:
            return Decimal("0.0")
        return (Decimal(self.rated) * 100 / self.closed).quantize(Decimal("0.1"), ROUND_HALF_UP)


@dataclass
class Summary:
    start: dt.date
    end: dt.date
    lines: list[ServiceLine]
    low: list[LowRating]


def summary(user, park=None, *, as_of: dt.date | None = None) -> Summary:
    from parkops.engineering.models import WorkOrder
    from parkops.service.models import MeetingService, ServiceRating, Ticket
    from parkops.spaces.models import Booking, FunctionSpace

    end = as_of or clock.localdate()
    start = end - dt.timedelta(days=WINDOW_DAYS)
    lines: dict[tuple[str, str], ServiceLine] = {}
    low: list[LowRating] = []

    def line(group: str, service: str) -> ServiceLine:
        return lines.setdefault((group, service), ServiceLine(group, service))

    def scoped(qs, path="park"):
        return qs.filter(**{path: park}) if park is not None else qs

    # 报修工单: closed = confirmed or rated by the reporter; the rating lives on the work order.
    orders = (
        scoped(WorkOrder.objects.restrict(user, VIEW))
        .filter(
            state__in=(WorkOrder.State.CONFIRMED, WorkOrder.State.RATED),
            completed_at__date__gt=start,
            completed_at__date__lte=end,
        )
        .select_related("enterprise")
    )

    def rated_on_record(entry: ServiceLine, record, when, label: str, enterprise) -> None:
        """A rating kept on the served record itself (work orders, demands)."""
        if not record.rating:
            return
        entry.ratings.append(record.rating)
        if record.rating <= LOW:
            low.append(
                LowRating(
                    when,
                    label,
                    enterprise.name if enterprise else "—",
                    record.rating,
                    record.rating_comment,
                    record.get_absolute_url(),
                )
            )

    group = gettext("报修工单")
    for order in orders:
        entry = line(group, order.get_category_display())
        entry.closed += 1
        rated_on_record(
            entry,
            order,
            order.confirmed_at or order.completed_at,
            f"{group}·{order.get_category_display()}",
            order.enterprise,
        )

    ratings = ServiceRating.objects.restrict(user, VIEW)
    ticket_ratings = {r.ticket_id: r for r in scoped(ratings).filter(ticket__isnull=False)}
    booking_ratings = {r.booking_id: r for r in scoped(ratings).filter(booking__isnull=False)}

    def rated(entry: ServiceLine, rating, label: str) -> None:
        if rating is None:
            return
        entry.ratings.append(rating.rating)
        if rating.rating <= LOW:
            low.append(
                LowRating(
                    rating.rated_at,
                    label,
                    rating.enterprise.name,
                    rating.rating,
                    rating.comment,
                    rating.target.get_absolute_url(),
                )
            )

    group = gettext("咨询投诉")
    tickets = scoped(Ticket.objects.restrict(user, VIEW)).filter(
        state=Ticket.State.CONFIRMED, confirmed_at__date__gt=start, confirmed_at__date__lte=end
    )
    for ticket in tickets:
        entry = line(group, ticket.get_kind_display())
        entry.closed += 1
        rated(entry, ticket_ratings.get(ticket.pk), f"{group}·{ticket.get_kind_display()}")

    group = gettext("空间预约")
    bookings = (
        scoped(Booking.objects.restrict(user, VIEW), "space__park")
        .filter(
            status=Booking.Status.CONFIRMED,
            enterprise__isnull=False,
            ends_at__lte=clock.now(),
            ends_at__date__gt=start,
        )
        .select_related("space")
    )
    for booking in bookings:
        kind = FunctionSpace.Kind(booking.space.kind).label
        entry = line(group, str(kind))
        entry.closed += 1
        rated(entry, booking_ratings.get(booking.pk), f"{group}·{kind}")

    group = gettext("会议服务")
    meetings = scoped(MeetingService.objects.restrict(user, VIEW)).filter(held_on__gt=start, held_on__lte=end)
    for meeting in meetings:
        entry = line(group, group)
        entry.closed += 1
        if meeting.satisfaction:
            entry.ratings.append(meeting.satisfaction)
            if meeting.satisfaction <= LOW:
                low.append(
                    LowRating(
                        meeting.held_on,
                        f"{group}·{meeting.title}",
                        meeting.client,
                        meeting.satisfaction,
                        meeting.feedback,
                        meeting.get_absolute_url(),
                    )
                )

    # 企业服务需求 (6.4.1): closed with the enterprise's rating; a withdrawn demand was not served.
    from parkops.enterprise.models import Demand

    group = gettext("企业服务需求")
    demands = (
        scoped(Demand.objects.restrict(user, VIEW))
        .filter(state=Demand.State.CLOSED, closed_at__date__gt=start, closed_at__date__lte=end)
        .select_related("enterprise")
    )
    for demand in demands:
        entry = line(group, demand.get_category_display())
        entry.closed += 1
        rated_on_record(
            entry, demand, demand.closed_at, f"{group}·{demand.get_category_display()}", demand.enterprise
        )

    def when(item: LowRating) -> dt.date:
        return item.when.date() if isinstance(item.when, dt.datetime) else item.when

    low.sort(key=when, reverse=True)
    return Summary(start, end, list(lines.values()), low)
