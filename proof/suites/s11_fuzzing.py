"""Suite 11: fuzzing of every importer and of the telemetry parser (HTTP body and MQTT
payload) with hypothesis, derandomized; the work is done by ``proof/fuzz.py`` in a Django
process on the proof database (its docstring says what is generated and what counts)."""

from __future__ import annotations

from proof.suites.common import api_key, django_figures

SUITE = "11 fuzzing"
EXAMPLES = {"ci": 40, "full": 300}  # per importer and file kind, per telemetry channel


def run(proof, ctx) -> None:
    key = api_key(ctx, name="模糊测试采集网关", write=True)
    examples = EXAMPLES["full" if ctx.full else "ci"]
    found = django_figures(ctx, "proof.fuzz", ctx.base, key, str(examples))
    proof.figure(
        SUITE,
        "import files tried (xlsx and csv)",
        found.get("imports tried", 0) + found.get("files refused at upload", 0),
    )
    proof.figure(
        SUITE, "files refused at upload (csv, not a workbook)", found.get("files refused at upload", 0)
    )
    proof.figure(SUITE, "imports accepted", found.get("imports accepted", 0))
    proof.figure(SUITE, "imports rejected with row errors", found.get("imports rejected", 0))
    proof.figure(SUITE, "telemetry bodies sent over HTTP", found.get("telemetry bodies sent", 0))
    proof.figure(SUITE, "telemetry bodies refused (4xx)", found.get("telemetry bodies refused", 0))
    proof.figure(SUITE, "telemetry payloads through the MQTT path", found.get("MQTT messages stored", 0))
    proof.figure(SUITE, "crashes (5xx, import errors, poison messages)", found.get("crash", 0), True)
    proof.figure(SUITE, "half-written (rows kept from a rejected input)", found.get("half-written", 0), True)
    proof.figure(SUITE, "miscounted (said saved ≠ rows added)", found.get("miscounted", 0), True)
