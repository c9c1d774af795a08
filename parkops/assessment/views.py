"""Pages of the self-assessment: the scorecard, the document library, the yearly report."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language, gettext
from django.views.decorators.http import require_POST

from parkops.assessment import registry, services
from parkops.assessment.engine import STATUS_LABELS, assess_cached
from parkops.assessment.forms import DocumentForm
from parkops.assessment.models import AssessmentRun, Document
from parkops.assessment.panel import format_score
from parkops.assessment.selectors import current_document
from parkops.core import clock
from parkops.core.files import file_response
from parkops.core.models import Park
from parkops.core.scope import ADD, CHANGE, DELETE, VIEW, Role, can, can_write_model
from parkops.core.views import ObjectEditView, _add_errors, display_value

STATUS_BADGES = {
    "met": "text-bg-success",
    "partial": "text-bg-warning",
    "unmet": "text-bg-danger",
    "needs_document": "text-bg-info",
    "needs_judgement": "text-bg-secondary",
    "no_source": "text-bg-light border",
    "no_indicator": "text-bg-light border text-secondary",
}
SCORECARD_ROLES = (Role.OPERATOR_ADMIN, Role.STAFF, Role.ASSESSOR)


def _require_scorecard_user(user) -> None:
    if not user.is_superuser and user.role not in SCORECARD_ROLES:
        raise PermissionDenied(gettext("入驻企业用户不能查看园区自评估"))


def _park_and_date(request, data) -> tuple[list[Park], Park | None, dt.date, str]:
    parks = list(Park.objects.restrict(request.user, VIEW).order_by("code"))
    park = None
    wanted = data.get("park")
    if wanted:
        park = next((p for p in parks if str(p.pk) == wanted or p.code == wanted), None)
        if park is None:
            raise Http404(gettext("没有该园区或无权查看"))
    elif parks:
        park = parks[0]
    error = ""
    as_of = clock.localdate()
    if data.get("as_of"):
        try:
            as_of = dt.date.fromisoformat(data["as_of"])
        except ValueError:
            error = gettext("评估基准日格式不正确，已按今天评估")
    return parks, park, as_of, error


@login_required
def scorecard(request):
    """自评估记分卡: the live score of a park against 表A.1, its gaps and its history."""
    _require_scorecard_user(request.user)
    parks, park, as_of, error = _park_and_date(request, request.GET)
    context = {"parks": parks, "park": park, "as_of": as_of, "date_error": error}
    if park is not None:
        result = assess_cached(park, as_of, language=get_language())
        runs = list(
            AssessmentRun.objects.restrict(request.user, VIEW).filter(park=park).order_by("as_of", "pk")
        )
        latest_by_day = {run.as_of: run for run in runs}  # the last run of each day
        history = sorted(latest_by_day.values(), key=lambda r: r.as_of)
        user = request.user

        def allowed(action):
            return action if action is not None and action.allowed(user) else None

        rows = []
        for r in result.rows:
            actions = []
            for part in r.parts:
                action = allowed(part.finding.action) if part.finding.fraction < 1 else None
                if action is not None and action not in actions:
                    actions.append(action)
            rows.append(
                {
                    "result": r,
                    "actions": actions,
                    "badge": STATUS_BADGES.get(r.status, "text-bg-light"),
                    "label": STATUS_LABELS[r.status],
                    "points": None if r.points is None else format_score(r.points),
                    "score": None if r.points is None else format_score(r.score),
                }
            )
        plan = result.gap_plan()
        counts = defaultdict(int)
        for r in result.rows:
            if r.points is not None:
                counts[r.status] += 1
        context.update(
            result=result,
            rows=rows,
            plan=plan,
            plan_items=[{"item": item, "action": allowed(item.action)} for item in plan.items],
            status_counts=[
                (STATUS_LABELS[s], STATUS_BADGES[s], counts[s])
                for s in ("met", "partial", "unmet", "needs_document", "needs_judgement", "no_source")
            ],
            level1=[(k, format_score(v)) for k, v in result.level1.items()],
            level2=[(k, format_score(v)) for k, v in result.level2.items()],
            total=None if result.total is None else format_score(result.total),
            history=list(reversed(history))[:20],
            chart={
                "dates": [r.as_of.isoformat() for r in history],
                "totals": [None if r.total is None else format_score(r.total) for r in history],
                "labels": {
                    "series": str(gettext("自评总分")),
                    "stars": [str(gettext("三星")), str(gettext("四星")), str(gettext("五星"))],
                },
            },
            stars=range(result.star or 0),
            can_record=can_write_model(request.user, AssessmentRun, ADD),
            veto_rows=[result.row(n) for n in result.vetoed_rows],
        )
    return render(request, "assessment/scorecard.html", context)


@login_required
@require_POST
def record(request):
    """重新评估并保存: store a run of the self-assessment."""
    _require_scorecard_user(request.user)
    _parks, park, as_of, _error = _park_and_date(request, request.POST)
    if park is None:
        raise Http404
    try:
        run = services.record_assessment(park=park, as_of=as_of, by=request.user)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    else:
        total = (
            gettext("否决项成立，无总分")
            if run.disqualified
            else gettext("%(total)s 分") % {"total": run.total}
        )
        messages.success(
            request,
            gettext("已保存 %(park)s %(date)s 的自评估：%(total)s")
            % {"park": park.name, "date": f"{run.as_of:%Y-%m-%d}", "total": total},
        )
    return redirect(f"{reverse('assessment:scorecard')}?park={park.pk}&as_of={as_of.isoformat()}")


@login_required
def yearly_report(request):
    """生成年度运营评估报告 (Word draft) from the live assessment and the year's records."""
    from parkops.assessment.report import build_yearly_report

    _require_scorecard_user(request.user)
    _parks, park, as_of, _error = _park_and_date(request, request.GET)
    if park is None:
        raise Http404
    content = build_yearly_report(park, as_of)
    from parkops.core.services import record_event

    record_event(event="yearly_report", obj=park, by=request.user, detail={"as_of": as_of.isoformat()})
    filename = f"{park.code}-{as_of.year}-年度运营评估报告（草稿）.docx"
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    from urllib.parse import quote

    response["Content-Disposition"] = (
        f"attachment; filename=\"{park.code}-{as_of.year}-report.docx\"; filename*=UTF-8''{quote(filename)}"
    )
    return response


