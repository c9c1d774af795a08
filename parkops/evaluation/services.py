"""Every write of a third-party evaluation (clause 10), audited in its own transaction.

Assessors are read-only to the generic services, so the panel's writes (declarations, scores,
site visits, questions, veto findings, the result) are checked here against panel membership
and written with :func:`parkops.audit.services.record`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils.translation import gettext as _

from parkops.assessment.models import Indicator
from parkops.assessment.panel import PanelError
from parkops.audit import services as audit
from parkops.audit.checkpoint import make_checkpoint
from parkops.core import clock
from parkops.core.scope import CHANGE, Role, can
from parkops.evaluation.models import (
    ClarificationRequest,
    ConflictDeclaration,
    EvaluationProject,
    EvaluationResult,
    Expert,
    ExpertScore,
    MaterialsSubmission,
    SiteVisit,
)
from parkops.evaluation.selectors import (
    VETO_ROWS,
    compute_panel,
    panel_check,
    unrounded_decimal,
    veto_register,
)

Status = EvaluationProject.Status
ORDER = [Status.PREPARING, Status.MATERIALS, Status.SITE_VISIT, Status.SCORING, Status.CLARIFICATION]
SCORING_STAGES = (Status.SCORING, Status.CLARIFICATION)


# --- who may act ------------------------------------------------------------------------


def is_organiser(project: EvaluationProject, user) -> bool:
    """The operator's side that runs the project: its administrators (and 综合管理 staff)."""
    return can(user, CHANGE, project)


def _organiser(project: EvaluationProject, by) -> None:
    if not is_organiser(project, by):
        raise PermissionDenied(_("只有园区运营机构管理员可以办理此事项"))


def _panel_member(project: EvaluationProject, by) -> Expert:
    expert = Expert.objects.filter(project=project, user_id=getattr(by, "pk", None)).first()
    if expert is None:
        raise PermissionDenied(_("您不是本项目的评估专家"))
    return expert


def _lead_or_organiser(project: EvaluationProject, by) -> None:
    if by.is_superuser or is_organiser(project, by):
        return
    expert = _panel_member(project, by)
    if not expert.is_lead:
        raise PermissionDenied(_("只有专家组组长或项目组织方可以办理此事项"))


def _audit(action: str, obj, by, *, before=None, after=None, event: str = "") -> None:
    audit.record(
        action=action,
        obj=obj,
        by=by,
        park_id=_park_id(obj),
        before=before,
        after=after if after is not None else (audit.snapshot(obj) if action != "event" else None),
        event=event,
    )


def _park_id(obj) -> int:
    if isinstance(obj, EvaluationProject):
        return obj.park_id
    if isinstance(obj, Expert | MaterialsSubmission | SiteVisit | ClarificationRequest | EvaluationResult):
        return obj.project.park_id
    if isinstance(obj, ConflictDeclaration):
        return obj.expert.project.park_id
    if isinstance(obj, ExpertScore):
        return obj.expert.project.park_id
    raise TypeError(type(obj))


def _locked(project: EvaluationProject) -> EvaluationProject:
    return EvaluationProject.objects.select_for_update().get(pk=project.pk)


# --- the project and its panel ----------------------------------------------------------


@transaction.atomic
def add_expert(
    *,
    project: EvaluationProject,
    user,
    by,
    affiliation: str = "",
    title: str = "",
    is_lead: bool = False,
    specialities: list[str] | None = None,
) -> Expert:
    """Put an assessor on the panel and give it read access to the park (assessors see only
    the parks they are assigned to). ``specialities``: the first-level areas of the rubric
    the expert is qualified to review."""
    _organiser(project, by)
    project = _locked(project)
    if project.status == Status.PUBLISHED:
        raise ValidationError(_("评估结果已发布，不能再调整专家组"))
    if Expert.objects.filter(project=project, user=user).exists():
        raise ValidationError({"user": _("%(name)s 已在专家组中") % {"name": user.name}})
    if is_lead and project.experts.filter(is_lead=True).exists():
        raise ValidationError({"is_lead": _("本项目已有专家组组长")})
    expert = Expert(
        project=project,
        user=user,
        affiliation=affiliation,
        title=title,
        is_lead=is_lead,
        specialities=list(specialities or []),
    )
    expert.full_clean()
    expert.save()
    _audit("create", expert, by)
    if not user.parks.filter(pk=project.park_id).exists():
        before = sorted(user.parks.values_list("pk", flat=True))
        user.parks.add(project.park)
        audit.record(
            action="update",
            obj=user,
            by=by,
            park_id=project.park_id,
            before={"parks": before},
            after={"parks": sorted(user.parks.values_list("pk", flat=True))},
            event="evaluation_panel_access",
        )
        user.__dict__.pop("_parkops_park_ids", None)
    return expert


