"""Pages of a third-party evaluation: the project with its tabs (panel and conflicts, dossier,
site visit, scoring sheet, clarifications, result) and the report downloads. Every action is
a POST that calls one service; reads come from the selectors."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from parkops.core import clock
from parkops.core.services import record_event
from parkops.evaluation import forms, reports, selectors, services
from parkops.evaluation.models import ClarificationRequest, EvaluationProject

TABS = [
    ("panel", _("专家组与利益冲突")),
    ("dossier", _("评估材料")),
    ("visit", _("现场核查")),
    ("scoring", _("专家评分")),
    ("clarifications", _("澄清")),
    ("result", _("评估结果")),
]


def _project(request, pk) -> EvaluationProject:
    return get_object_or_404(selectors.projects_for(request.user), pk=pk)


def _tab_url(project, tab: str) -> str:
    return reverse("evaluation:evaluationproject_detail", args=[project.pk]) + f"?tab={tab}"


def _errors(exc: ValidationError) -> str:
    return gettext("；").join(exc.messages)


@login_required
def project_detail(request, pk):
    project = _project(request, pk)
    user = request.user
    tab = request.GET.get("tab") or "panel"
    if tab not in dict(TABS):
        tab = "panel"
    expert = selectors.expert_of(project, user)
    organiser = services.is_organiser(project, user)
    experts = list(project.experts.select_related("user", "declaration").order_by("-is_lead", "id"))
    indicators = list(selectors.scored_indicators(project))
    own_scores = {}
    if expert is not None:
        own_scores = {s.indicator_id: s for s in expert.scores.select_related("indicator")}
    sheet_errors = request.session.pop("evaluation_sheet_errors", {})
    posted = request.session.pop("evaluation_sheet_values", {})
    sheet = [
        {
            "indicator": i,
            "score": own_scores.get(i.pk),
            "value": posted.get(str(i.row), [None, None])[0],
            "comment": posted.get(str(i.row), [None, None])[1],
            "error": sheet_errors.get(f"row_{i.row}"),
        }
        for i in indicators
    ]
    see_panel = selectors.may_see_panel_scores(project, user)
    matrix_experts, matrix_rows = selectors.score_matrix(project, user) if see_panel else ([], [])
    provisional = None
    result = selectors.visible_result(project, user)
    if result is None and see_panel:
        provisional = reports.evaluation_report_data(project, user)
    dossier = selectors.materials(project, user)
    dossier_rows = reports.dossier_data(project, user)["rows"] if dossier else []
    context = {
        "project": project,
        "tabs": TABS,
        "tab": tab,
        "expert": expert,
        "is_lead": bool(expert and expert.is_lead),
        "organiser": organiser,
        "experts": experts,
        "sheet": sheet,
        "sheet_errors": sheet_errors,
        "scored_count": len(own_scores),
        "row_count": len(indicators),
        "see_panel": see_panel,
        "matrix_experts": matrix_experts,
        "matrix_rows": matrix_rows,
        "result": result,
        "result_rows": reports.evaluation_report_data(project, user)["rows"] if result else [],
        "provisional": provisional,
        "dossier": dossier,
        "dossier_rows": dossier_rows,
        "visits": project.site_visits.all(),
        "clarifications": selectors.clarifications(project, user),
        "expert_form": forms.ExpertAddForm(project=project) if organiser else None,
        "declaration_form": forms.DeclarationForm(),
        "materials_form": forms.MaterialsForm(initial={"as_of": clock.localdate()}),
        "visit_form": forms.SiteVisitForm(initial={"visited_on": clock.localdate()}),
        "clarification_form": forms.ClarificationForm(),
        "veto_form": forms.VetoForm(
            initial={
                "illegal": "1" if project.veto_illegal else "0",
                "accident": "1" if project.veto_accident else "0",
                "basis": project.veto_basis,
                "illegal_reason": project.veto_illegal_reason,
                "accident_reason": project.veto_accident_reason,
            }
        ),
        "veto_lines": selectors.veto_register(project, selectors.register_date(project), user),
        "panel_check": selectors.panel_check(project, submitted_only=False),
        "unrounded": _unrounded(result, provisional),
        "next_status": _next_status(project),
        "Status": EvaluationProject.Status,
        "can_report": result is not None or see_panel,
    }
    return render(request, "evaluation/project_detail.html", context)


def _unrounded(result, provisional) -> str:
    if result is not None:
        return selectors.unrounded_text(result.unrounded_total)
    if provisional is not None:
        return provisional.get("unrounded", "")
    return ""


def _next_status(project):
    order = services.ORDER
    if project.status in order and order.index(project.status) + 1 < len(order):
        nxt = order[order.index(project.status) + 1]
        return {"value": nxt.value, "label": nxt.label}
    return None


def _act(request, project, tab: str, fn, success: str):
    try:
        fn()
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    except PermissionDenied as exc:
        messages.error(request, str(exc) or gettext("无权办理此事项"))
    else:
        messages.success(request, success)
    return redirect(_tab_url(project, tab))


@login_required
@require_POST
def add_expert(request, pk):
    project = _project(request, pk)
    form = forms.ExpertAddForm(request.POST, project=project)
    if not form.is_valid():
        messages.error(request, gettext("请选择要加入专家组的评估专家账号"))
        return redirect(_tab_url(project, "panel"))
    data = form.cleaned_data
    return _act(
        request,
        project,
        "panel",
        lambda: services.add_expert(
            project=project,
            user=data["user"],
            by=request.user,
            affiliation=data["affiliation"],
            title=data["title"],
            is_lead=data["is_lead"],
            specialities=data["specialities"],
        ),
        gettext("已将 %(name)s 加入专家组，并开通该园区的查看权限") % {"name": data["user"].name},
    )


@login_required
@require_POST
def advance(request, pk):
    project = _project(request, pk)
    to = request.POST.get("to", "")
    label = dict(EvaluationProject.Status.choices).get(to, to)
    return _act(
        request,
        project,
        "panel",
        lambda: services.advance_project(project=project, to=to, by=request.user),
        gettext("项目已进入“%(stage)s”阶段") % {"stage": label},
    )


@login_required
@require_POST
def declare(request, pk):
    project = _project(request, pk)
    expert = selectors.expert_of(project, request.user)
    if expert is None:
        raise PermissionDenied
    form = forms.DeclarationForm(request.POST)
    if not form.is_valid():
        messages.error(
            request,
            gettext("；").join(f"{form.fields[f].label}：{'、'.join(e)}" for f, e in form.errors.items()),
        )
        return redirect(_tab_url(project, "panel"))
    d = form.cleaned_data

    def run():
        declaration = services.declare_conflict(
            expert=expert,
            by=request.user,
            has_conflict=d["has_conflict"],
            conflict_detail=d["conflict_detail"],
            worked_for_operator=d["worked_for_operator"],
            employment_ended_on=d["employment_ended_on"],
        )
        if declaration.recused:
            messages.warning(request, gettext("根据您的声明，您将回避本项目，不参与评分"))

    return _act(request, project, "scoring", run, gettext("已提交利益冲突声明"))


@login_required
@require_POST
def save_sheet(request, pk):
    project = _project(request, pk)
    expert = selectors.expert_of(project, request.user)
    if expert is None:
        raise PermissionDenied
    scores = {}
    for indicator in selectors.scored_indicators(project):
        raw = request.POST.get(f"score_{indicator.row}", "").strip()
        comment = request.POST.get(f"comment_{indicator.row}", "")
        if raw or comment.strip():
            scores[indicator.row] = (raw, comment)
    submit = request.POST.get("action") == "submit"
    try:
        services.save_scores(expert=expert, by=request.user, scores=scores)
        if submit:
            services.submit_sheet(expert=expert, by=request.user)
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            request.session["evaluation_sheet_errors"] = {
                k: gettext("；").join(v.messages if hasattr(v, "messages") else [str(m) for m in v])
                for k, v in exc.error_dict.items()
            }
            request.session["evaluation_sheet_values"] = {str(k): list(v) for k, v in scores.items()}
            messages.error(request, gettext("评分表有错误，请修正标红的行（未保存任何评分）"))
        else:
            messages.error(request, _errors(exc))
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            gettext("评分表已提交，现在可以查看专家组的评分与结果") if submit else gettext("评分已暂存"),
        )
    return redirect(_tab_url(project, "scoring"))


@login_required
@require_POST
def submit_materials(request, pk):
    project = _project(request, pk)
    form = forms.MaterialsForm(request.POST)
    if not form.is_valid():
        messages.error(request, gettext("请填写材料截止日期"))
        return redirect(_tab_url(project, "dossier"))
    return _act(
        request,
        project,
        "dossier",
        lambda: services.submit_materials(
            project=project, by=request.user, as_of=form.cleaned_data["as_of"], note=form.cleaned_data["note"]
        ),
        gettext("评估材料已提交并冻结"),
    )


@login_required
@require_POST
def site_visit(request, pk):
    project = _project(request, pk)
    form = forms.SiteVisitForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(
            request,
            gettext("；").join(f"{form.fields[f].label}：{'、'.join(e)}" for f, e in form.errors.items()),
        )
        return redirect(_tab_url(project, "visit"))
    return _act(
        request,
        project,
        "visit",
        lambda: services.record_site_visit(project=project, by=request.user, **form.cleaned_data),
        gettext("已记录现场核查"),
    )


@login_required
@require_POST
def ask(request, pk):
    project = _project(request, pk)
    form = forms.ClarificationForm(request.POST)
    if not form.is_valid():
        messages.error(request, gettext("请填写澄清问题"))
        return redirect(_tab_url(project, "clarifications"))
    return _act(
        request,
        project,
        "clarifications",
        lambda: services.ask_clarification(
            project=project,
            by=request.user,
            question=form.cleaned_data["question"],
            row=form.cleaned_data["row"],
        ),
        gettext("已提出澄清问题"),
    )


def _clarification(request, pk, cid) -> tuple[EvaluationProject, ClarificationRequest]:
    project = _project(request, pk)
    item = get_object_or_404(selectors.clarifications(project, request.user), pk=cid)
    return project, item


@login_required
@require_POST
def answer(request, pk, cid):
    project, item = _clarification(request, pk, cid)
    text = request.POST.get("answer", "")
    return _act(
        request,
        project,
        "clarifications",
        lambda: services.answer_clarification(request=item, by=request.user, answer=text),
        gettext("已答复"),
    )


@login_required
@require_POST
def close(request, pk, cid):
    project, item = _clarification(request, pk, cid)
    return _act(
        request,
        project,
        "clarifications",
        lambda: services.close_clarification(request=item, by=request.user),
        gettext("澄清事项已关闭"),
    )


@login_required
@require_POST
def veto(request, pk):
    project = _project(request, pk)
    form = forms.VetoForm(request.POST)
    if not form.is_valid():
        messages.error(request, gettext("请填写否决项核查结论和依据"))
        return redirect(_tab_url(project, "result"))
    d = form.cleaned_data
    return _act(
        request,
        project,
        "result",
        lambda: services.record_veto_findings(
            project=project,
            by=request.user,
            illegal=d["illegal"],
            accident=d["accident"],
            basis=d["basis"],
            illegal_reason=d["illegal_reason"],
            accident_reason=d["accident_reason"],
        ),
        gettext("已记录否决项核查结论"),
    )


@login_required
@require_POST
def publish(request, pk):
    project = _project(request, pk)
    return _act(
        request,
        project,
        "result",
        lambda: services.publish_result(project=project, by=request.user),
        gettext("评估结果已发布"),
    )


def _download(request, project, content: bytes, name: str, content_type: str, kind: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    ascii_name = name.encode("ascii", "ignore").decode() or "report"
    response["Content-Disposition"] = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"
    record_event(event="export", obj=project, by=request.user, detail={"report": kind, "file": name})
    return response


CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@login_required
def report(request, pk, fmt):
    if fmt not in ("pdf", "docx"):
        raise Http404
    project = _project(request, pk)
    data = reports.evaluation_report_data(project, request.user)
    if data is None:
        raise Http404(gettext("评估结果尚未发布"))
    content = reports.evaluation_report_pdf(data) if fmt == "pdf" else reports.evaluation_report_docx(data)
    suffix = "-draft" if data["draft"] else ""
    name = f"evaluation-report-{project.park.code}-{project.pk}{suffix}.{fmt}"
    return _download(request, project, content, name, CONTENT_TYPES[fmt], "evaluation_report")


@login_required
def dossier(request, pk, fmt):
    if fmt not in ("pdf", "docx"):
        raise Http404
    project = _project(request, pk)
    data = reports.dossier_data(project, request.user)
    if data is None:
        raise Http404(gettext("评估材料尚未提交"))
    content = reports.dossier_pdf(data) if fmt == "pdf" else reports.dossier_docx(data)
    name = f"evidence-dossier-{project.park.code}-{project.pk}.{fmt}"
    return _download(request, project, content, name, CONTENT_TYPES[fmt], "evidence_dossier")


@login_required
def ledger(request, pk):
    project = _project(request, pk)
    content = reports.ledger_xlsx(project, request.user)
    name = f"evaluation-ledger-{project.park.code}-{project.pk}.xlsx"
    return _download(request, project, content, name, CONTENT_TYPES["xlsx"], "ledger")
