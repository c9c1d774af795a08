"""Uploaded files: what may be uploaded, and how it is served back.

Every FileField/ImageField of every RestrictedModel is checked when a new file is assigned
(``RestrictedModel.clean_fields`` calls :func:`file_errors`): the type is recognised from the
content (magic bytes; ZIP-based office files by their ``[Content_Types].xml``), never from the
name, and must be one of the field's kind; the name's extension must agree with the content;
and the size is limited (``PARKOPS_UPLOAD_MAX_MB`` for documents, ``PARKOPS_PHOTO_MAX_MB`` for
images). HTML, SVG and anything else a browser could run as a page are refused.

Files are served only through :func:`serve_file` (``/files/<app.model>/<pk>/<field>/``), which
looks the object up among those the user may view. Safe images (PNG, JPEG, GIF, WebP) are
shown inline, everything else is an attachment; every answer carries
``X-Content-Type-Options: nosniff``. ``PARKOPS_FILE_SENDER`` hands the bytes to nginx
(X-Accel-Redirect) or Apache (X-Sendfile) in production.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from urllib.parse import quote

from django.apps import apps
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import models
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext
from django.views.decorators.http import require_safe

from parkops.core.scope import VIEW


@dataclass(frozen=True)
class FileType:
    code: str
    label: str
    mime: str
    extensions: tuple[str, ...]
    inline: bool = False  # a browser may show it in the page without risk


TYPES = {
    t.code: t
    for t in (
        FileType("png", "PNG", "image/png", ("png",), inline=True),
        FileType("jpeg", "JPEG", "image/jpeg", ("jpg", "jpeg"), inline=True),
        FileType("gif", "GIF", "image/gif", ("gif",), inline=True),
        FileType("webp", "WebP", "image/webp", ("webp",), inline=True),
        FileType("pdf", "PDF", "application/pdf", ("pdf",)),
        FileType("ofd", "OFD", "application/ofd", ("ofd",)),
        # Word/Excel/PowerPoint 97–2003 share one container (OLE2); the extension tells them apart.
        FileType("ole", "Office 97–2003", "application/octet-stream", ("doc", "xls", "ppt")),
        FileType(
            "docx",
            "Word",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            ("docx",),
        ),
        FileType(
            "xlsx", "Excel", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ("xlsx",)
        ),
        FileType(
            "pptx",
            "PowerPoint",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            ("pptx",),
        ),
        FileType("zip", "ZIP", "application/zip", ("zip",)),
        FileType("dwg", "DWG", "application/acad", ("dwg",)),
    )
}

IMAGE_TYPES = ("png", "jpeg", "gif", "webp")
# What each kind of field accepts. A model narrows a field with ``file_kinds = {field: kind}``;
# otherwise ImageFields take images and FileFields documents.
KINDS: dict[str, tuple[str, ...]] = {
    "image": IMAGE_TYPES,
    "document": ("pdf", "ofd", "ole", "docx", "xlsx", "pptx", "zip", "dwg", *IMAGE_TYPES),
    "spreadsheet": ("xlsx",),
}

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_OOXML = {
    "docx": b"wordprocessingml.document.main+xml",
    "xlsx": b"spreadsheetml.sheet.main+xml",
    "pptx": b"presentationml.presentation.main+xml",
}
_HEAD = 64


def _zip_type(fh) -> str | None:
    try:
        with zipfile.ZipFile(fh) as archive:
            names = set(archive.namelist())
            if "[Content_Types].xml" in names:
                with archive.open("[Content_Types].xml") as types:
                    content_types = types.read(256 * 1024)
                for code, marker in _OOXML.items():
                    if marker in content_types:
                        return code
                return None  # macro-enabled or unknown office package
            if "OFD.xml" in names:
                return "ofd"
            return "zip"
    except (zipfile.BadZipFile, OSError, RuntimeError, ValueError, NotImplementedError):
        return None


def detect(fh) -> str | None:
    """The code of the type ``fh``'s content is (a key of TYPES), or None if unrecognised.
    Leaves the file at its start."""
    fh.seek(0)
    head = fh.read(_HEAD)
    fh.seek(0)
    code = None
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        code = "png"
    elif head.startswith(b"\xff\xd8\xff"):
        code = "jpeg"
    elif head[:6] in (b"GIF87a", b"GIF89a"):
        code = "gif"
    elif head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        code = "webp"
    elif head.startswith(b"%PDF-"):
        code = "pdf"
    elif head.startswith(_OLE2):
        code = "ole"
    elif head[:4] == b"AC10" and head[4:6].isdigit():
        code = "dwg"
    elif head[:4] in (b"PK\x03\x04", b"PK\x05\x06"):
        code = _zip_type(fh)
        fh.seek(0)
    return code


def _looks_like_markup(fh) -> bool:
    fh.seek(0)
    head = fh.read(512)
    fh.seek(0)
    for bom in (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"):
        head = head.removeprefix(bom)
    return head.replace(b"\x00", b"").lstrip().startswith(b"<")


def field_kind(model: type[models.Model], field: models.FileField) -> str:
    declared = getattr(model, "file_kinds", {}).get(field.name)
    if declared:
        return declared
    return "image" if isinstance(field, models.ImageField) else "document"


def size_limit_mb(kind: str) -> int:
    return settings.PARKOPS_PHOTO_MAX_MB if kind == "image" else settings.PARKOPS_UPLOAD_MAX_MB


def _allowed_text(kind: str) -> str:
    return "、".join(ext for code in KINDS[kind] for ext in TYPES[code].extensions)


def check_upload(upload, kind: str) -> None:
    """Refuse ``upload`` (an uploaded or new file) unless its content is of ``kind``."""
    name = (getattr(upload, "name", "") or "").rsplit("/", 1)[-1]
    limit = size_limit_mb(kind)
    if (upload.size or 0) > limit * 1024 * 1024:
        raise ValidationError(
            gettext("%(name)s 超过 %(limit)s MB，请压缩或拆分后再上传") % {"name": name, "limit": limit},
            code="file_too_large",
        )
    fh = upload.file if hasattr(upload, "file") and upload.file is not None else upload
    code = detect(fh)
    if code is None:
        if _looks_like_markup(fh):
            message = gettext("%(name)s 是网页、SVG 或 XML 文件，这类文件可能含有脚本，不能上传")
        else:
            message = gettext("%(name)s 的内容不是可识别的文件类型，只能上传：%(allowed)s")
        raise ValidationError(
            message % {"name": name, "allowed": _allowed_text(kind)}, code="file_type_unknown"
        )
    found = TYPES[code]
    if code not in KINDS[kind]:
        raise ValidationError(
            gettext("%(name)s 是 %(type)s 文件，此处只能上传：%(allowed)s")
            % {"name": name, "type": found.label, "allowed": _allowed_text(kind)},
            code="file_type_not_allowed",
        )
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in found.extensions:
        raise ValidationError(
            gettext("%(name)s 的扩展名与内容不符：内容是 %(type)s 文件（.%(expected)s）")
            % {"name": name, "type": found.label, "expected": found.extensions[0]},
            code="file_extension_mismatch",
        )


def file_errors(obj: models.Model, exclude=None) -> dict[str, list[ValidationError]]:
    """Errors of the files newly assigned to ``obj``'s file fields (stored ones were checked
    when they were uploaded)."""
    errors: dict[str, list[ValidationError]] = {}
    for field in obj._meta.concrete_fields:
        if not isinstance(field, models.FileField) or (exclude and field.name in exclude):
            continue
        value = getattr(obj, field.attname)
        if not value or getattr(value, "_committed", True):
            continue
        try:
            check_upload(value, field_kind(type(obj), field))
        except ValidationError as exc:
            errors[field.name] = [exc]
    return errors


# --- Serving ----------------------------------------------------------------------------------


def file_url(obj: models.Model | None, field_name: str) -> str:
    """The address that serves ``obj``'s file in ``field_name``, or "" when there is none."""
    if obj is None or obj.pk is None or not getattr(obj, field_name, None):
        return ""
    return reverse("file", args=[obj._meta.label_lower, obj.pk, field_name])


