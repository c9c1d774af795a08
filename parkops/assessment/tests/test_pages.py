"""Pages and API of the self-assessment: who sees the scorecard, documents and incidents."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from parkops.assessment.models import AssessmentRun, Document, Incident
from parkops.assessment.selectors import current_document
from parkops.assessment.services import upload_document
from parkops.core.services import create_object


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def upload(world, version: str, effective_on: dt.date, by=None, **extra):
    return upload_document(
        park=world.alpha, kind="org_structure", by=by or world.admin, title="组织架构及岗位职责说明书",
        version=version, effective_on=effective_on, approver="总经理",
        file=ContentFile(b"%PDF-1.4 " + version.encode(), name="org.pdf"), **extra,
    )  # fmt: skip


def test_new_version_supersedes_the_old_which_stays_readable(world):
    v1 = upload(world, "V1", dt.date(2025, 1, 1))
    v2 = upload(world, "V2", dt.date(2026, 1, 1))
    v1.refresh_from_db()
    assert (v1.superseded_by, v1.superseded_on) == (v2, dt.date(2026, 1, 1))
    assert current_document(world.alpha, "org_structure", dt.date(2025, 12, 31)) == v1
    assert current_document(world.alpha, "org_structure", dt.date(2026, 1, 1)) == v2
    assert current_document(world.alpha, "org_structure", dt.date(2024, 12, 31)) is None
    assert set(Document.objects.restrict(world.assessor)) == {v1, v2}
    with pytest.raises(ValidationError) as backdated:
        upload(world, "V0", dt.date(2025, 6, 1))
    assert "effective_on" in backdated.value.message_dict
    assert Document.objects.count() == 2


def test_expired_document_is_not_current(world):
    upload(world, "V1", dt.date(2025, 1, 1), expires_on=dt.date(2025, 12, 31))
    assert current_document(world.alpha, "org_structure", dt.date(2025, 12, 31)) is not None
    assert current_document(world.alpha, "org_structure", dt.date(2026, 1, 1)) is None


def test_unknown_kind_and_write_rights(world):
    with pytest.raises(ValidationError) as unknown:
        upload_document(
            park=world.alpha,
            kind="nonsense",
            by=world.admin,
            title="x",
            version="1",
            effective_on=dt.date(2026, 1, 1),
            approver="x",
            file=ContentFile(b"%PDF-1.4 x", name="x.pdf"),
        )
    assert "kind" in unknown.value.message_dict
    upload(world, "V1", dt.date(2026, 1, 1), by=world.staff_admin)  # 综合管理部 may upload
    for user in (world.staff_invest, world.assessor, world.tenant_a, world.admin_beta):
        with pytest.raises(PermissionDenied):
            upload(world, "V2", dt.date(2026, 2, 1), by=user)
    assert Document.objects.count() == 1


def test_departments_upload_the_kinds_registered_with_them(world, client):
    feasibility = dict(kind="feasibility_plan", title="可行性规划", version="V1", approver="总经理")
    doc = upload_document(
        park=world.alpha, by=world.staff_invest, effective_on=dt.date(2026, 1, 1),
        file=ContentFile(b"%PDF-1.4 x", name="f.pdf"), **feasibility,
    )  # fmt: skip
    with pytest.raises(PermissionDenied):  # 可行性规划 is 招商's and 综合管理's, not 安全's
        upload_document(
            park=world.alpha, by=world.staff_safety, effective_on=dt.date(2026, 2, 1),
            file=ContentFile(b"%PDF-1.4 x", name="f.pdf"), **feasibility,
        )  # fmt: skip
    client.force_login(world.staff_safety)
    assert 'value="feasibility_plan"' not in client.get("/assessment/documents/add/").content.decode()
    assert "上传新版本" not in client.get(doc.get_absolute_url()).content.decode()
    client.force_login(world.assessor)
    assert client.get("/assessment/documents/add/").status_code == 403
    client.force_login(world.staff_invest)
    form = client.get("/assessment/documents/add/").content.decode()
    assert 'value="feasibility_plan"' in form and 'value="org_structure"' not in form
    assert "上传新版本" in client.get(doc.get_absolute_url()).content.decode()


def test_tenants_read_no_documents_or_incidents(world, client):
    doc = upload(world, "V1", dt.date(2026, 1, 1))
    incident = create_object(
        model=Incident,
        data={"park": world.alpha, "occurred_on": dt.date(2026, 1, 5), "category": "note", "description": "小事",
              "source": "巡逻"},
        by=world.admin,
    )  # fmt: skip
    assert not Document.objects.restrict(world.tenant_a).exists()
    assert not Incident.objects.restrict(world.tenant_a).exists()
    client.force_login(world.tenant_a)
    assert client.get(f"/assessment/documents/{doc.pk}/").status_code == 404
    assert client.get(f"/assessment/documents/{doc.pk}/file/").status_code == 404
    assert client.get(f"/assessment/incidents/{incident.pk}/").status_code == 404
    assert client.get("/assessment/documents/").status_code == 403
    assert client.get("/api/documents/").json()["results"] == []
    assert client.get("/api/incidents/").json()["results"] == []


def test_scorecard_for_admin_assessor_and_not_tenant(world, client):
    client.force_login(world.admin)
    page = client.get("/assessment/", {"park": world.alpha.pk, "as_of": "2026-06-30"})
    html = page.content.decode()
    assert page.status_code == 200
    assert html.count('id="row-') == 63 and "原表此行为空，无指标、无分值" in html
    assert 'action="/assessment/record/"' in html and "升星差距计划" in html
    client.force_login(world.assessor)
    seen = client.get("/assessment/").content.decode()
    assert "阿尔法园" in seen and 'action="/assessment/record/"' not in seen
    assert client.get("/assessment/", {"park": world.beta.pk}).status_code == 404
    client.post("/assessment/record/", {"park": world.alpha.pk, "as_of": "2026-06-30"})
    assert not AssessmentRun.objects.exists()
    client.force_login(world.tenant_a)
    assert client.get("/assessment/").status_code == 403
    assert client.get("/assessment/report.docx").status_code == 403


def test_record_button_saves_a_run_and_history_shows_it(world, client):
    client.force_login(world.admin)
    response = client.post("/assessment/record/", {"park": world.alpha.pk, "as_of": "2026-06-30"})
    assert response.status_code == 302
    run = AssessmentRun.objects.get()
    assert run.as_of == dt.date(2026, 6, 30) and run.recorded_by == world.admin
    page = client.get(response["Location"]).content.decode()
    assert 'id="score-history"' in page and "2026-06-30" in page


def test_yearly_report_is_a_word_document_with_chinese_fonts(world, client):
    client.force_login(world.admin)
    response = client.get("/assessment/report.docx", {"park": world.alpha.pk, "as_of": "2026-06-30"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml"
    )
    with zipfile.ZipFile(io.BytesIO(response.content)) as docx:
        body = docx.read("word/document.xml").decode()
        styles = docx.read("word/styles.xml").decode()
    assert "阿尔法园2026年度运营评估报告（草稿）" in body and "下一星级" in body
    assert 'w:eastAsia="宋体"' in styles


def test_upload_page_creates_a_version(world, client):
    client.force_login(world.admin)
    form = {
        "park": world.alpha.pk, "kind": "org_structure", "title": "组织架构", "version": "V1",
        "effective_on": "2026-01-01", "approver": "总经理", "notes": "",
        "file": SimpleUploadedFile("org.pdf", b"%PDF-1.4 x", content_type="application/pdf"),
    }  # fmt: skip
    response = client.post("/assessment/documents/add/", form)
    doc = Document.objects.get()
    assert response.status_code == 302 and response["Location"] == doc.get_absolute_url()
    detail = client.get(doc.get_absolute_url()).content.decode()
    assert "现行有效" in detail and "全部版本" in detail
    assert client.get(f"/assessment/documents/{doc.pk}/file/").status_code == 200
    bad = dict(form, file=SimpleUploadedFile("x.exe", b"MZ"), version="V2")
    page = client.post("/assessment/documents/add/", bad).content.decode()
    assert "只能上传以下格式的文件" in page and Document.objects.count() == 1


def test_api_lists_documents_and_runs_within_scope(world, client):
    from parkops.assessment.services import record_assessment

    doc = upload(world, "V1", dt.date(2026, 1, 1))
    record_assessment(park=world.alpha, as_of=dt.date(2026, 6, 30), by=world.admin)
    client.force_login(world.assessor)
    docs = client.get("/api/documents/").json()["results"]
    assert [(d["id"], d["kind_title"]) for d in docs] == [(doc.pk, "组织架构及岗位职责文件")]
    assert client.post("/api/documents/", {}).status_code == 403  # assessors read only
    runs = client.get("/api/assessment-runs/").json()["results"]
    assert runs[0]["result"]["park"] == "ALPHA" and runs[0]["gap_plan"]["target"] == "70.00"
    client.force_login(world.admin)
    assert client.post("/api/documents/", {}).status_code == 405  # uploads go through the library page
    client.force_login(world.admin_beta)
    assert client.get("/api/documents/").json()["results"] == []
    assert client.get("/api/assessment-runs/").json()["results"] == []


def test_judgement_must_name_a_scored_row(world):
    from parkops.assessment.models import Judgement

    base = {
        "park": world.alpha,
        "fraction": 1,
        "judged_on": dt.date(2026, 1, 1),
        "note": "x",
        "judged_by": "王",
    }
    for row in (1, 16, 99):
        with pytest.raises(ValidationError) as error:
            create_object(model=Judgement, data={**base, "row": row}, by=world.admin)
        assert "row" in error.value.message_dict
    assert create_object(model=Judgement, data={**base, "row": 53}, by=world.admin).pk