@transaction.atomic
def advance_project(*, project: EvaluationProject, to: str, by) -> EvaluationProject:
    """Move the project one stage on: 筹备 → 材料审查 → 现场核查 → 专家评分 → 澄清.
    已出结果 is reached only by publishing the result."""
    _lead_or_organiser(project, by)
    project = _locked(project)
    if to == Status.PUBLISHED:
        raise ValidationError(_("评估结果须由专家组组长发布"))
    current = ORDER.index(project.status) if project.status in ORDER else None
    if current is None or to not in ORDER or ORDER.index(to) != current + 1:
        raise ValidationError(
            _("不能从“%(current)s”进入“%(next)s”")
            % {
                "current": project.get_status_display(),
                "next": Status(to).label if to in Status.values else to,
            }
        )
    if to == Status.MATERIALS and not project.experts.filter(is_lead=True).exists():
        raise ValidationError(_("请先组建专家组并指定组长"))
    if to == Status.SITE_VISIT and not MaterialsSubmission.objects.filter(project=project).exists():
        raise ValidationError(_("运营机构尚未提交评估材料"))
    if to == Status.SCORING:
        if not project.site_visits.exists():
            raise ValidationError(_("尚无现场核查记录"))
        project.full_clean()  # the aggregation rule against the panel as it now stands
    before = {"status": project.status}
    project.status = to
    project.save(update_fields=["status", "updated_at"])
    _audit("update", project, by, before=before, after={"status": to})
    return project


@transaction.atomic
def declare_conflict(
    *,
    expert: Expert,
    by,
    has_conflict: bool,
    conflict_detail: str = "",
    worked_for_operator: bool = False,
    employment_ended_on: dt.date | None = None,
) -> ConflictDeclaration:
    """An expert's one declaration of interests, made before scoring. A conflict, or work for
    the park's operator within the last three years, recuses the expert."""
    if expert.user_id != getattr(by, "pk", None):
        raise PermissionDenied(_("利益冲突声明只能由专家本人填写"))
    expert = Expert.objects.select_for_update().select_related("project").get(pk=expert.pk)
    if expert.project.status == Status.PUBLISHED:
        raise ValidationError(_("评估结果已发布"))
    if ConflictDeclaration.objects.filter(expert=expert).exists():
        raise ValidationError(_("您已作出利益冲突声明，不能重复声明"))
    declaration = ConflictDeclaration(
        expert=expert,
        has_conflict=has_conflict,
        conflict_detail=conflict_detail.strip(),
        worked_for_operator=worked_for_operator,
        employment_ended_on=employment_ended_on,
        declared_on=clock.localdate(),
    )
    declaration.full_clean()
    declaration.save()
    _audit("create", declaration, by)
    return declaration


def _may_score(expert: Expert) -> None:
    if expert.project.status not in SCORING_STAGES:
        raise ValidationError(_("项目不在专家评分阶段"))
    if not hasattr(expert, "declaration"):
        raise ValidationError(_("请先作出利益冲突声明，再评分"))
    if expert.declaration.recused:
        raise PermissionDenied(_("您已回避本项目，不能评分"))
    if expert.sheet_submitted_at:
        raise ValidationError(_("评分表已提交，不能修改"))


def _parse_score(value) -> Decimal:
    if isinstance(value, Decimal):
        return value
    text = str(value).strip()
    if not text:
        raise ValueError(_("请填写评分"))
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError(_("“%(text)s”不是数字") % {"text": text}) from None
    if not number.is_finite():
        raise ValueError(_("“%(text)s”不是数字") % {"text": text})
    return number


