"""Excel import framework: templates the platform provides, every row validated, all-or-nothing.

The rule it serves: units, customers, tenants and leases import from Excel templates that the
platform provides. A file with errors imports nothing and reports every bad row and column
with the reason; a good file of 10,000 rows imports in seconds with a progress bar.

Declaring an importer (in your app's ``importers.py``, discovered like ``evidence.py``)::

    from parkops.imports.framework import Column, Importer, Lookup, Unique, register

    @register
    class CustomerImporter(Importer):
        key = "investment.customers"           # unique, used in URLs
        title = "意向客户"                        # shown on the import page
        model = Customer                        # the model rows become
        result_url_name = "investment:customer_list"   # "done" page links here (optional)
        description = "招商客户台账"               # optional, one line
        columns = (
            Column("客户名称", "name", required=True, example="深圳市某某科技有限公司"),
            Column("统一社会信用代码", "credit_code", example="91440300MA5XXXXXXX"),
            Column("阶段", "stage", type="choice", choices=Customer.Stage.choices, default="target"),
            Column("意向面积", "wanted_area", type="decimal", help="平方米"),
            Column("首次接洽", "first_contact_on", type="date"),
            Column("对接房源企业", "enterprise", type="lookup",
                   lookup=Lookup("core.Enterprise", "credit_code")),  # resolved in the user's scope
        )
        unique = (Unique(fields=("credit_code",), columns=("统一社会信用代码",),
                         existing=lambda ctx: {(c,) for c in Customer.objects.filter(
                             park=ctx.park).values_list("credit_code", flat=True)}),)

        def row_data(self, values, ctx, errors):
            # values: {field: parsed value}; add what the file does not carry, check across
            # columns with errors.add(header, reason); return the model's data or None.
            return {**values, "park": ctx.park}

Column types: ``text``, ``int``, ``decimal``, ``date`` (Excel date or 2026-03-01 / 2026/3/1 /
2026年3月1日), ``bool`` (是/否), ``choice`` (``choices`` as Django choices; the cell holds the
label or the stored value), ``lookup`` (``Lookup(model, field)``: the cell's text matched against
``field`` on ``model.objects.restrict(user, "view")`` narrowed to the import's park, so a file
can never reach another park's or another tenant's rows; ``Lookup(..., scope=fn)`` narrows
further). Lookups over several columns (building + floor + unit) are done in ``row_data`` with
``ctx.index(queryset, key_fn)``, a cached ``{key: object}`` map of a restricted queryset.

Validation (``validate``) is complete before anything is written: header row (missing required
columns, unknown columns), per cell (type, required, choice, lookup), per row (``row_data``),
uniqueness within the file and against the database (``Importer.unique``), and the model's
``full_clean()`` (fields, validators, ``clean()``; unique and constraint checks are done in bulk
by ``unique`` instead of one query per row, and related objects resolved by lookups are not
re-queried). Every error is a ``RowError(row, column, value,
reason)`` with the row number as Excel shows it. If there is any error nothing is written.

Writing (``Importer.save_rows(rows, *, by, park, progress)``) runs inside ONE transaction that
``import_file`` opens; the default bulk-creates the instances and writes one audit entry per
created object with ``parkops.audit.services.record`` in that same transaction. Override it to
write through a domain service per row (slower, still one transaction). Call
``progress(n_done)`` now and then.

Jobs and progress: pages create an ``ImportJob`` (``services.create_job``) and start it
(``services.start_job``). The job runs in a background thread of the web process, so the
upload request returns at once; with ``HUEY["immediate"]`` (tests, the e2e demo server) it runs
inline instead. Progress is kept OUTSIDE the database transaction, in Django's cache under
``imports:job:<id>`` (``progress_of(job_id)``): a row updated inside the import's transaction is
invisible to other connections until commit, and on SQLite a second writer would wait for the
lock. The thread shares the web process's local-memory cache; with PARKOPS_REDIS_URL the cache
is Redis and progress is visible from every process. The job row itself is written only before
and after the import transaction, so its final state is always visible everywhere.

Public API (stable): ``Column``, ``Lookup``, ``Unique``, ``RowError``, ``RowErrors``,
``ImportContext``, ``Importer``, ``register``, ``get_importer``, ``all_importers``,
``template``, ``validate``, ``import_file``, ``error_workbook``, ``progress_of``,
``check_workbook``, ``WorkbookRefused``.

Limits: an upload is a zip, so a small file can unpack to gigabytes. ``check_workbook`` refuses
a workbook whose parts declare more than ``MAX_UNPACKED_BYTES`` in all, and counts the bytes
while unpacking (a part that holds more than it declares is refused too); ``read_sheet``
refuses a header cell longer than ``MAX_CELL_CHARS``, more than ``MAX_COLUMNS`` columns or
more than ``MAX_SCANNED_ROWS`` rows (blank ones included); a longer body cell is a row error.
Of the errors, the first ``MAX_KEPT_ERRORS`` are kept with the count of all, and every kept
error's column, value and reason are clipped, so the job row and every page, poll and error
workbook built from it stay small whatever the file holds.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, ClassVar

from django.apps import apps
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext

from parkops.core.scope import ADD, VIEW, Role, can_write_model, visible_park_ids

MAX_ROWS = 50_000
MAX_SCANNED_ROWS = 2 * MAX_ROWS + 1  # rows read from the sheet, blank ones included
MAX_COLUMNS = 200
MAX_CELL_CHARS = 10_000
MAX_UNPACKED_BYTES = 100 * 1024 * 1024  # a full 50,000-row template unpacks to about 50 MB
MAX_ZIP_MEMBERS = 1_000
MAX_KEPT_ERRORS = 1_000
# What one kept error may carry (characters): the header it names, the value, the reason.
ERROR_COLUMN_CHARS = 60
ERROR_VALUE_CHARS = 200
ERROR_REASON_CHARS = 500
DATA_SHEET = "数据"
HELP_SHEET = "填写说明"
TYPE_LABELS = {
    "text": "文本",
    "int": "整数",
    "decimal": "数字",
    "date": "日期",
    "bool": "是/否",
    "choice": "选项",
    "lookup": "编码（按系统中已有记录匹配）",
}
TRUE_WORDS = {"是", "y", "yes", "true", "1", "√"}
FALSE_WORDS = {"否", "n", "no", "false", "0", "×"}
_DATE_RE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


# --- Declarations ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Lookup:
    """Resolve a cell to an object by a natural key, within the user's restricted queryset."""

    model: str | type[models.Model]  # "core.Enterprise" or the class
    field: str  # the natural key, e.g. "credit_code"
    scope: Callable[[models.QuerySet, ImportContext], models.QuerySet] | None = None
    label: str = ""  # what the thing is called in errors; defaults to the model's verbose name

    def model_class(self) -> type[models.Model]:
        return apps.get_model(self.model) if isinstance(self.model, str) else self.model


