"""A work order's audit history reads its steps by the workflow's own words, in the reader's
language, rather than the transition's code name."""

from django.utils import translation

from parkops.audit.history import readable_history
from parkops.audit.models import AuditEntry
from parkops.engineering import services


def test_workflow_steps_read_as_their_step_names(eng):
    order = services.report_work_order(by=eng.tenant_a, category="utilities", description="茶水间漏水")
    services.assign_work_order(order=order, assignee=eng.engineer, by=eng.admin)
    entries = AuditEntry.objects.filter(
        object_type="engineering.workorder", object_id=str(order.pk), event="assign"
    )
    assert entries.exists()
    with translation.override("zh-hans"):
        assert readable_history(entries, eng.admin)[0].event == "派单"
    with translation.override("en"):
        assert readable_history(entries, eng.admin)[0].event == "Dispatch"