@transaction.atomic
def save_scores(*, expert: Expert, by, scores: Mapping[int, tuple[object, str]]) -> list[ExpertScore]:
    """Save (a draft of) an expert's sheet: ``{row: (score, comment)}``. Every row is checked
    before anything is written; errors are keyed ``row_<n>``."""
    if expert.user_id != getattr(by, "pk", None):
        raise PermissionDenied(_("只能填写自己的评分表"))
    expert = (
        Expert.objects.select_for_update(of=("self",))
        .select_related("project", "declaration")
        .get(pk=expert.pk)
    )
    _may_score(expert)
    indicators = {i.row: i for i in Indicator.objects.filter(edition=expert.project.edition_id)}
    errors: dict[str, list[str]] = {}
    clean: dict[int, tuple[Indicator, Decimal, str]] = {}
    for row, (raw, comment) in scores.items():
        indicator = indicators.get(int(row))
        key = f"row_{row}"
        if indicator is None or indicator.points is None:
            errors[key] = [_("第 %(row)s 行不是计分指标") % {"row": row}]
            continue
        try:
            value = _parse_score(raw)
        except ValueError as exc:
            errors[key] = [_("第 %(row)s 行：%(error)s") % {"row": row, "error": exc}]
            continue
        if value < 0 or value > indicator.points:
            errors[key] = [
                _("第 %(row)s 行评分应在 0 到 %(points)s 之间")
                % {"row": row, "points": f"{indicator.points.normalize():f}"}
            ]
            continue
        if value != value.quantize(Decimal("0.01")):
            errors[key] = [_("第 %(row)s 行评分最多保留两位小数") % {"row": row}]
            continue
        clean[int(row)] = (indicator, value, (comment or "").strip()[:500])
    if errors:
        raise ValidationError(errors)
    existing = {s.indicator.row: s for s in expert.scores.select_related("indicator")}
    saved = []
    for row, (indicator, value, comment) in sorted(clean.items()):
        score = existing.get(row)
        if score is None:
            score = ExpertScore(expert=expert, indicator=indicator, score=value, comment=comment)
            score.full_clean()
            score.save()
            _audit("create", score, by)
        elif score.score != value or score.comment != comment:
            before = {"score": str(score.score), "comment": score.comment}
            score.score, score.comment = value, comment
            score.full_clean()
            score.save()
            _audit("update", score, by, before=before, after={"score": str(value), "comment": comment})
        saved.append(score)
    return saved


@transaction.atomic
def submit_sheet(*, expert: Expert, by) -> Expert:
    """Submit the sheet: every scored row must have a score. The sheet is then final, and the
    expert may see the other experts' submitted sheets."""
    if expert.user_id != getattr(by, "pk", None):
        raise PermissionDenied(_("只能提交自己的评分表"))
    expert = (
        Expert.objects.select_for_update(of=("self",))
        .select_related("project", "declaration")
        .get(pk=expert.pk)
    )
    _may_score(expert)
    scored = set(expert.scores.values_list("indicator__row", flat=True))
    required = set(
        Indicator.objects.filter(edition=expert.project.edition_id, points__isnull=False).values_list(
            "row", flat=True
        )
    )
    missing = sorted(required - scored)
    if missing:
        raise ValidationError(
            _("还有 %(count)s 行未评分：第 %(rows)s 行")
            % {"count": len(missing), "rows": _("、").join(map(str, missing))}
        )
    expert.sheet_submitted_at = clock.now()
    expert.save(update_fields=["sheet_submitted_at", "updated_at"])
    _audit(
        "update",
        expert,
        by,
        before={"sheet_submitted_at": None},
        after={"sheet_submitted_at": expert.sheet_submitted_at.isoformat()},
        event="sheet_submitted",
    )
    return expert


# --- the operator's materials -------------------------------------------------------------


def _canonical(data) -> str:
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def assessment_snapshot(park, as_of: dt.date) -> dict:
    """The live assessment of the park as of a date (``assess(park, as_of).as_json()``)."""
    from parkops.assessment.engine import assess

    return json.loads(_canonical(assess(park, as_of=as_of).as_json()))


def _sha256_of(file) -> str:
    digest = hashlib.sha256()
    file.open("rb")
    try:
        for chunk in file.chunks():
            digest.update(chunk)
    finally:
        file.close()
    return digest.hexdigest()


