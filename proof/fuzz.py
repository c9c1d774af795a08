"""Suite 11 (fuzzing), run inside a Django process on the proof database:
``python -m proof.fuzz BASE_URL API_KEY EXAMPLES``. Prints one JSON object of figures.

Inputs come from hypothesis with derandomized generation (the same inputs on every run):

- **Importers.** For every registered importer, workbooks written by openpyxl from generated
  rows: the template's headers (sometimes one missing, one unknown, or shuffled) over cells
  that are blank, the column's own example, wrong types, huge strings, formulas, NaN and
  infinities, dates, unicode of every plane, and repeated rows. Each goes the way of an upload:
  ``create_job`` then ``run_job``, as the demo's administrator, in a transaction rolled back
  afterwards so the demo park stays as it was. CSV files (named .csv, and named .xlsx) must be
  refused by ``create_job`` with a message.
  *Crash*: an import that ends in the job's "error" state (an exception inside the import) or
  an exception other than a refusal from ``create_job``. *Half-written*: a job that did not end
  "done" while rows of its model were added; *miscounted*: a "done" job whose count of created
  rows is not what was added.
- **Telemetry over HTTP.** Generated bodies POSTed to the served ``/api/telemetry/`` with a
  read-write key: malformed JSON, invalid UTF-8, deep nesting, NaN/Infinity literals, huge
  numbers, bad timestamps, mixed good and bad readings for a meter made for this suite.
  *Crash*: a 5xx or no answer. *Half-written*: readings stored from a refused body (4xx);
  *miscounted*: ``accepted`` differing from the readings actually added.
- **Telemetry over MQTT.** The same payloads (and generated topics) through
  ``store_messages``, what ``parkops mqtt-ingest`` does with a message. *Crash*: an
  exception — the worker would retry that message forever, a poison message.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import os
import sys
import traceback
from collections import Counter


class Rollback(Exception):
    pass


def main(base: str, key: str, examples: int) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parkops.settings")
    import django

    django.setup()
    import requests
    from django.core.exceptions import PermissionDenied, ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import transaction
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import strategies as st
    from openpyxl import Workbook

    from parkops.accounts.models import User
    from parkops.core.models import Park
    from parkops.core.validators import credit_code_check_char
    from parkops.imports import framework
    from parkops.imports.models import ImportJob
    from parkops.imports.services import create_job, run_job
    from parkops.telemetry.models import Reading
    from parkops.telemetry.mqtt import _Received, store_messages
    from proof.fault_point import meters

    park = Park.objects.get(code="DEMO")
    admin = User.objects.get(username="admin")
    framework.autodiscover()
    figures: Counter = Counter()
    found: list[str] = []
    budget = settings(
        max_examples=examples,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )

    def note(kind: str, what: str) -> None:
        figures[kind] += 1
        if len(found) < 40:
            found.append(f"{kind}: {what}"[:800])

    # --- cells and workbooks -----------------------------------------------------------------
    # openpyxl refuses control characters other than tab and newlines in cells.
    chars = st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("\t\n\u200b\u202e\ufeff")
    formulas = st.sampled_from(
        ["=1/0", "=A1", "=SUM(A1:A9)", '=HYPERLINK("http://example.com","x")', "=cmd|' /C calc'!A0", "=NA()"]
    )
    floats = st.floats(allow_nan=True, allow_infinity=True)
    wild = st.one_of(
        st.none(),
        st.just(""),
        st.text(chars, max_size=30),
        st.integers(min_value=1, max_value=4).map(lambda n: "字" * (3000 * n)),
        st.integers(min_value=-(10**30), max_value=10**30),
        floats,
        st.booleans(),
        st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(9999, 12, 31)),
        formulas,
        st.sampled_from(["是", "否", "2026年2月30日", "2026/13/01", "1e309", "-0", "NaN", " 12 ", "１２"]),
    )

    def cell(column):
        good = [column.example] + [label for label in column.choice_labels]
        return st.one_of(wild, st.sampled_from([g for g in good if g != ""] or [None]))

    def valid_code(n: int) -> str:
        first17 = f"91440300MA5{n:06d}"
        return first17 + credit_code_check_char(first17)

    def good_cell(importer, column, n: int):
        """A value the importer accepts (as far as one cell can tell): the template's example,
        made unique by ``n`` where the column is a key."""
        if "信用代码" in column.header:
            return valid_code(n) if importer.key in ("tenants", "investment.customers") else ""
        if column.header in ("企业名称", "客户名称"):
            return f"模糊测试企业{n}"
        if column.header == "房号" and importer.key == "units":
            return f"FZ-{n}"
        if column.header == "状态" and importer.key == "units":
            return "空置"
        return column.example

    def workbook(importer):
        columns = list(importer.columns)
        wild_row = st.tuples(*[cell(c) for c in columns])

        @st.composite
        def good_row(draw):
            # A row the importer accepts, with none, one or two cells made wrong.
            n = draw(st.integers(0, 999_999))
            values = [good_cell(importer, c, n) for c in columns]
            for _ in range(draw(st.sampled_from([0, 0, 1, 2]))):
                values[draw(st.integers(0, len(values) - 1))] = draw(wild)
            return tuple(values)

        row = st.one_of(good_row(), good_row(), wild_row)

        @st.composite
        def build(draw):
            headers = [c.header for c in columns]
            rows = draw(st.lists(row, max_size=6))
            if rows and draw(st.booleans()):
                rows.append(rows[draw(st.integers(0, len(rows) - 1))])  # a duplicate
            shape = draw(st.sampled_from(["template", "template", "drop", "unknown", "shuffle"]))
            order = list(range(len(headers)))
            if shape == "drop" and order:
                order.pop(draw(st.integers(0, len(order) - 1)))
            elif shape == "shuffle":
                order = draw(st.permutations(order))
            book = Workbook()
            sheet = book.active
            sheet.title = framework.DATA_SHEET
            sheet.append([headers[i] for i in order] + (["多余的列"] if shape == "unknown" else []))
            for values in rows:
                cells = [values[i] for i in order] + (["x"] if shape == "unknown" else [])
                sheet.append([v if not isinstance(v, float) or math.isfinite(v) else str(v) for v in cells])
            out = io.BytesIO()
            book.save(out)
            return out.getvalue(), rows

        return build()

    def import_once(importer, content: bytes, name: str) -> None:
        model = importer.model
        try:
            with transaction.atomic():
                before = model.objects.count()
                try:
                    job = create_job(
                        importer_key=importer.key,
                        park=park,
                        file=SimpleUploadedFile(name, content),
                        by=admin,
                    )
                except (ValidationError, PermissionDenied) as refusal:
                    if name.endswith(".xlsx") and not getattr(refusal, "messages", None):
                        note("crash", f"{importer.key}: a refusal without a message")
                    figures["files refused at upload"] += 1
                    raise Rollback from None
                job = run_job(job.pk)
                added = model.objects.count() - before
                figures["imports tried"] += 1
                if job.status == ImportJob.Status.ERROR:
                    note("crash", f"{importer.key}: {job.message}")
                elif job.status == ImportJob.Status.DONE:
                    figures["imports accepted"] += 1
                    if added != job.created_count:
                        note("miscounted", f"{importer.key}: said {job.created_count}, added {added}")
                else:
                    figures["imports rejected"] += 1
                    if added:
                        note("half-written", f"{importer.key}: {added} rows from a rejected file")
                raise Rollback
        except Rollback:
            pass
        except Exception as exc:  # noqa: BLE001 - a crash is counted, whatever it was
            note("crash", f"{importer.key}: {type(exc).__name__}: {exc}\n{traceback.format_exc()[-600:]}")

    def xlsx_cases(importer):
        @budget
        @given(data=workbook(importer))
        def fuzz_xlsx(data):
            content, _rows = data
            import_once(importer, content, "导入.xlsx")

        return fuzz_xlsx

    def csv_cases(importer):
        @budget
        @given(rows=st.lists(st.lists(st.text(chars, max_size=20), max_size=6), max_size=5))
        def fuzz_csv(rows):
            out = io.StringIO()
            writer = csv.writer(out)
            writer.writerow([c.header for c in importer.columns])
            writer.writerows(rows)
            content = out.getvalue().encode("utf-8")
            before = figures["files refused at upload"]
            import_once(importer, content, "导入.csv")
            import_once(importer, content, "改了扩展名.xlsx")
            if figures["files refused at upload"] - before != 2:
                note("crash", f"{importer.key}: a CSV file was not refused at upload")

        return fuzz_csv

    for importer in framework.all_importers():
        xlsx_cases(importer)()
        csv_cases(importer)()

    # --- telemetry -----------------------------------------------------------------------------
    point_ids = meters(["FUZZ-HTTP", "FUZZ-MQTT"])
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    timestamps = st.one_of(
        st.integers(0, 5000).map(lambda m: (now - dt.timedelta(days=20, minutes=m)).isoformat()),
        st.integers(0, 5000).map(lambda m: (now - dt.timedelta(days=20, minutes=m)).astimezone().isoformat()),
        st.just((now + dt.timedelta(days=3)).isoformat()),
        st.sampled_from(
            ["2026-13-45T00:00:00+08:00", "2026-02-30T10:00:00Z", "yesterday", "", "2026-12-01T10:00"]
        ),
        st.integers(-(10**20), 10**20),
        st.text(chars, max_size=50),
        st.none(),
    )
    values = st.one_of(
        st.integers(0, 10**6),
        st.integers(-(10**40), 10**40),
        floats,
        st.decimals(allow_nan=False, allow_infinity=False).map(lambda d: float(d) if d.is_finite() else 0),
        st.text(chars, max_size=10),
        st.booleans(),
        st.none(),
        st.just([1, 2]),
        st.just({"v": 1}),
    )
    devices = st.sampled_from(["FUZZ-HTTP", "FUZZ-HTTP", "NO-SUCH", "", "ＦＵＺＺ"])
    points = st.sampled_from(["kwh", "kwh", "kvar", ""])
    reading = st.fixed_dictionaries(
        {"device": devices, "point": points, "ts": timestamps, "value": values},
        optional={"extra": st.text(chars, max_size=5)},
    )
    json_like = st.recursive(
        st.none() | st.booleans() | st.integers() | floats | st.text(chars, max_size=10),
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
        max_leaves=20,
    )

    def to_text(document) -> bytes:
        return json.dumps(document, ensure_ascii=False, allow_nan=True).encode("utf-8")

    bodies = st.one_of(
        st.lists(reading, max_size=12).map(lambda rs: to_text({"readings": rs})),
        json_like.map(to_text),
        st.lists(reading, max_size=3).map(lambda rs: to_text({"readings": rs, "more": rs})),
        st.integers(1, 200_000).map(lambda n: b'{"readings": ' + b"[" * n + b"]" * n + b"}"),
        st.integers(300, 5000).map(
            lambda n: (
                b'{"readings": [{"device": "FUZZ-HTTP", "point": "kwh", '
                b'"ts": "2026-11-01T00:00:00+08:00", "value": 1' + b"0" * n + b"}]}"
            )
        ),
        st.sampled_from(
            [
                b"",
                b"{",
                b"null",
                b"[]",
                b'{"readings": NaN}',
                b'{"readings": [{"value": Infinity}]}',
                b"\xff\xfe\xfa",
                b'{"readings": "\xc3\x28"}',
                b'{"readings": [] } trailing',
            ]
        ),
        st.binary(max_size=200),
    )
    session = requests.Session()
    http_point = point_ids["FUZZ-HTTP"]

    @budget
    @given(body=bodies)
    def fuzz_http(body):
        before = Reading.objects.filter(point_id=http_point).count()
        try:
            answer = session.post(
                base + "/api/telemetry/",
                data=body,
                headers={"Content-Type": "application/json", "Authorization": f"Api-Key {key}"},
                timeout=120,
            )
        except requests.RequestException as exc:
            note("crash", f"HTTP telemetry: no answer ({type(exc).__name__}) to {body[:200]!r}")
            return
        added = Reading.objects.filter(point_id=http_point).count() - before
        figures["telemetry bodies sent"] += 1
        if answer.status_code >= 500:
            note("crash", f"HTTP telemetry: {answer.status_code} to {body[:200]!r}")
        elif answer.status_code != 200:
            figures["telemetry bodies refused"] += 1
            if added:
                note("half-written", f"HTTP telemetry: {added} readings stored from a refused body")
        else:
            accepted = answer.json().get("accepted")
            if accepted != added:
                note("miscounted", f"HTTP telemetry: accepted {accepted}, stored {added}: {body[:200]!r}")

    fuzz_http()

    topics = st.one_of(
        st.just("parkops/DEMO/FUZZ-MQTT/telemetry"),
        st.just("parkops/DEMO/FUZZ-MQTT/telemetry"),
        st.sampled_from(
            ["parkops/NOPE/FUZZ-MQTT/telemetry", "parkops/DEMO//telemetry", "parkops/DEMO/x/y/telemetry"]
        ),
        st.text(chars, max_size=40).map(lambda t: f"parkops/DEMO/{t}/telemetry"),
    )
    mqtt_bodies = bodies.map(lambda b: b.replace(b'"FUZZ-HTTP"', b'"FUZZ-MQTT"'))

    @budget
    @given(topic=topics, payload=mqtt_bodies)
    def fuzz_mqtt(topic, payload):
        figures["MQTT messages stored"] += 1
        try:
            store_messages([_Received(1, 1, 1, topic, payload)])
        except Exception as exc:  # noqa: BLE001 - a poison message, whatever it raised
            note("crash", f"MQTT telemetry: {type(exc).__name__}: {exc} for {topic!r} {payload[:200]!r}")

    fuzz_mqtt()
    for line in found:
        sys.stderr.write(f"  11 fuzzing {line}\n")
    print(json.dumps(dict(figures)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2], int(sys.argv[3])))
