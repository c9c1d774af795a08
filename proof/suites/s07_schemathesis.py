"""Suite 7: schemathesis against the SERVED ``/api/schema/`` of the demo park, with a read-write
key of the park's integration account (``parkops apikey create --write``).

Every documented operation is called with cases generated from its schema — valid ones and,
for the checks that need them, invalid ones — and every check schemathesis has for a single
call runs on each answer: no server error, status code, content type, headers and body within
the schema, invalid data refused, authentication not ignored. Generation is derandomized
(hypothesis derives each case from the operation), so two runs send the same requests to the
same demo park.

One check is reported but not counted as a violation: ``positive_data_acceptance`` expects any
body that is valid by type to be accepted, but a schema cannot know which related ids exist
(``park: -6050`` is valid by type and rightly answers 400). Its count is a figure of its own.
"""

from __future__ import annotations

import sys
from collections import Counter

from proof.suites.common import api_key

SUITE = "7 schemathesis"
# Cases per operation and generation mode: "ci" keeps the suite near three minutes (the demo
# park's API has about 900 operations).
EXAMPLES = {"ci": 1, "full": 12}
NOT_COUNTED = "positive_data_acceptance"


def run(proof, ctx) -> None:
    import requests
    import schemathesis
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis.errors import FailedHealthCheck, Unsatisfiable
    from schemathesis import GenerationMode
    from schemathesis.core.failures import Failure, FailureGroup, ServerError

    key = api_key(ctx, name="接口契约测试", write=True)
    headers = {"Authorization": f"Api-Key {key}"}
    schema = schemathesis.openapi.from_url(ctx.base + "/api/schema/?format=json", headers=headers, timeout=60)
    schema.config.update(base_url=ctx.base)
    session = requests.Session()
    examples = EXAMPLES["full" if ctx.full else "ci"]
    operations = [result.ok() for result in schema.get_all_operations()]
    calls = not_generated = 0
    server_errors: Counter = Counter()
    violations: Counter = Counter()
    not_counted: Counter = Counter()
    transport_errors: Counter = Counter()

    def record(operation, failure: Failure) -> None:
        name = f"{operation.method.upper()} {operation.path}"
        if isinstance(failure, ServerError):
            server_errors[f"{name}: {failure.status_code}"] += 1
        elif (
            NOT_COUNTED in getattr(failure, "checks", ()) or "positive data" in (failure.title or "").lower()
        ):
            not_counted[name] += 1
        else:
            violations[f"{name}: {failure.title}"] += 1

    def cases(operation, strategy):
        """The operation's generated cases, each sent and checked: a function to call."""

        @settings(
            max_examples=examples,
            derandomize=True,
            database=None,
            deadline=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(case=strategy)
        def call(case) -> None:
            nonlocal calls
            calls += 1
            try:
                case.call_and_validate(session=session, headers=headers, timeout=60)
            except FailureGroup as group:
                for failure in group.exceptions:
                    record(operation, failure)
            except Failure as failure:
                record(operation, failure)
            except requests.RequestException as exc:
                transport_errors[f"{operation.method.upper()} {operation.path}: {type(exc).__name__}"] += 1

        return call

    for operation in operations:
        modes = [GenerationMode.POSITIVE]
        if ctx.full or operation.method.upper() in ("POST", "PUT", "PATCH"):
            modes.append(GenerationMode.NEGATIVE)  # ci: invalid data only where it is written
        for mode in modes:
            try:
                strategy = operation.as_strategy(generation_mode=mode)
            except Exception as exc:  # noqa: BLE001 - an operation schemathesis cannot generate for
                violations[f"{operation.method.upper()} {operation.path}: no {mode.value} cases ({exc})"] += 1
                continue

            call = cases(operation, strategy)
            try:
                call()
            except (Unsatisfiable, FailedHealthCheck):
                # Nothing to make invalid (an operation without parameters or body): no cases.
                not_generated += 1

    proof.figure(SUITE, "operations covered", len(operations))
    proof.figure(SUITE, "cases generated and sent", calls)
    proof.figure(SUITE, "operation × mode with nothing to generate", not_generated)
    proof.figure(SUITE, "server errors (5xx)", sum(server_errors.values()), True)
    proof.figure(SUITE, "schema violations (every other check)", sum(violations.values()), True)
    proof.figure(SUITE, "requests with no answer", sum(transport_errors.values()), True)
    proof.figure(
        SUITE, f"valid-by-type bodies refused ({NOT_COUNTED}, not counted)", sum(not_counted.values())
    )
    for label, found in (
        ("server error", server_errors),
        ("violation", violations),
        ("no answer", transport_errors),
    ):
        for what, count in sorted(found.items()):
            sys.stderr.write(f"  7 schemathesis {label}: {what} ×{count}\n")