def documents_snapshot(park, as_of: dt.date) -> list[dict]:
    """The park's current documents in the document library, each with its file's SHA-256."""
    from parkops.evaluation.selectors import current_documents

    out = []
    for doc in current_documents(park, as_of):
        file = getattr(doc, "file", None)
        sha = ""
        name = ""
        if file:
            name = file.name.rsplit("/", 1)[-1]
            try:
                sha = _sha256_of(file)
            except OSError:
                sha = ""
        out.append(
            {
                "id": doc.pk,
                "title": doc.title,
                "version": doc.version,
                "kind": doc.kind,
                "kind_label": doc.kind_title,
                "effective_on": doc.effective_on.isoformat(),
                "approver": doc.approver,
                "file": name,
                "sha256": sha,
            }
        )
    return out


@transaction.atomic
def submit_materials(
    *, project: EvaluationProject, by, as_of: dt.date | None = None, note: str = ""
) -> MaterialsSubmission:
    """Freeze the park's evidence dossier for the panel: later edits of documents or records
    cannot change what the panel reviews."""
    _organiser(project, by)
    project = _locked(project)
    if project.status != Status.MATERIALS:
        raise ValidationError(_("只能在“材料审查”阶段提交评估材料"))
    if MaterialsSubmission.objects.filter(project=project).exists():
        raise ValidationError(_("评估材料已提交并冻结"))
    as_of = as_of or clock.localdate()
    if as_of > clock.localdate():
        raise ValidationError({"as_of": _("材料截止日期不能晚于今天")})
    assessment = assessment_snapshot(project.park, as_of)
    documents = documents_snapshot(project.park, as_of)
    # The park's signed audit chain head goes into the frozen dossier (and its digest): a copy
    # outside the database against which a later rewrite of the chain is detected.
    assessment["audit_checkpoint"] = make_checkpoint([audit.chain_for_park(project.park_id)])
    digest = hashlib.sha256(
        _canonical({"assessment": assessment, "documents": documents}).encode()
    ).hexdigest()
    submission = MaterialsSubmission(
        project=project,
        submitted_by=by,
        submitted_at=clock.now(),
        as_of=as_of,
        assessment=assessment,
        documents=documents,
        digest=digest,
        note=note.strip(),
    )
    submission.full_clean()
    submission.save()
    _audit(
        "create",
        submission,
        by,
        after={"as_of": as_of.isoformat(), "digest": digest, "documents": len(documents)},
    )
    return submission


# --- the panel's work -------------------------------------------------------------------


@transaction.atomic
def record_site_visit(
    *,
    project: EvaluationProject,
    by,
    visited_on: dt.date,
    places: str,
    people_met: str = "",
    notes: str = "",
    photo=None,
) -> SiteVisit:
    expert = _panel_member(project, by)
    if expert.recused:
        raise PermissionDenied(_("已回避的专家不能记录现场核查"))
    project = _locked(project)
    if project.status not in (Status.SITE_VISIT, *SCORING_STAGES):
        raise ValidationError(_("项目不在现场核查阶段"))
    if visited_on and visited_on > clock.localdate():
        raise ValidationError({"visited_on": _("核查日期不能晚于今天")})
    visit = SiteVisit(
        project=project,
        visited_on=visited_on,
        places=places.strip(),
        people_met=people_met.strip(),
        notes=notes.strip(),
        recorded_by=by,
    )
    if photo:
        visit.photo = photo
    visit.full_clean()
    visit.save()
    _audit("create", visit, by)
    return visit


@transaction.atomic
def ask_clarification(
    *, project: EvaluationProject, by, question: str, row: int | None = None
) -> ClarificationRequest:
    expert = _panel_member(project, by)
    if expert.recused:
        raise PermissionDenied(_("已回避的专家不能提出澄清"))
    if project.status in (Status.PREPARING, Status.PUBLISHED):
        raise ValidationError(_("当前阶段不能提出澄清"))
    if not question.strip():
        raise ValidationError({"question": _("请填写澄清问题")})
    indicator = None
    if row:
        indicator = Indicator.objects.filter(edition=project.edition_id, row=row).first()
        if indicator is None:
            raise ValidationError({"row": _("评分表中没有第 %(row)s 行") % {"row": row}})
    request = ClarificationRequest(
        project=project,
        indicator=indicator,
        asked_by=expert,
        question=question.strip(),
        asked_at=clock.now(),
    )
    request.full_clean()
    request.save()
    _audit("create", request, by)
    return request


