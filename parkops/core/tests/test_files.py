"""Uploads load for those who may see them, and only for them; what a browser could run as a
page is never accepted; everything not a safe image downloads as an attachment with nosniff."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from urllib.parse import quote

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.test import Client
from openpyxl import Workbook
from PIL import Image

from parkops.assessment.services import upload_document
from parkops.core import files
from parkops.core import models as core
from parkops.core.models import RestrictedModel
from parkops.core.services import create_object
from parkops.engineering import services as engineering
from parkops.spaces.models import FloorPlan

HTML = b"<!DOCTYPE html><html><body><script>fetch('/api/')</script></body></html>"
SVG = b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>'
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.PARKOPS_FILE_SENDER = "django"


def image_bytes(fmt: str = "PNG", size=(40, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, "white").save(out, fmt)
    return out.getvalue()


def office_package(main_type: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr(
            "[Content_Types].xml",
            f'<Types><Override PartName="/word/document.xml" ContentType="{main_type}"/></Types>',
        )
        z.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


def xlsx_bytes() -> bytes:
    out = io.BytesIO()
    wb = Workbook()
    wb.active.append(["房号", "面积"])
    wb.save(out)
    return out.getvalue()


def client_for(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def body_of(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def floor_plan(world) -> FloorPlan:
    floor = core.Floor.objects.filter(building__park=world.alpha).first()
    return create_object(
        model=FloorPlan,
        data={"floor": floor, "image": SimpleUploadedFile("plan.png", image_bytes())},
        by=world.admin,
    )


def decoration(world, drawings: SimpleUploadedFile):
    today = dt.date(2026, 3, 2)
    return engineering.submit_decoration(
        by=world.tenant_a,
        data={
            "unit": core.Unit.objects.get(code="A-101"),
            "scope": "办公区隔断及吊顶改造",
            "drawings": drawings,
            "planned_start": today,
            "planned_end": today + dt.timedelta(days=30),
            "contractor": "深圳市安建装饰工程有限公司",
        },
    )


# --- What may be uploaded ---------------------------------------------------------------------


def content_free_id(value):
    """Test ids without the files' bytes: a zip holds the time it was written, and xdist's
    workers, collecting a second apart, would otherwise name the same test differently."""
    return "bytes" if isinstance(value, bytes) else None


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("plan.png", image_bytes("PNG"), "image"),
        ("photo.jpg", image_bytes("JPEG"), "image"),
        ("photo.jpeg", image_bytes("JPEG"), "image"),
        ("anim.gif", image_bytes("GIF"), "image"),
        ("photo.webp", image_bytes("WEBP"), "image"),
        ("rules.pdf", PDF, "document"),
        ("photo.png", image_bytes("PNG"), "document"),
        ("report.xlsx", xlsx_bytes(), "document"),
        ("report.xlsx", xlsx_bytes(), "spreadsheet"),
        (
            "plan.docx",
            office_package(
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
            ),
            "document",
        ),
        ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504, "document"),
        ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504, "document"),
        ("drawing.dwg", b"AC1032" + b"\0" * 100, "document"),
        (
            "photos.zip",
            office_package("text/plain").replace(b"[Content_Types]", b"readme_types___"),
            "document",
        ),
    ],
    ids=content_free_id,
)
def test_accepted_by_content(name, content, kind):
    files.check_upload(SimpleUploadedFile(name, content), kind)


@pytest.mark.parametrize(
    ("name", "content", "kind", "says"),
    [
        ("page.html", HTML, "document", "网页、SVG 或 XML"),
        ("page.png", HTML, "image", "网页、SVG 或 XML"),  # renamed, still a page
        ("logo.svg", SVG, "image", "网页、SVG 或 XML"),
        ("logo.png", SVG, "image", "网页、SVG 或 XML"),
        ("logo.svg", b"\xef\xbb\xbf  " + SVG, "document", "网页、SVG 或 XML"),
        ("run.exe", b"MZ\x90\x00" + b"\0" * 60, "document", "不是可识别的文件类型"),
        ("rules.pdf", b"x", "document", "不是可识别的文件类型"),
        ("rules.pdf", PDF, "image", "此处只能上传"),
        ("report.docx", xlsx_bytes(), "document", "扩展名与内容不符"),
        ("photo.pdf", image_bytes(), "document", "扩展名与内容不符"),
        ("photo.gif", image_bytes("PNG"), "image", "扩展名与内容不符"),
        ("report.xlsx", office_package("text/plain"), "document", "不是可识别的文件类型"),
        (
            "macro.docx",
            office_package("application/vnd.ms-word.document.macroEnabled.main+xml"),
            "document",
            "不是可识别的文件类型",
        ),
        ("units.pdf", PDF, "spreadsheet", "此处只能上传"),
    ],
    ids=content_free_id,
)
def test_refused_by_content_with_the_file_named(name, content, kind, says):
    with pytest.raises(ValidationError) as refused:
        files.check_upload(SimpleUploadedFile(name, content), kind)
    message = refused.value.messages[0]
    assert name in message and says in message


def test_photos_and_documents_have_size_limits(settings):
    settings.PARKOPS_PHOTO_MAX_MB, settings.PARKOPS_UPLOAD_MAX_MB = 1, 2
    big_photo = image_bytes() + b"\0" * (1024 * 1024)
    with pytest.raises(ValidationError) as refused:
        files.check_upload(SimpleUploadedFile("big.png", big_photo), "image")
    assert "1 MB" in refused.value.messages[0]
    files.check_upload(SimpleUploadedFile("big.png", big_photo), "document")  # under 2 MB
    with pytest.raises(ValidationError):
        files.check_upload(SimpleUploadedFile("big.pdf", PDF + b"\0" * (2 * 1024 * 1024)), "document")


def file_fields():
    for model in apps.get_models():
        if issubclass(model, RestrictedModel):
            for field in model._meta.concrete_fields:
                if isinstance(field, models.FileField):
                    yield model, field


def test_every_file_field_of_every_model_refuses_pages():
    """The check lives in RestrictedModel, so no model (present or future) can skip it."""
    fields = list(file_fields())
    assert len(fields) >= 15
    for model, field in fields:
        others = [f.name for f in model._meta.fields if f.name != field.name]
        obj = model()
        setattr(obj, field.name, ContentFile(SVG, name="evil.png"))
        with pytest.raises(ValidationError) as refused:
            obj.clean_fields(exclude=others)
        assert field.name in refused.value.message_dict, model._meta.label
        assert "网页、SVG 或 XML" in refused.value.message_dict[field.name][0]


def test_an_html_upload_is_refused_with_a_form_error_and_nothing_written(world):
    client = client_for(world.admin)
    form = {
        "park": world.alpha.pk,
        "category": "plan",
        "topic": "fire",
        "title": "消防应急预案",
        "owner": "安全部",
        "version": "1.0",
        "effective_on": "2026-01-01",
    }
    for name, content in (("plan.html", HTML), ("plan.svg", SVG), ("plan.png", SVG)):
        response = client.post("/safety/plans/add/", {**form, "document": SimpleUploadedFile(name, content)})
        assert response.status_code == 200
        page = response.content.decode()
        assert "is-invalid" in page and "网页、SVG 或 XML" in page and name in page
    assert not apps.get_model("safety.SafetyPlan").objects.exists()
    ok = client.post("/safety/plans/add/", {**form, "document": SimpleUploadedFile("plan.pdf", PDF)})
    assert ok.status_code == 302


def test_a_floor_plan_renamed_svg_is_refused_on_its_form(world):
    floor = core.Floor.objects.filter(building__park=world.alpha).first()
    response = client_for(world.admin).post(
        "/spaces/plans/add/", {"floor": floor.pk, "image": SimpleUploadedFile("plan.png", SVG)}
    )
    assert response.status_code == 200 and "is-invalid" in response.content.decode()
    assert not FloorPlan.objects.exists()


# --- How files are served ---------------------------------------------------------------------


def test_floor_plan_image_loads_for_those_who_may_see_it(world, settings):
    assert settings.DEBUG is False  # make run's setting
    plan = floor_plan(world)
    page = client_for(world.tenant_b).get(plan.get_absolute_url()).content.decode()
    url = files.file_url(plan, "image")
    assert url == f"/files/spaces.floorplan/{plan.pk}/image/" and f'src="{url}"' in page
    assert "/media/" not in page
    for user in (world.admin, world.tenant_a, world.tenant_b, world.assessor):
        response = client_for(user).get(url)
        assert response.status_code == 200, user
        assert response["Content-Type"] == "image/png"
        assert response["Content-Disposition"].startswith("inline")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert body_of(response) == plan.image.open("rb").read()
    for outsider in (world.tenant_c, world.admin_beta):  # another park's tenant and operator
        assert client_for(outsider).get(url).status_code in (403, 404)
    anonymous = client_for().get(url)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/login/")


def test_attachment_loads_for_its_enterprise_only(world):
    application = decoration(world, SimpleUploadedFile("图纸.pdf", PDF))
    url = files.file_url(application, "drawings")
    for user in (world.tenant_a, world.admin):
        response = client_for(user).get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("attachment")
        assert "filename*=utf-8''%E5%9B%BE%E7%BA%B8" in response["Content-Disposition"]
        assert response["X-Content-Type-Options"] == "nosniff"
        assert body_of(response) == PDF
    for outsider in (world.tenant_b, world.tenant_c, world.admin_beta):
        assert client_for(outsider).get(url).status_code in (403, 404)
    assert client_for().get(url).status_code == 302
    # the detail page links the served address, not the storage one
    page = client_for(world.tenant_a).get(application.get_absolute_url()).content.decode()
    assert url in page and "/media/" not in page


def test_an_image_as_document_shows_inline_and_an_old_page_upload_downloads(world):
    """A stored file is typed by its content when served, whatever its name says."""
    application = decoration(world, SimpleUploadedFile("现场.png", image_bytes()))
    response = client_for(world.tenant_a).get(files.file_url(application, "drawings"))
    assert response["Content-Type"] == "image/png" and response["Content-Disposition"].startswith("inline")
    # A page stored before uploads were checked goes out as an inert download.
    stored = application.drawings.name
    application.drawings.storage.delete(stored)
    application.drawings.storage.save(stored, ContentFile(HTML))
    response = client_for(world.tenant_a).get(files.file_url(application, "drawings"))
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]


def test_a_file_missing_on_disk_gives_a_clear_404(world):
    plan = floor_plan(world)
    plan.image.storage.delete(plan.image.name)
    response = client_for(world.admin).get(files.file_url(plan, "image"))
    assert response.status_code == 404
    page = response.content.decode()
    assert "文件不存在" in page and plan.image.name.rsplit("/", 1)[-1] in page
    assert plan.get_absolute_url() in page


def test_unknown_models_and_fields_are_404(world):
    plan = floor_plan(world)
    client = client_for(world.admin)
    for url in (
        f"/files/spaces.floorplan/{plan.pk}/note/",  # not a file field
        f"/files/spaces.floorplan/{plan.pk}/nothing/",
        f"/files/accounts.user/{world.admin.pk}/password/",  # not a restricted model
        f"/files/nosuch.model/{plan.pk}/image/",
        f"/files/floorplan/{plan.pk}/image/",
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(files.file_url(plan, "image")).status_code == 405


def test_media_is_not_served_by_the_platform(world):
    plan = floor_plan(world)
    stored = plan.image.open("rb").read()
    for user in (world.admin, world.platform, None):
        response = client_for(user).get("/media/" + plan.image.name)
        assert response.status_code == 404
        assert body_of(response) != stored


def test_outsiders_get_no_file_of_any_model(world):
    """Every file field of every model, on an object its viewer may not see, answers 404,
    while the object's own people get the file."""
    floor_plan(world)
    decoration(world, SimpleUploadedFile("图纸.pdf", PDF))
    tried = 0
    for model, field in file_fields():
        for obj in model.objects.order_by("pk")[:5]:
            if not getattr(obj, field.name):
                stored = field.storage.save(f"test/{field.name}.pdf", ContentFile(PDF))
                model.objects.filter(pk=obj.pk).update(**{field.name: stored})
            url = f"/files/{model._meta.label_lower}/{obj.pk}/{field.name}/"
            for user in (world.tenant_a, world.tenant_c, world.admin_beta, world.admin):
                visible = model.objects.restrict(user, "view").filter(pk=obj.pk).exists()
                status = client_for(user).get(url).status_code
                assert status == (200 if visible else 404), f"{user} {url} -> {status}"
                tried += 1
    assert tried >= 8, "too few file fields were exercised"