@dataclass(frozen=True)
class Column:
    header: str  # the Chinese header in row 1 of the template
    field: str  # the key in ``values`` passed to ``row_data`` (usually the model field)
    type: str = "text"
    required: bool = False
    help: str = ""
    example: Any = ""
    choices: Sequence[tuple[Any, Any]] | None = None
    lookup: Lookup | None = None
    default: Any = None  # used when an optional cell is blank

    def __post_init__(self) -> None:
        if self.type not in TYPE_LABELS:
            raise ValueError(f"column {self.header!r}: unknown type {self.type!r}")
        if self.type == "choice" and not self.choices:
            raise ValueError(f"column {self.header!r}: a choice column needs choices")
        if self.type == "lookup" and self.lookup is None:
            raise ValueError(f"column {self.header!r}: a lookup column needs lookup=Lookup(...)")

    @property
    def choice_labels(self) -> list[str]:
        return [str(label) for _, label in self.choices or ()]


@dataclass(frozen=True)
class Unique:
    """A key that must not repeat within the file nor match a row already in the database."""

    fields: tuple[str, ...]  # keys of the row's data (after ``row_data``)
    columns: tuple[str, ...]  # headers to name in the error; the first carries it
    existing: Callable[[ImportContext], set[tuple]] | None = None
    message: str = "与系统中已有记录重复"