@transaction.atomic
def answer_clarification(*, request: ClarificationRequest, by, answer: str) -> ClarificationRequest:
    _organiser(request.project, by)
    request = ClarificationRequest.objects.select_for_update().get(pk=request.pk)
    if request.state == ClarificationRequest.State.CLOSED:
        raise ValidationError(_("澄清事项已关闭"))
    if not answer.strip():
        raise ValidationError({"answer": _("请填写答复")})
    before = {"answer": request.answer, "state": request.state}
    request.answer, request.answered_by, request.answered_at = answer.strip(), by, clock.now()
    request.state = ClarificationRequest.State.ANSWERED
    request.save()
    _audit("update", request, by, before=before, after={"answer": request.answer, "state": request.state})
    return request


@transaction.atomic
def close_clarification(*, request: ClarificationRequest, by) -> ClarificationRequest:
    expert = _panel_member(request.project, by)
    if expert.pk != request.asked_by_id and not expert.is_lead:
        raise PermissionDenied(_("只有提问专家或组长可以关闭澄清事项"))
    request = ClarificationRequest.objects.select_for_update().get(pk=request.pk)
    if request.state != ClarificationRequest.State.ANSWERED:
        raise ValidationError(_("运营机构答复后才能关闭"))
    request.state, request.closed_at = ClarificationRequest.State.CLOSED, clock.now()
    request.save()
    _audit("update", request, by, before={"state": "answered"}, after={"state": "closed"})
    return request


@transaction.atomic
def record_veto_findings(
    *,
    project: EvaluationProject,
    by,
    illegal: bool,
    accident: bool,
    basis: str,
    illegal_reason: str = "",
    accident_reason: str = "",
) -> EvaluationProject:
    """The panel's findings on the two veto items (rows 1 and 2): recorded by the lead.

    Each answer is read beside the park's incident register (entries of that row within two
    years): an answer that says otherwise than the register (found with no entry, or not found
    despite an entry) is refused without a written reason for that row."""
    expert = _panel_member(project, by)
    if not expert.is_lead:
        raise PermissionDenied(_("否决项核查结论由专家组组长记录"))
    project = _locked(project)
    if project.status == Status.PUBLISHED:
        raise ValidationError(_("评估结果已发布"))
    errors = {}
    if not basis.strip():
        errors["veto_basis"] = _("请填写核查依据（如信用中国、应急管理部门记录的查询情况）")
    reasons = {1: (illegal_reason or "").strip(), 2: (accident_reason or "").strip()}
    today = clock.localdate()
    lines = veto_register(project, today, answers={1: bool(illegal), 2: bool(accident)})
    for line in lines:
        if line.contradicts and not reasons[line.row]:
            errors[VETO_ROWS[line.row - 1][2]] = _veto_contradiction(line)
        if not line.contradicts:
            reasons[line.row] = ""  # an answer that agrees with the register needs no reason
    if errors:
        raise ValidationError(errors)
    before = {
        "veto_illegal": project.veto_illegal,
        "veto_accident": project.veto_accident,
        "veto_illegal_reason": project.veto_illegal_reason,
        "veto_accident_reason": project.veto_accident_reason,
    }
    project.veto_illegal, project.veto_accident, project.veto_basis = illegal, accident, basis.strip()
    project.veto_illegal_reason, project.veto_accident_reason = reasons[1], reasons[2]
    project.save(
        update_fields=[
            "veto_illegal",
            "veto_accident",
            "veto_basis",
            "veto_illegal_reason",
            "veto_accident_reason",
            "updated_at",
        ]
    )
    _audit(
        "update",
        project,
        by,
        before=before,
        after={
            "veto_illegal": illegal,
            "veto_accident": accident,
            "veto_basis": project.veto_basis,
            "veto_illegal_reason": reasons[1],
            "veto_accident_reason": reasons[2],
            # The register as the panel saw it: the entries of each row on the day of recording.
            "register": {str(line.row): [i.pk for i in line.incidents] for line in lines},
            # Row 1's standing conditions: changes of planned use not restored or approved.
            "register_use": {
                "use_changes": [c.pk for line in lines for c in line.use_changes],
                "spaces": [sp.pk for line in lines for sp in line.spaces],
            },
            "register_date": today.isoformat(),
        },
    )
    return project