@pytest.mark.parametrize("sender", ["nginx", "apache"])
def test_production_hands_the_bytes_to_the_web_server(world, settings, sender):
    settings.PARKOPS_FILE_SENDER = sender
    settings.PARKOPS_FILE_SENDER_LOCATION = "/protected-media/"
    application = decoration(world, SimpleUploadedFile("图纸.pdf", PDF))
    response = client_for(world.tenant_a).get(files.file_url(application, "drawings"))
    assert response.status_code == 200 and response.content == b""
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    if sender == "nginx":
        assert response["X-Accel-Redirect"] == "/protected-media/" + quote(application.drawings.name)
        assert response["X-Accel-Redirect"].startswith("/protected-media/engineering/decoration/")
        assert "X-Sendfile" not in response
    else:
        assert response["X-Sendfile"] == quote(application.drawings.path)
        assert "X-Accel-Redirect" not in response
    assert client_for(world.tenant_b).get(files.file_url(application, "drawings")).status_code == 404


def test_assessment_documents_are_served_the_same_way(world):
    doc = upload_document(
        park=world.alpha,
        kind="org_structure",
        by=world.admin,
        title="安全管理制度",
        version="V1",
        effective_on=dt.date(2026, 1, 1),
        approver="总经理",
        file=ContentFile(PDF, name="rules.pdf"),
    )
    response = client_for(world.admin).get(f"/assessment/documents/{doc.pk}/file/")
    assert response.status_code == 200 and response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment")
    doc.file.storage.delete(doc.file.name)
    missing = client_for(world.admin).get(f"/assessment/documents/{doc.pk}/file/")
    assert missing.status_code == 404 and "文件不存在" in missing.content.decode()


