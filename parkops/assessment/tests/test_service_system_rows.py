"""Rows 14 and 17 as the standard words them (issue 9): the service system is "improved" by
real revisions — a new version of the service-system document, services added or changed in
content — not by re-saving a record; row 17 needs a new service area or growth point."""

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from parkops.assessment import evidence
from parkops.assessment.models import InnovationItem, ServiceOffering, ServiceRevision, Supplier
from parkops.assessment.registry import Status
from parkops.assessment.services import save_offering, upload_document
from parkops.core import clock
from parkops.core.services import create_object, update_object


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def days_ago(n: int) -> dt.datetime:
    return clock.now() - dt.timedelta(days=n)


def catalogue(world, clock_at):
    clock_at(days_ago(400))
    supplier = create_object(
        model=Supplier, data={"park": world.alpha, "name": "某律师事务所", "category": "法律"}, by=world.admin
    )
    offering = save_offering(
        by=world.admin,
        data={
            "park": world.alpha,
            "category": "法律",
            "name": "法律咨询",
            "description": "每月一次",
            "supplier": supplier,
        },
    )
    clock_at(None)
    return supplier, ServiceOffering.objects.get(pk=offering.pk)


def test_row_14_resaving_an_unchanged_supplier_or_service_does_not_count(world, clock_at):
    supplier, offering = catalogue(world, clock_at)
    today = clock.localdate()
    assert evidence.service_improvement(world.alpha, today).status == Status.UNMET
    # Re-saved today, nothing changed: the old check took updated_at as an improvement.
    update_object(obj=Supplier.objects.get(pk=supplier.pk), data={"name": supplier.name}, by=world.admin)
    save_offering(by=world.admin, data={"description": "每月一次"}, offering=offering)
    assert ServiceRevision.objects.filter(park=world.alpha).count() == 1  # only when it was added
    stale = evidence.service_improvement(world.alpha, today)
    assert stale.status == Status.UNMET and stale.fraction == 0
    assert stale.action is not None and stale.action.model == "assessment.ServiceOffering"

    save_offering(
        by=world.admin,
        data={"description": "每月两次，新增知识产权咨询"},
        offering=ServiceOffering.objects.get(pk=offering.pk),
        note="企业需求调研",
    )
    revision = ServiceRevision.objects.filter(park=world.alpha).first()
    assert (revision.change, revision.revised_on, revision.note) == ("changed", today, "企业需求调研")
    assert revision.before == {"description": "每月一次"}
    assert revision.after == {"description": "每月两次，新增知识产权咨询"}
    improved = evidence.service_improvement(world.alpha, today)
    assert improved.status == Status.MET
    assert "服务内容变更" in improved.evidence[0].label


def test_row_14_a_new_version_of_the_service_system_document_counts(world):
    today = clock.localdate()

    def version(name, days):
        return upload_document(
            park=world.alpha, kind="service_system", by=world.admin, title="产业运营服务体系", version=name,
            effective_on=today - dt.timedelta(days=days), approver="总经理",
            file=ContentFile(b"%PDF-1.4 test", name="f.pdf"),
        )  # fmt: skip

    version("V1", 200)
    # The first version establishes the system (the row's other source); it revises nothing.
    assert evidence.service_improvement(world.alpha, today).status == Status.UNMET
    version("V2", 30)
    improved = evidence.service_improvement(world.alpha, today)
    assert improved.status == Status.MET and "V2" in improved.evidence[0].label


def test_catalogue_page_records_the_revision_with_its_reason(world, client):
    offering = save_offering(
        by=world.admin,
        data={"park": world.alpha, "category": "金融", "name": "融资对接", "description": "季度路演"},
    )
    client.force_login(world.admin)
    url = reverse("assessment:serviceoffering_edit", args=[offering.pk])
    form = {
        "park": world.alpha.pk,
        "category": "金融",
        "name": "融资对接",
        "description": "季度路演",
        "active": "on",
    }
    assert client.post(url, {**form, "revision_note": "无变化"}).status_code == 302
    assert ServiceRevision.objects.filter(offering=offering).count() == 1
    client.post(url, {**form, "active": "", "revision_note": "合作银行退出"})
    withdrawn = ServiceRevision.objects.filter(offering=offering).first()
    assert (withdrawn.change, withdrawn.note) == ("withdrawn", "合作银行退出")
    page = client.get(offering.get_absolute_url()).content.decode()
    assert "停止提供" in page


def test_row_17_needs_a_new_service_area(world):
    today = clock.localdate()
    create_object(
        model=InnovationItem,
        data={"park": world.alpha, "kind": "technology", "title": "访客无感通行", "started_on": today - dt.timedelta(days=20),
              "description": "人脸识别通行"},
        by=world.admin,
    )  # fmt: skip
    only_other = evidence.innovation(world.alpha, today)
    assert only_other.status == Status.UNMET and only_other.fraction == 0
    assert "访客无感通行" in only_other.evidence[0].label and "新的服务领域" in only_other.missing[0]
    create_object(
        model=InnovationItem,
        data={"park": world.alpha, "kind": "new_area", "title": "共享中试车间", "started_on": today - dt.timedelta(days=60),
              "description": "开放检测设备，按次收费"},
        by=world.admin,
    )  # fmt: skip
    met = evidence.innovation(world.alpha, today)
    assert met.status == Status.MET
    assert "共享中试车间" in met.evidence[0].label and "访客无感通行" in met.evidence[1].label
