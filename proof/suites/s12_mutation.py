"""Suite 12: mutation testing of the rule modules (the restriction point, the panel scorer and
the engine, every evidence.py, guards in services and models) with cosmic-ray; see
proof/mutation.py. Needs no served park: mutants run the module's own tests on SQLite in a
scratch copy of the sources.

Survivors are reported (var/proof/mutation.json lists each with file:line and the mutation),
not must-be-zero: some are equivalent mutants, others untested rules to pick up. What must be
zero is the tool failing: a module whose unmutated tests fail, a mutant that could not be run,
a module left out, or a source file left mutated.

`python -m proof.suites.s12_mutation` runs the suite alone (size from PARKOPS_PROOF_SIZE).
"""

from __future__ import annotations

import os
import sys
from decimal import ROUND_HALF_UP, Decimal

from proof import mutation

SUITE = "12 mutation testing"


def run(proof, ctx) -> None:
    report = mutation.run(size=ctx.size)
    modules = report["modules"]
    run_count = sum(m["mutants_run"] for m in modules)
    killed = sum(m["killed"] for m in modules)
    for m in modules:
        name = m["module"]
        proof.figure(SUITE, f"{name} mutants run", m["mutants_run"])
        proof.figure(SUITE, f"{name} killed", m["killed"])
        proof.figure(SUITE, f"{name} survived", m["survived"])
    proof.figure(SUITE, "modules run", sum(1 for m in modules if not m["tool_errors"]))
    proof.figure(SUITE, "mutants generated (kept operators)", sum(m["mutants_generated"] for m in modules))
    proof.figure(SUITE, f"mutants run ({report['size']})", run_count)
    proof.figure(SUITE, "mutants killed", killed)
    proof.figure(SUITE, "mutants survived (listed in var/proof/mutation.json)", run_count - killed)
    # A plain number in report.json (JSON has no Decimal); rounded half up to one place first.
    ratio = (
        float((Decimal(killed) * 100 / run_count).quantize(Decimal("0.1"), ROUND_HALF_UP))
        if run_count
        else None
    )
    proof.figure(SUITE, "kill ratio (%)", ratio)
    errors = len(report["prepare_errors"]) + sum(len(m["tool_errors"]) for m in modules)
    for m in modules:
        for error in m["tool_errors"]:
            sys.stderr.write(f"{m['module']}: {error}\n")
    for error in report["prepare_errors"]:
        sys.stderr.write(f"{error}\n")
    proof.figure(SUITE, "mutation tool errors", errors, must_be_zero=True)
    proof.figure(SUITE, "modules not run", len(report["modules_not_run"]), must_be_zero=True)
    proof.figure(SUITE, "source files left mutated", report["sources_left_mutated"], must_be_zero=True)


def main() -> int:
    from proof.__main__ import Proof

    class Alone:
        size = os.environ.get("PARKOPS_PROOF_SIZE", "full")

    proof = Proof()
    run(proof, Alone())
    return 1 if proof.failed() else 0


if __name__ == "__main__":
    sys.exit(main())