def first_record(page, prefix: str) -> str:
    """The first link on a list page to one record under ``prefix`` (``prefix<id>/``)."""
    hrefs = page.locator(f"main a[href^='{prefix}']").evaluate_all(
        "as => as.map(a => a.getAttribute('href'))"
    )
    return next(h for h in hrefs if h[len(prefix) :].rstrip("/").isdigit())


@pytest.mark.browser
def test_floor_plan_and_drawings_load_on_a_phone_with_debug_off(demo_server, phone_page, browser):
    from parkops.testing.browser import login, screenshot

    page = phone_page
    login(page, demo_server, "tenant")
    page.goto(demo_server + "/spaces/plans/")
    page.goto(demo_server + first_record(page, "/spaces/plans/"))
    image = page.locator("img[src^='/files/spaces.floorplan/']")
    image.wait_for()
    # the image really loaded (a 404 would leave naturalWidth at 0 and show the alt text)
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())
    screenshot(page, "files-floor-plan-phone")
    src = image.get_attribute("src")
    page.goto(demo_server + "/engineering/decoration/")
    page.goto(demo_server + first_record(page, "/engineering/decoration/"))
    drawing = page.locator("a[href^='/files/engineering.decorationapplication/']").first
    drawing.wait_for()
    screenshot(page, "files-decoration-phone")
    download = page.request.get(demo_server + drawing.get_attribute("href"))
    assert download.status == 200 and download.body().startswith(b"%PDF-")
    assert download.headers["content-disposition"].startswith("attachment")
    assert download.headers["x-content-type-options"] == "nosniff"
    anonymous = browser.new_context()
    response = anonymous.request.get(demo_server + src, max_redirects=0)
    assert response.status == 302 and "/login/" in response.headers["location"]
    anonymous.close()
