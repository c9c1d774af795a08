"""Every evaluation dossier freezes the park's signed audit chain head, and the dossier and
report documents print it: copies outside the database to check the chain against later."""

import io
import json

from docx import Document

from parkops.audit import checkpoint as checkpoints
from parkops.audit.models import AuditChainHead
from parkops.evaluation import reports, services
from parkops.evaluation.tests.helpers import make_project, panel


def test_dossier_freezes_the_park_chain_head_and_documents_print_it(world, tmp_path):
    project = make_project(world)
    panel(world, project, 1)
    services.advance_project(project=project, to="materials", by=world.admin)
    chain = f"park:{world.alpha.pk}"
    before = AuditChainHead.objects.get(chain=chain)
    dossier = services.submit_materials(project=project, by=world.admin)
    frozen = dossier.assessment["audit_checkpoint"]
    checkpoints.check(frozen)  # signed with the audit key
    assert [h["chain"] for h in frozen["heads"]] == [chain]
    assert frozen["heads"][0]["seq"] == before.seq  # the head as the dossier was frozen
    # The frozen checkpoint is a valid input to `audit verify --checkpoint`.
    path = tmp_path / "dossier-checkpoint.json"
    path.write_text(json.dumps(frozen))
    assert checkpoints.load(path)[0]["signature"] == frozen["signature"]

    data = reports.dossier_data(project, world.admin)
    text = "\n".join(p.text for p in Document(io.BytesIO(reports.dossier_docx(data))).paragraphs)
    assert "审计链检查点" in text and frozen["heads"][0]["hash"] in text and frozen["signature"] in text
    assert b"%PDF" in reports.dossier_pdf(data)[:8]