def _file_field(model: type[models.Model], name: str) -> models.FileField:
    try:
        field = model._meta.get_field(name)
    except Exception:
        raise Http404 from None
    if not isinstance(field, models.FileField):
        raise Http404
    return field


def _model(label: str) -> type[models.Model]:
    from parkops.core.models import RestrictedModel

    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        raise Http404 from None
    if not issubclass(model, RestrictedModel):
        raise Http404
    return model


def file_response(request, obj: models.Model, field_name: str, *, as_attachment: bool | None = None):
    """Serve ``obj``'s file; the caller has checked that the user may view ``obj``."""
    stored = getattr(obj, field_name)
    if not stored:
        raise Http404
    storage = stored.storage
    name = stored.name
    try:
        handle = storage.open(name, "rb")
    except (FileNotFoundError, IsADirectoryError):
        return render(
            request,
            "core/file_missing.html",
            {"object": obj, "filename": name.rsplit("/", 1)[-1], "object_url": obj.get_absolute_url()},
            status=404,
        )
    code = detect(handle)
    found = TYPES.get(code) if code else None
    inline = found is not None and found.inline and not as_attachment
    filename = name.rsplit("/", 1)[-1]
    content_type = found.mime if found else "application/octet-stream"
    sender = settings.PARKOPS_FILE_SENDER
    if sender == "django":
        response = FileResponse(
            handle, as_attachment=not inline, filename=filename, content_type=content_type
        )
    else:
        handle.close()
        response = HttpResponse(content_type=content_type)
        response["Content-Disposition"] = content_disposition_header(not inline, filename)
        if sender == "nginx":
            response["X-Accel-Redirect"] = (
                settings.PARKOPS_FILE_SENDER_LOCATION.rstrip("/") + "/" + quote(name)
            )
        else:  # apache mod_xsendfile (1.0+ URL-decodes the path: XSendFileUnescape is on by default)
            response["X-Sendfile"] = quote(storage.path(name))
    response["X-Content-Type-Options"] = "nosniff"
    if not inline:
        # Opened directly anyway (an old upload, a mistaken browser): no script, no origin.
        response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response


@require_safe
@login_required
def serve_file(request, model: str, pk: int, field: str):
    """``/files/<app.model>/<pk>/<field>/``: a file of an object the user may view."""
    model_class = _model(model)
    _file_field(model_class, field)
    obj = get_object_or_404(model_class.objects.restrict(request.user, VIEW), pk=pk)
    return file_response(request, obj, field)
