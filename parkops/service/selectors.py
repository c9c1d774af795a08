"""Reads of the customer-service domain that carry rules: survey results and NPS, response
rates, trends, and complaint response times."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from parkops.service.models import Survey, SurveyAnswer, SurveyQuestion, Ticket

HUNDRED = Decimal(100)
ONE_DP = Decimal("0.1")


def percent(part: int, whole: int) -> Decimal:
    """part/whole as a percentage with one decimal place (half up); 0 when whole is 0."""
    if not whole:
        return Decimal("0.0")
    return (Decimal(part) * HUNDRED / Decimal(whole)).quantize(ONE_DP, rounding=ROUND_HALF_UP)


@dataclass
class Nps:
    promoters: int
    passives: int
    detractors: int

    @property
    def total(self) -> int:
        return self.promoters + self.passives + self.detractors

    @property
    def score(self) -> Decimal | None:
        """% promoters − % detractors, exact then rounded to one decimal place (half up)."""
        if not self.total:
            return None
        exact = Decimal(self.promoters - self.detractors) * HUNDRED / Decimal(self.total)
        return exact.quantize(ONE_DP, rounding=ROUND_HALF_UP)


def nps_of(scores: list[int]) -> Nps:
    """0–6 detractors, 7–8 passives, 9–10 promoters."""
    return Nps(
        promoters=sum(1 for s in scores if s >= 9),
        passives=sum(1 for s in scores if 7 <= s <= 8),
        detractors=sum(1 for s in scores if s <= 6),
    )


@dataclass
class QuestionResult:
    question: SurveyQuestion
    answered: int
    options: list[tuple[str, int, Decimal]] = field(default_factory=list)  # (option, count, % of answered)
    mean: Decimal | None = None
    distribution: list[tuple[int, int]] = field(default_factory=list)  # (value, count)
    nps: Nps | None = None
    texts: list[str] = field(default_factory=list)


@dataclass
class SurveyResults:
    survey: Survey
    invited: int
    responses: int
    questions: list[QuestionResult]

    @property
    def response_rate(self) -> Decimal:
        return percent(self.responses, self.invited)

    @property
    def nps(self) -> Nps | None:
        for result in self.questions:
            if result.nps is not None:
                return result.nps
        return None

    @property
    def mean_rating(self) -> Decimal | None:
        means = [
            r.mean
            for r in self.questions
            if r.question.kind == SurveyQuestion.Kind.RATING and r.mean is not None
        ]
        if not means:
            return None
        return (sum(means) / len(means)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def survey_results(survey: Survey) -> SurveyResults:
    """Per-question counts, percentages and means; response rate = responses / invitations."""
    answers_by_question: dict[int, list[SurveyAnswer]] = {}
    for answer in SurveyAnswer.objects.filter(response__survey=survey).only(
        "question_id", "choices", "number", "text"
    ):
        answers_by_question.setdefault(answer.question_id, []).append(answer)
    results = []
    K = SurveyQuestion.Kind
    for question in survey.questions.order_by("position"):
        answers = answers_by_question.get(question.pk, [])
        result = QuestionResult(question=question, answered=len(answers))
        if question.kind in (K.SINGLE, K.MULTIPLE):
            counts = Counter(choice for a in answers for choice in a.choices)
            result.options = [(o, counts[o], percent(counts[o], len(answers))) for o in question.option_list]
        elif question.kind in (K.RATING, K.NPS):
            numbers = [a.number for a in answers if a.number is not None]
            if numbers:
                result.mean = (Decimal(sum(numbers)) / len(numbers)).quantize(
                    Decimal("0.01"), rounding=ROUND_HALF_UP
                )
            span = range(1, 6) if question.kind == K.RATING else range(0, 11)
            counts = Counter(numbers)
            result.distribution = [(v, counts[v]) for v in span]
            if question.kind == K.NPS:
                result.nps = nps_of(numbers)
        else:
            result.texts = sorted(a.text for a in answers if a.text)  # sorted: no answer order kept
        results.append(result)
    return SurveyResults(
        survey=survey,
        invited=survey.invitations.count(),
        responses=survey.responses.count(),
        questions=results,
    )


def survey_trend(park, *, until: Survey | None = None) -> list[dict]:
    """Closed surveys of the park, oldest first, with response rate, NPS and mean rating."""
    surveys = Survey.objects.filter(park=park, state=Survey.State.CLOSED).order_by("closed_on", "pk")
    if until is not None and until.closed_on:
        surveys = surveys.filter(closed_on__lte=until.closed_on)
    rows = []
    for survey in surveys:
        results = survey_results(survey)
        nps = results.nps
        rows.append(
            {
                "survey": survey,
                "label": f"{survey.closed_on:%Y-%m}",
                "response_rate": results.response_rate,
                "nps": nps.score if nps else None,
                "mean_rating": results.mean_rating,
            }
        )
    return rows


def latest_closed_survey(park, as_of: dt.date) -> Survey | None:
    """The latest survey closed within the 12 months up to ``as_of`` (indicator 30)."""
    since = as_of - dt.timedelta(days=365)
    return (
        Survey.objects.filter(park=park, state=Survey.State.CLOSED, closed_on__gt=since, closed_on__lte=as_of)
        .order_by("-closed_on", "-pk")
        .first()
    )


def complaint_stats(queryset) -> dict:
    """Count, answered within target and mean response minutes of the given tickets."""
    rows = list(queryset.values_list("response_minutes", "accepted_at", "response_due_at"))
    answered = [r for r in rows if r[1] is not None]
    on_time = sum(1 for _m, at, due in answered if at <= due)
    minutes = [m for m, at, _d in answered if m is not None]
    return {
        "total": len(rows),
        "answered": len(answered),
        "on_time": on_time,
        "on_time_rate": percent(on_time, len(rows)),
        "mean_minutes": (Decimal(sum(minutes)) / len(minutes)).quantize(ONE_DP) if minutes else None,
    }


def tickets_for(user, action: str = "view"):
    return Ticket.objects.restrict(user, action).select_related("enterprise", "handler", "reporter", "park")


def ticket_figures(park, start: dt.date, end: dt.date) -> dict:
    """Tickets received from ``start`` to ``end`` (local days, inclusive) in figures, for the
    customer and smart evaluations of clause 9.1.1: complaints, suggestions and praise, how
    many complaints were answered within target, and repeat complaints (an enterprise's second
    and later complaint in the period, or a complaint reopened after its reply)."""
    from django.utils import timezone

    def midnight(day: dt.date) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(day, dt.time.min))

    tickets = Ticket.objects.filter(
        park=park, received_at__gte=midnight(start), received_at__lt=midnight(end + dt.timedelta(days=1))
    )
    kinds = Counter(tickets.values_list("kind", flat=True))
    complaints = tickets.filter(kind=Ticket.Kind.COMPLAINT)
    stats = complaint_stats(complaints)
    per_enterprise = Counter(e for e in complaints.values_list("enterprise_id", flat=True) if e is not None)
    return {
        "complaints": kinds.get(Ticket.Kind.COMPLAINT, 0),
        "suggestions": kinds.get(Ticket.Kind.SUGGESTION, 0),
        "praise": kinds.get(Ticket.Kind.PRAISE, 0),
        "enquiries": kinds.get(Ticket.Kind.ENQUIRY, 0),
        "complaints_on_time": stats["on_time"],
        "complaint_mean_minutes": stats["mean_minutes"],
        "repeat_complaints": sum(n - 1 for n in per_enterprise.values()),
        "reopened_complaints": complaints.filter(reopen_count__gt=0).count(),
    }