# --- The document library ----------------------------------------------------------------


def _rows_by_kind() -> dict[str, list[int]]:
    rows: dict[str, list[int]] = defaultdict(list)
    for row, sources in registry.all_sources().items():
        for src in sources:
            if src.document_kind:
                rows[src.document_kind].append(row)
    return rows


@login_required
def document_library(request):
    """文件库: every registered kind, which rows it answers, and the park's current version."""
    if request.user.role == Role.TENANT and not request.user.is_superuser:
        raise PermissionDenied(gettext("入驻企业用户不能查看园区制度文件"))
    parks, park, today, _error = _park_and_date(request, request.GET)
    rows_by_kind = _rows_by_kind()
    writable = set(services.writable_kinds(request.user))
    kinds = []
    docs = Document.objects.restrict(request.user, VIEW)
    for code, kind in sorted(
        registry.document_kinds().items(), key=lambda item: min(rows_by_kind.get(item[0], [99]))
    ):
        current = current_document(park, code, today) if park is not None else None
        if current is not None and not docs.filter(pk=current.pk).exists():
            current = None
        versions = docs.filter(park=park, kind=code).count() if park is not None else 0
        kinds.append(
            {
                "code": code,
                "title": kind.title,
                "max_age_days": kind.max_age_days,
                "rows": rows_by_kind.get(code, []),
                "current": current,
                "versions": versions,
                "can_upload": code in writable,
            }
        )
    return render(
        request,
        "assessment/document_library.html",
        {
            "parks": parks,
            "park": park,
            "kinds": kinds,
            "can_add": bool(writable),
            "missing": sum(1 for k in kinds if k["current"] is None),
        },
    )


