"""Who sees what of an evaluation: experts their own projects, others' scores only after
submitting (selectors, page and API), the operator individual scores only after publication,
tenants and other parks nothing; and the frozen dossier."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from parkops.assessment.models import Document
from parkops.assessment.registry import document_kinds
from parkops.core.services import create_object, update_object
from parkops.evaluation import selectors, services
from parkops.evaluation.models import EvaluationProject, ExpertScore, MaterialsSubmission
from parkops.evaluation.tests.helpers import (
    declare_clear,
    full_sheet,
    make_assessor,
    make_project,
    panel,
    score_and_submit,
    to_scoring,
)


@pytest.fixture
def scoring(world):
    project = make_project(world)
    lead, other = panel(world, project, 2)
    declare_clear([lead, other])
    project = to_scoring(world, project)
    score_and_submit(lead, project, {3: "1.5"})
    services.save_scores(expert=other, by=other.user, scores=full_sheet(project, {3: "0.5"}))
    return project, lead, other


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_expert_sees_others_scores_only_after_submitting(world, scoring):
    project, lead, other = scoring
    mine = selectors.visible_scores(project, other.user)
    assert set(mine.values_list("expert", flat=True)) == {other.pk}
    page = _client(other.user).get(f"/evaluation/projects/{project.pk}/?tab=scoring")
    assert page.status_code == 200
    assert "panel-scores" not in page.content.decode()
    api = _client(other.user).get("/api/evaluation-scores/", {"project": project.pk, "row": 3})
    assert {r["expert"]["id"] for r in api.json()["results"]} == {other.pk}
    assert _client(other.user).get(f"/evaluation/projects/{project.pk}/report.pdf").status_code == 404

    services.submit_sheet(expert=other, by=other.user)
    api = _client(other.user).get("/api/evaluation-scores/", {"project": project.pk, "row": 3})
    assert sorted(r["score"] for r in api.json()["results"]) == ["0.50", "1.50"]
    page = _client(other.user).get(f"/evaluation/projects/{project.pk}/?tab=scoring").content.decode()
    assert "panel-scores" in page and lead.user.name in page
    report = _client(other.user).get(f"/evaluation/projects/{project.pk}/report.pdf")
    assert report.status_code == 200 and report.content.startswith(b"%PDF")
    assert "draft" in report["Content-Disposition"]


def test_submitted_expert_does_not_see_a_colleagues_draft(world, scoring):
    project, lead, other = scoring
    visible = selectors.visible_scores(project, lead.user)
    assert set(visible.values_list("expert", flat=True)) == {lead.pk}


def test_operator_sees_scores_only_after_publication(world, scoring):
    project, lead, other = scoring
    assert not selectors.visible_scores(project, world.admin).exists()
    assert _client(world.admin).get("/api/evaluation-scores/").json()["count"] == 0
    assert _client(world.admin).get(f"/evaluation/projects/{project.pk}/report.docx").status_code == 404
    services.submit_sheet(expert=other, by=other.user)
    project = update_object(obj=project, data={"min_experts": 2}, by=world.admin)  # the organiser's choice
    services.record_veto_findings(project=project, by=lead.user, illegal=False, accident=False, basis="无")
    services.publish_result(project=project, by=lead.user)
    assert (
        selectors.visible_scores(project, world.admin).count()
        == 2 * ExpertScore.objects.filter(expert=lead).count()
    )
    report = _client(world.admin).get(f"/evaluation/projects/{project.pk}/report.docx")
    assert report.status_code == 200 and report.content[:2] == b"PK"
    ledger = _client(world.admin).get(f"/evaluation/projects/{project.pk}/ledger.xlsx")
    assert ledger.status_code == 200 and ledger.content[:2] == b"PK"


def test_tenants_other_parks_and_other_assessors_see_nothing(world, scoring):
    project, lead, other = scoring
    outsider = make_assessor(world, "outsider")
    outsider.parks.add(world.alpha)  # assigned to the park, but not on this panel
    for user in (world.tenant_a, world.admin_beta, world.tenant_c, outsider):
        assert not EvaluationProject.objects.restrict(user).exists()
        assert not ExpertScore.objects.restrict(user).exists()
        assert not MaterialsSubmission.objects.restrict(user).exists()
        assert _client(user).get(f"/evaluation/projects/{project.pk}/").status_code == 404
        assert _client(user).get("/api/evaluation-projects/").json()["count"] == 0
    assert EvaluationProject.objects.restrict(lead.user).count() == 1


def test_page_shows_field_errors_and_writes_nothing(world, scoring):
    project, lead, other = scoring
    client = _client(other.user)
    data = {f"score_{row}": v for row, (v, _) in full_sheet(project, {7: "9"}).items()}
    data["action"] = "submit"
    response = client.post(f"/evaluation/projects/{project.pk}/sheet/", data, follow=True)
    assert "第 7 行评分应在 0 到 3 之间" in response.content.decode()
    other.refresh_from_db()
    assert other.sheet_submitted_at is None


def test_dossier_is_frozen_at_submission(world, settings, tmp_path, real_assessment, monkeypatch):
    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(services, "assessment_snapshot", real_assessment)
    kind = sorted(code for code, k in document_kinds().items() if k.max_age_days is None)[0]
    document = create_object(
        model=Document,
        data={
            "park": world.alpha,
            "kind": kind,
            "title": "空间管理制度",
            "version": "V1.0",
            "effective_on": timezone.localdate() - dt.timedelta(days=10),
            "approver": "园区总经理",
            "file": SimpleUploadedFile("rules.pdf", b"%PDF-1.4 version one"),
        },
        by=world.admin,
    )
    project = make_project(world)
    panel(world, project, 1)
    services.advance_project(project=project, to="materials", by=world.admin)
    dossier = services.submit_materials(project=project, by=world.admin)
    frozen = (dossier.assessment, dossier.documents, dossier.digest)
    [entry] = [d for d in dossier.documents if d["id"] == document.pk]
    assert entry["title"] == "空间管理制度"
    assert len(entry["sha256"]) == 64
    assert "indicators" in dossier.assessment and dossier.assessment["park"] == "ALPHA"

    update_object(
        obj=document,
        data={
            "title": "空间管理制度（修订）",
            "file": SimpleUploadedFile("rules2.pdf", b"%PDF-1.4 version two"),
        },
        by=world.admin,
    )
    dossier = MaterialsSubmission.objects.get(pk=dossier.pk)
    assert (dossier.assessment, dossier.documents, dossier.digest) == frozen
    with pytest.raises(ValidationError):
        dossier.save()
    with pytest.raises(ValidationError):
        services.submit_materials(project=project, by=world.admin)
    page = _client(world.admin).get(f"/evaluation/projects/{project.pk}/?tab=dossier").content.decode()
    assert "空间管理制度" in page and "空间管理制度（修订）" not in page
    pdf = _client(world.admin).get(f"/evaluation/projects/{project.pk}/dossier.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF") and b"/FontFile2" in pdf.content