def clip(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, saying how long it was."""
    if len(text) <= limit:
        return text
    return text[:limit] + gettext("…（共 %(count)s 个字符）") % {"count": len(text)}


@dataclass(frozen=True)
class RowError:
    row: int  # as Excel numbers it (the header is row 1)
    column: str
    value: str
    reason: str

    def __post_init__(self) -> None:
        # A cell can hold a 60 MB string; an error keeps only enough of it to find the cell.
        object.__setattr__(self, "column", clip(str(self.column), ERROR_COLUMN_CHARS))
        object.__setattr__(self, "value", clip(str(self.value), ERROR_VALUE_CHARS))
        object.__setattr__(self, "reason", clip(str(self.reason), ERROR_REASON_CHARS))

    def as_json(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "value": self.value, "reason": self.reason}


class RowErrors:
    """Collects the errors of one row; ``row_data`` adds to it with ``add(header, reason)``."""

    def __init__(self, row: int, cells: dict[str, Any]):
        self.row = row
        self.cells = cells
        self.items: list[RowError] = []

    def add(self, column: str, reason: str, value: Any = None) -> None:
        shown = self.cells.get(column, "") if value is None else value
        self.items.append(RowError(self.row, column, _cell_text(shown), reason))

    def __bool__(self) -> bool:
        return bool(self.items)


@dataclass
class ImportContext:
    by: Any
    park: Any
    progress: Callable[[str, int, int], None] = lambda phase, done, total: None
    cache: dict[Any, Any] = field(default_factory=dict)

    def index(self, queryset: models.QuerySet, key: Callable[[Any], Any], *, name: str = "") -> dict:
        """``{key(obj): obj}`` for a queryset, built once per import (lookups in bulk)."""
        cache_key = name or (queryset.model, str(queryset.query), key)
        if cache_key not in self.cache:
            self.cache[cache_key] = {key(obj): obj for obj in queryset}
        return self.cache[cache_key]

    def restricted(self, model: type[models.Model]) -> models.QuerySet:
        """The user's view of ``model``, narrowed to the import's park."""
        qs = model.objects.restrict(self.by, VIEW)
        park_path = getattr(model, "park_path", None)
        if park_path and self.park is not None:
            qs = qs.filter(**{park_path: self.park.pk})
        return qs


class Importer:
    """One kind of import. Subclass, set the attributes, decorate with ``@register``."""

    key: ClassVar[str]
    title: ClassVar[str]
    model: ClassVar[type[models.Model]]
    columns: ClassVar[tuple[Column, ...]]
    unique: ClassVar[tuple[Unique, ...]] = ()
    description: ClassVar[str] = ""
    result_url_name: ClassVar[str | None] = None
    batch_size: ClassVar[int] = 500

    # Who may use it: whoever may add the model in the park.
    def allowed(self, user, park=None) -> bool:
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return False
        if user.role in (Role.TENANT, Role.ASSESSOR) and not user.is_superuser:
            return False
        if not can_write_model(user, self.model, ADD):
            return False
        if park is None:
            return True
        ids = visible_park_ids(user)
        return ids is None or park.pk in ids

    def prepare(self, ctx: ImportContext) -> None:
        """Load what every row needs, once (e.g. ``ctx.index(...)`` maps)."""

    def row_data(self, values: dict[str, Any], ctx: ImportContext, errors: RowErrors) -> dict | None:
        """Turn parsed cell values into the model's data; add cross-column errors."""
        return dict(values)

    def instance(self, data: dict[str, Any]) -> models.Model:
        return self.model(**data)

    def save_rows(self, rows: list[dict[str, Any]], *, by, park, progress: Callable[[int], None]) -> int:
        """Write the validated rows; runs inside the import's transaction. Default: bulk
        insert, then one audit entry per created object (written as a batch) in the same
        transaction."""
        from parkops.audit import services as audit

        done = 0
        park_id = park.pk if park is not None else None
        for start in range(0, len(rows), self.batch_size):
            objs = [self.instance(data) for data in rows[start : start + self.batch_size]]
            created = self.model.objects.bulk_create(objs)
            if any(o.pk is None for o in created):  # a backend that returns no ids
                raise RuntimeError("bulk_create returned no primary keys; override save_rows")
            audit.record_many(action="create", objs=created, by=by, park_id=park_id)
            done += len(created)
            progress(done)
        return done

    # Helpers
    def column(self, header: str) -> Column:
        return next(c for c in self.columns if c.header == header)

    def header_for_field(self, name: str) -> str | None:
        for c in self.columns:
            if c.field == name:
                return c.header
        return None


_registry: dict[str, Importer] = {}
_discovered = False


def register(cls: type[Importer]) -> type[Importer]:
    previous = _registry.get(cls.key)
    if previous is not None and type(previous).__qualname__ != cls.__qualname__:
        raise ValueError(f"importer {cls.key!r} registered twice")
    _registry[cls.key] = cls()
    return cls


def autodiscover() -> None:
    global _discovered
    if not _discovered:
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("importers")
        _discovered = True


def all_importers() -> list[Importer]:
    autodiscover()
    return list(_registry.values())


def get_importer(key: str) -> Importer | None:
    autodiscover()
    return _registry.get(key)


# --- Template --------------------------------------------------------------------------------


def template(importer: Importer) -> bytes:
    """The .xlsx the platform provides: a data sheet with the header row (choice columns get
    drop-down lists) and a "填写说明" sheet explaining each column with one example row."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    ws = wb.active
    ws.title = DATA_SHEET
    head_fill = PatternFill("solid", fgColor="DDEBF7")
    for i, col in enumerate(importer.columns, start=1):
        cell = ws.cell(row=1, column=i, value=col.header)
        cell.font = Font(bold=True, color="C00000" if col.required else "000000")
        cell.fill = head_fill
        cell.alignment = Alignment(horizontal="center")
        cell.comment = Comment(_column_note(col), "ParkOps")
        letter = get_column_letter(i)
        ws.column_dimensions[letter].width = max(12, len(col.header) * 2 + 4)
        if col.type == "choice":
            options = ",".join(col.choice_labels)
            dv = DataValidation(type="list", formula1=f'"{options}"', allow_blank=not col.required)
            dv.error = f"请从下拉列表中选择：{options}"
            dv.errorTitle = col.header
            dv.showErrorMessage = True
            ws.add_data_validation(dv)
            dv.add(f"{letter}2:{letter}{MAX_ROWS + 1}")
        elif col.type == "date":
            for row in range(2, 202):
                ws.cell(row=row, column=i).number_format = "yyyy-mm-dd"
    ws.freeze_panes = "A2"

    help_ws = wb.create_sheet(HELP_SHEET)
    help_ws.append([f"{importer.title}导入模板 · 填写说明"])
    help_ws["A1"].font = Font(bold=True, size=13)
    help_ws.append(
        [
            "在“数据”工作表第 2 行起逐行填写，不要修改表头。红色表头为必填列。"
            "文件中任何一行有错误时，整个文件都不会导入，系统会列出每个错误的行号、列名和原因。"
        ]
    )
    help_ws.append([])
    help_ws.append(["列名", "是否必填", "类型", "允许的值", "说明", "示例"])
    for c in help_ws[4]:
        c.font = Font(bold=True)
        c.fill = head_fill
    for col in importer.columns:
        help_ws.append(
            [
                col.header,
                "必填" if col.required else "选填",
                TYPE_LABELS[col.type],
                "、".join(col.choice_labels) if col.type == "choice" else _allowed_text(col),
                col.help,
                _cell_text(col.example),
            ]
        )
    help_ws.append([])
    help_ws.append(["示例行（填写在“数据”工作表中，每列一格）："])
    help_ws.append([col.header for col in importer.columns])
    help_ws.append([_cell_text(col.example) for col in importer.columns])
    for letter, width in zip("ABCDEF", (18, 10, 18, 40, 50, 24), strict=True):
        help_ws.column_dimensions[letter].width = width
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _allowed_text(col: Column) -> str:
    if col.type == "date":
        return "日期，如 2026-03-01"
    if col.type == "bool":
        return "是、否"
    if col.type == "int":
        return "整数"
    if col.type == "decimal":
        return "数字"
    if col.type == "lookup":
        model = col.lookup.model_class()
        return f"本园区已有的{col.lookup.label or model._meta.verbose_name}的{model._meta.get_field(col.lookup.field).verbose_name}"
    return ""


def _column_note(col: Column) -> str:
    parts = ["必填" if col.required else "选填", TYPE_LABELS[col.type]]
    if col.type == "choice":
        parts.append("可选：" + "、".join(col.choice_labels))
    if col.help:
        parts.append(col.help)
    return "；".join(parts)


# --- Reading and validating ----------------------------------------------------------------


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d") if value.time() == dt.time() else value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


class WorkbookRefused(Exception):
    """The upload is not a workbook we read: too large unpacked, too wide, unreadable."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _unreadable() -> WorkbookRefused:
    return WorkbookRefused(gettext("无法读取文件：请上传由本平台模板填写的 .xlsx 文件"))


def _too_large() -> WorkbookRefused:
    return WorkbookRefused(
        gettext("文件解压后超过 %(limit)s MB，不予读取：请拆分后再导入，或删除文件中的图片和多余内容")
        % {"limit": MAX_UNPACKED_BYTES // (1024 * 1024)}
    )


def check_workbook(file) -> None:
    """Refuse (``WorkbookRefused``) an .xlsx that would unpack to more than
    ``MAX_UNPACKED_BYTES``: first by the sizes its parts declare, then by counting the bytes
    while unpacking every part, so a part that holds more than it declares is caught too.
    Nothing is kept in memory beyond one chunk."""
    if hasattr(file, "seek"):
        file.seek(0)
    try:
        with zipfile.ZipFile(file) as zf:
            members = zf.infolist()
            if len(members) > MAX_ZIP_MEMBERS:
                raise _unreadable()
            if sum(m.file_size for m in members) > MAX_UNPACKED_BYTES:
                raise _too_large()
            total = 0
            for member in members:
                with zf.open(member) as part:
                    while chunk := part.read(1024 * 1024):
                        total += len(chunk)
                        if total > MAX_UNPACKED_BYTES:
                            raise _too_large()
    except WorkbookRefused:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, RuntimeError, NotImplementedError):
        raise _unreadable() from None
    finally:
        if hasattr(file, "seek"):
            file.seek(0)


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def read_sheet(file) -> tuple[list[str], list[tuple[int, tuple]]]:
    """(headers, [(excel_row_number, cells), ...]) of the data sheet, skipping blank rows.

    Raises ``WorkbookRefused`` for a workbook over the limits (see the module docstring)."""
    from openpyxl import load_workbook

    check_workbook(file)
    wb = load_workbook(file, read_only=True, data_only=True)
    try:
        ws = wb[DATA_SHEET] if DATA_SHEET in wb.sheetnames else wb.worksheets[0]
        # The sheet's own dimension is not trusted: read the header with a bounded width,
        # then the body no wider than the header.
        header = next(ws.iter_rows(min_row=1, max_row=1, max_col=MAX_COLUMNS + 1, values_only=True), None)
        header = header or ()
        texts = [_cell_text(h) for h in header]
        while texts and texts[-1] == "":
            texts.pop()
        if len(texts) > MAX_COLUMNS:
            raise WorkbookRefused(
                gettext("表头超过 %(limit)s 列：请使用平台提供的模板，不要添加列") % {"limit": MAX_COLUMNS}
            )
        for i, text in enumerate(texts):
            if len(text) > MAX_CELL_CHARS:
                raise WorkbookRefused(
                    gettext(
                        "第 1 行 %(column)s 列的表头有 %(count)s 个字符，超过上限 %(limit)s：请使用平台提供的模板"
                    )
                    % {"column": _column_letter(i), "count": len(text), "limit": MAX_CELL_CHARS}
                )
        headers = [t.rstrip("*＊").strip() for t in texts]
        body = []
        if headers:
            rows = ws.iter_rows(min_row=2, max_col=len(headers), values_only=True)
            for number, cells in enumerate(rows, start=2):
                if number > MAX_SCANNED_ROWS:
                    raise WorkbookRefused(
                        gettext("文件超过 %(limit)s 行（含空行），请删除空行或拆分后再导入")
                        % {"limit": MAX_SCANNED_ROWS}
                    )
                if any(c is not None and _cell_text(c) != "" for c in cells):
                    body.append((number, cells))
                    if len(body) > MAX_ROWS:
                        break
        return headers, body
    finally:
        wb.close()


class _BadCell(Exception):
    pass


def _parse(col: Column, raw: Any, ctx: ImportContext) -> Any:
    text = _cell_text(raw)
    if len(text) > MAX_CELL_CHARS:
        raise _BadCell(
            gettext("内容有 %(count)s 个字符，超过单元格上限 %(limit)s 个字符")
            % {"count": len(text), "limit": MAX_CELL_CHARS}
        )
    if text == "":
        if col.required:
            raise _BadCell("必填项不能为空")
        return col.default
    if col.type == "text":
        return text
    if col.type == "int":
        if isinstance(raw, bool):
            raise _BadCell("应为整数")
        if isinstance(raw, int):
            return raw
        if isinstance(raw, float) and raw.is_integer():
            return int(raw)
        if re.fullmatch(r"[-+]?\d+", text):
            return int(text)
        raise _BadCell("应为整数")
    if col.type == "decimal":
        if isinstance(raw, bool):
            raise _BadCell("应为数字")
        try:
            value = Decimal(text.replace(",", ""))
        except InvalidOperation:
            raise _BadCell("应为数字") from None
        if not value.is_finite():
            raise _BadCell("应为数字")
        return value
    if col.type == "date":
        if isinstance(raw, dt.datetime):
            return raw.date()
        if isinstance(raw, dt.date):
            return raw
        m = _DATE_RE.match(text)
        if m:
            try:
                return dt.date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError:
                raise _BadCell("日期不存在") from None
        raise _BadCell("应为日期，如 2026-03-01")
    if col.type == "bool":
        word = text.lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise _BadCell("应填“是”或“否”")
    if col.type == "choice":
        for value, label in col.choices:
            if text == str(label) or text == str(value):
                return value
        raise _BadCell("不是允许的选项，可选：" + "、".join(col.choice_labels))
    if col.type == "lookup":
        lk = col.lookup
        model = lk.model_class()
        qs = ctx.restricted(model)
        if lk.scope is not None:
            qs = lk.scope(qs, ctx)
        index = ctx.index(qs, lambda o: _cell_text(getattr(o, lk.field)).upper(), name=f"lookup:{col.header}")
        obj = index.get(text.upper())
        if obj is None:
            what = lk.label or model._meta.verbose_name
            raise _BadCell(
                gettext("本园区找不到%(verbose_name)s为“%(text)s”的%(what)s")
                % {"verbose_name": model._meta.get_field(lk.field).verbose_name, "text": text, "what": what}
            )
        return obj
    raise AssertionError(col.type)


@dataclass
class ValidationResult:
    total: int = 0
    rows: list[dict[str, Any]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)  # the first MAX_KEPT_ERRORS
    error_count: int = 0  # all of them

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    def add_error(self, item: RowError) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_KEPT_ERRORS:
            self.errors.append(item)

    def add_errors(self, items: Iterable[RowError]) -> None:
        for item in items:
            self.add_error(item)

    @property
    def omitted(self) -> int:
        return self.error_count - len(self.errors)


def validate(importer: Importer, file, *, by, park, progress=None) -> ValidationResult:
    """Check every row of the file; collect every error; write nothing."""
    ctx = ImportContext(by=by, park=park, progress=progress or (lambda *a: None))
    result = ValidationResult()
    if not importer.allowed(by, park):
        result.add_error(RowError(0, "—", "", f"您无权在此园区导入{importer.title}"))
        return result
    try:
        headers, body = read_sheet(file)
    except WorkbookRefused as exc:
        result.add_error(RowError(0, "—", "", exc.message))
        return result
    except Exception:  # noqa: BLE001 (any unreadable upload is the same answer to the user)
        result.add_error(RowError(0, "—", "", _unreadable().message))
        return result
    result.total = len(body)
    known = {c.header: c for c in importer.columns}
    positions: dict[str, int] = {}
    for i, header in enumerate(headers):
        if not header:
            continue
        if header not in known:
            result.add_error(
                RowError(1, header, header, gettext("无法识别的列：请使用平台提供的模板，不要修改表头"))
            )
        elif header in positions:
            result.add_error(RowError(1, header, header, gettext("表头重复")))
        else:
            positions[header] = i
    for col in importer.columns:
        if col.required and col.header not in positions:
            result.add_error(RowError(1, col.header, "", gettext("缺少必填列")))
    if result.errors:
        return result
    if not body:
        result.add_error(RowError(2, "—", "", gettext("文件中没有数据行")))
        return result
    if len(body) > MAX_ROWS:
        result.add_error(RowError(0, "—", "", f"一次最多导入 {MAX_ROWS} 行，请拆分文件"))
        return result

    importer.prepare(ctx)
    seen: dict[int, dict[tuple, int]] = {i: {} for i in range(len(importer.unique))}
    existing = [u.existing(ctx) if u.existing else set() for u in importer.unique]
    step = max(1, len(body) // 50)
    for n, (number, cells) in enumerate(body, start=1):
        raw_by_header = {h: (cells[pos] if pos < len(cells) else None) for h, pos in positions.items()}
        errors = RowErrors(number, raw_by_header)
        values: dict[str, Any] = {}
        for col in importer.columns:
            raw = raw_by_header.get(col.header)
            try:
                values[col.field] = _parse(col, raw, ctx)
            except _BadCell as exc:
                errors.add(col.header, str(exc))
        data = None
        if not errors:
            data = importer.row_data(values, ctx, errors)
        if data is not None and not errors:
            for i, uq in enumerate(importer.unique):
                key = tuple(_unique_part(data.get(f)) for f in uq.fields)
                if any(part in (None, "") for part in key):
                    continue
                if key in seen[i]:
                    errors.add(uq.columns[0], f"与第 {seen[i][key]} 行重复（{'＋'.join(uq.columns)}）")
                else:
                    seen[i][key] = number
                    if key in existing[i]:
                        errors.add(uq.columns[0], uq.message)
        if data is not None and not errors:
            try:
                # Related objects were resolved from the database in this import (restricted
                # lookups and indexes), so skip Django's one-query-per-row existence check.
                resolved = [name for name, value in data.items() if isinstance(value, models.Model)]
                importer.instance(data).full_clean(
                    exclude=resolved, validate_unique=False, validate_constraints=False
                )
            except ValidationError as exc:
                _add_model_errors(importer, errors, exc)
        if errors:
            result.add_errors(errors.items)
        else:
            result.rows.append(data)
        if n % step == 0:
            ctx.progress("validating", n, len(body))
    ctx.progress("validating", len(body), len(body))
    if not result.ok:
        result.rows = []
    return result


def _unique_part(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, str):
        return value.strip().upper()
    return value


def _add_model_errors(importer: Importer, errors: RowErrors, exc: ValidationError) -> None:
    first = importer.columns[0].header
    if hasattr(exc, "error_dict"):
        for name, items in exc.error_dict.items():
            header = importer.header_for_field(name) or first
            for item in items:
                errors.add(header, " ".join(item.messages) if hasattr(item, "messages") else str(item))
    else:
        for message in exc.messages:
            errors.add(first, message)


@dataclass
class ImportResult:
    total: int
    created: int
    errors: list[RowError]  # the first MAX_KEPT_ERRORS
    error_count: int = 0  # all of them

    def __post_init__(self) -> None:
        self.error_count = max(self.error_count, len(self.errors))

    @property
    def ok(self) -> bool:
        return not self.error_count


def import_file(importer: Importer, file, *, by, park, progress=None) -> ImportResult:
    """Validate every row; if all are good, write them all in ONE transaction, else nothing.

    ``progress(phase, done, total)`` is called with phase "validating" then "writing"."""
    report = progress or (lambda *a: None)
    checked = validate(importer, file, by=by, park=park, progress=report)
    if not checked.ok:
        return ImportResult(checked.total, 0, checked.errors, checked.error_count)
    total = len(checked.rows)
    with transaction.atomic():
        created = importer.save_rows(
            checked.rows, by=by, park=park, progress=lambda done: report("writing", done, total)
        )
    report("writing", total, total)
    return ImportResult(checked.total, created, [])


# --- Error report ---------------------------------------------------------------------------


def error_workbook(
    importer: Importer, file, errors: Iterable[dict | RowError], *, error_count: int | None = None
) -> bytes:
    """The uploaded data with an "错误说明" column on each bad row, and a sheet listing every
    kept error (row, column, value, reason), then how many more were not kept.

    Every text cell is written as text (``parkops.core.excel``): the uploaded values are the
    uploader's, and a value such as ``=HYPERLINK(...)`` must not become a live formula."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    from parkops.core.excel import append_row

    items = [e if isinstance(e, dict) else e.as_json() for e in errors]
    by_row: dict[int, list[str]] = {}
    for e in items:
        by_row.setdefault(e["row"], []).append(f"{e['column']}：{e['reason']}")
    wb = Workbook()
    ws = wb.active
    ws.title = DATA_SHEET
    red = PatternFill("solid", fgColor="F8D7DA")
    try:
        headers, body = read_sheet(file) if file else ([], [])
    except Exception:  # noqa: BLE001
        headers, body = [], []
    append_row(ws, ["原行号", *headers, "错误说明"])
    for c in ws[1]:
        c.font = Font(bold=True)
    for number, cells in body:
        reasons = by_row.get(number)
        append_row(
            ws,
            [
                number,
                *[clip(_cell_text(c), MAX_CELL_CHARS) for c in cells[: len(headers)]],
                "；".join(reasons or []),
            ],
        )
        if reasons:
            for c in ws[ws.max_row]:
                c.fill = red
    listing = wb.create_sheet("错误清单")
    append_row(listing, ["行号", "列", "值", "原因"])
    for c in listing[1]:
        c.font = Font(bold=True)
    for e in items:
        append_row(
            listing,
            [
                e["row"] or "文件",
                clip(str(e["column"]), ERROR_COLUMN_CHARS),
                clip(str(e["value"]), ERROR_VALUE_CHARS),
                clip(str(e["reason"]), ERROR_REASON_CHARS),
            ],
        )
    omitted = (error_count or 0) - len(items)
    if omitted > 0:
        append_row(
            listing,
            [
                "",
                "",
                "",
                gettext("另有 %(count)s 处错误未列出：请先修正以上错误后重新上传") % {"count": omitted},
            ],
        )
    for sheet, widths in ((listing, (8, 18, 24, 60)),):
        for letter, width in zip("ABCD", widths, strict=True):
            sheet.column_dimensions[letter].width = width
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# --- Progress -------------------------------------------------------------------------------


def progress_key(job_id: int) -> str:
    return f"imports:job:{job_id}"


def set_progress(job_id: int, phase: str, done: int, total: int) -> None:
    cache.set(progress_key(job_id), {"phase": phase, "done": done, "total": total}, timeout=3600)


def progress_of(job_id: int) -> dict | None:
    """{"phase", "done", "total", "percent"} while a job runs (None when unknown)."""
    data = cache.get(progress_key(job_id))
    if not data:
        return None
    total = max(1, data["total"])
    # Validation is the first half of the bar, writing the second.
    half = 50 * data["done"] / total
    data["percent"] = int(half if data["phase"] == "validating" else 50 + half)
    return data