@login_required
def document_detail(request, pk):
    doc = get_object_or_404(Document.objects.restrict(request.user, VIEW).select_related("park"), pk=pk)
    from parkops.audit.models import AuditEntry

    versions = Document.objects.restrict(request.user, VIEW).filter(park=doc.park, kind=doc.kind)
    history = AuditEntry.objects.filter(object_type="assessment.document", object_id=str(doc.pk)).order_by(
        "-at"
    )[:50]
    fields = [
        {"label": Document._meta.get_field(name).verbose_name, "value": display_value(doc, name)}
        for name in (
            "park",
            "title",
            "version",
            "effective_on",
            "expires_on",
            "approver",
            "superseded_on",
            "notes",
        )
    ]
    rows = _rows_by_kind().get(doc.kind, [])
    may_write = services.may_write_kind(request.user, doc.kind)
    in_force = current_document(doc.park, doc.kind, clock.localdate())
    return render(
        request,
        "assessment/document_detail.html",
        {
            "object": doc,
            "fields": fields,
            "rows": rows,
            "versions": versions.order_by("-effective_on", "-pk"),
            "in_force": in_force,
            "history": history,
            "can_add": may_write and can(request.user, CHANGE, doc),
            "can_delete": may_write and can(request.user, DELETE, doc),
        },
    )


@login_required
def document_file(request, pk):
    """The stored file, served only to users who may see the document."""
    doc = get_object_or_404(Document.objects.restrict(request.user, VIEW), pk=pk)
    return file_response(request, doc, "file", as_attachment=True)


@login_required
def document_upload(request):
    """上传文件 / 新版本: ``?park=&kind=`` preselects a kind for a new version."""
    if not services.writable_kinds(request.user):
        raise PermissionDenied(gettext("无权上传制度文件"))
    if request.method == "POST":
        form = DocumentForm(request.POST, request.FILES, user=request.user)
        if form.is_valid():
            data = dict(form.cleaned_data)
            park, kind = data.pop("park"), data.pop("kind")
            try:
                doc = services.upload_document(park=park, kind=kind, by=request.user, **data)
            except ValidationError as exc:
                _add_errors(form, exc)
            except PermissionDenied as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(
                    request,
                    gettext("已上传%(kind)s：%(document)s") % {"kind": doc.kind_title, "document": doc},
                )
                return redirect(doc.get_absolute_url())
    else:
        initial = {k: v for k, v in request.GET.items() if k in ("park", "kind")}
        form = DocumentForm(user=request.user, initial=initial)
    return render(
        request,
        "core/object_form.html",
        {
            "form": form,
            "object": None,
            "model_name": Document._meta.verbose_name,
            "model_name_plural": Document._meta.verbose_name_plural,
            "list_url": reverse("assessment:document_library"),
            "cancel_url": reverse("assessment:document_library"),
        },
    )


@login_required
@require_POST
def document_delete(request, pk):
    doc = get_object_or_404(Document.objects.restrict(request.user, VIEW), pk=pk)
    try:
        services.delete_document(document=doc, by=request.user)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
        return redirect(doc.get_absolute_url())
    messages.success(request, gettext("已删除文件：%(document)s") % {"document": doc})
    return redirect(f"{reverse('assessment:document_library')}?park={doc.park_id}")


class ServiceOfferingEdit(ObjectEditView):
    """The catalogue entry form, saved through ``services.save_offering`` so that every change
    of a service's content is kept in the revision log (row 14)."""

    def save(self, form, obj):
        data = dict(form.cleaned_data)
        note = data.pop("revision_note", "")
        return services.save_offering(by=self.request.user, data=data, offering=obj, note=note)