def _veto_contradiction(line) -> str:
    standing = len(line.use_changes) + len(line.spaces)
    if line.register_found and standing and not line.incidents:
        return _(
            "第 %(row)s 行：园区有 %(count)s 处改变规划用途尚未恢复或获批准，专家组结论为“未发现”，"
            "请写明不认定的理由"
        ) % {"row": line.row, "count": standing}
    if line.register_found:
        return _(
            "第 %(row)s 行：事件登记中 %(since)s 至 %(as_of)s 有 %(count)s 条该类事件，专家组结论为“未发现”，"
            "请写明不认定的理由"
        ) % {
            "row": line.row,
            "since": f"{line.since:%Y-%m-%d}",
            "as_of": f"{line.as_of:%Y-%m-%d}",
            "count": len(line.incidents),
        }
    return _(
        "第 %(row)s 行：事件登记中 %(since)s 至 %(as_of)s 没有该类事件，专家组结论为“发现（否决）”，"
        "请写明认定的事实和来源"
    ) % {"row": line.row, "since": f"{line.since:%Y-%m-%d}", "as_of": f"{line.as_of:%Y-%m-%d}"}


@transaction.atomic
def publish_result(*, project: EvaluationProject, by) -> EvaluationResult:
    """Compute the result with the panel rules from the submitted sheets of the experts who
    were not recused and the veto findings, store it and publish it."""
    if not by.is_superuser:
        expert = _panel_member(project, by)
        if not expert.is_lead:
            raise PermissionDenied(_("评估结果由专家组组长发布"))
    project = _locked(project)
    if project.status not in SCORING_STAGES:
        raise ValidationError(_("项目不在专家评分或澄清阶段"))
    problems = []
    if not project.veto_recorded:
        problems.append(_("否决项核查结论尚未记录"))
    pending = [e.user.name for e in project.active_experts().filter(sheet_submitted_at__isnull=True)]
    if pending:
        problems.append(_("以下专家尚未提交评分表：%(names)s") % {"names": _("、").join(pending)})
    undeclared = [e.user.name for e in project.experts.filter(declaration__isnull=True)]
    if undeclared:
        problems.append(_("以下专家尚未作出利益冲突声明：%(names)s") % {"names": _("、").join(undeclared)})
    if project.clarifications.exclude(state=ClarificationRequest.State.CLOSED).exists():
        problems.append(_("仍有未关闭的澄清事项"))
    if project.veto_recorded:
        # The register may have changed since the lead recorded the answers.
        for line in veto_register(project, clock.localdate()):
            if line.contradicts and not line.reason:
                problems.append(_veto_contradiction(line))
    if not pending and not undeclared:
        problems.extend(panel_check(project).problems())
    if problems:
        raise ValidationError(problems)
    try:
        panel = compute_panel(project)
    except PanelError as exc:
        raise ValidationError(list(exc.problems)) from None
    if panel.result is None:
        raise ValidationError(_("没有可计分的专家评分表"))
    data = panel.result.as_json()
    now = clock.now()
    result = EvaluationResult(
        project=project,
        aggregation=project.aggregation,
        disqualified=panel.result.disqualified,
        vetoed_rows=list(panel.result.vetoed_rows),
        total=panel.result.total,
        unrounded_total=None if panel.result.total is None else unrounded_decimal(panel.unrounded),
        star=panel.result.star,
        level1=data["level1"],
        level2=data["level2"],
        indicators=data["indicators"],
        experts_counted=[e.user.name for e in panel.counted],
        experts_recused=[e.user.name for e in panel.recused],
        published_at=now,
        published_by=by,
    )
    result.full_clean()
    result.save()
    _audit(
        "create",
        result,
        by,
        after={
            "total": data["total"],
            "unrounded_total": None if result.unrounded_total is None else str(result.unrounded_total),
            "star": result.star,
            "disqualified": result.disqualified,
            "experts_counted": result.experts_counted,
        },
    )
    previous = project.status
    project.status, project.published_at = Status.PUBLISHED, now
    project.save(update_fields=["status", "published_at", "updated_at"])
    _audit("update", project, by, before={"status": previous}, after={"status": Status.PUBLISHED})
    return result


def assessor_users():
    from parkops.accounts.models import User

    return User.objects.filter(role=Role.ASSESSOR, is_active=True)
