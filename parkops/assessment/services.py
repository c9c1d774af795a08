"""Writes of the assessment app: document versions, assessment runs. Every write is audited
in its own transaction (through parkops.core.services or parkops.audit.services.record)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from parkops.assessment.models import AssessmentRun, Document
from parkops.audit import services as audit
from parkops.core.scope import ADD, DepartmentKind, can_write_model, visible_park_ids
from parkops.core.services import create_object, update_object


def may_write_kind(user, kind: str) -> bool:
    """Whether ``user`` may upload or delete documents of ``kind``: operator administrators and
    综合管理 every kind, other departments the kinds registered with their department."""
    from parkops.assessment.registry import document_kinds
    from parkops.core.scope import Role

    if user is None or not can_write_model(user, Document, ADD):
        return False
    if user.is_superuser or user.role == Role.OPERATOR_ADMIN:
        return True
    if user.role != Role.STAFF:
        return False
    spec = document_kinds().get(kind)
    return user.department == DepartmentKind.ADMINISTRATION or (
        spec is not None and user.department in spec.departments
    )


def writable_kinds(user) -> list[str]:
    from parkops.assessment.registry import document_kinds

    return [code for code in document_kinds() if may_write_kind(user, code)]


@transaction.atomic
def upload_document(*, park, kind: str, by, **fields: Any) -> Document:
    """Add a document, or a new version of a kind already in the library.

    The new version supersedes every version of the same park and kind still in force, from
    its effective date; they stay readable. A new version may not take effect before the
    latest existing one (that would rewrite which version was in force when).
    """
    if not may_write_kind(by, kind):
        raise PermissionDenied(_("无权上传此类文件"))
    latest = (
        Document.objects.select_for_update()
        .filter(park=park, kind=kind)
        .order_by("-effective_on", "-pk")
        .first()
    )
    effective_on = fields.get("effective_on")
    if latest is not None and effective_on is not None and effective_on < latest.effective_on:
        raise ValidationError(
            {
                "effective_on": _("生效日期不能早于现有最新版本《%(title)s》%(version)s的生效日期 %(date)s")
                % {
                    "title": latest.title,
                    "version": latest.version,
                    "date": f"{latest.effective_on:%Y-%m-%d}",
                }
            }
        )
    doc = create_object(model=Document, data={"park": park, "kind": kind, **fields}, by=by)
    previous = Document.objects.filter(park=park, kind=kind, superseded_on__isnull=True).exclude(pk=doc.pk)
    for old in previous:
        # superseded_on is not editable in forms: set it with the link, audited as an update.
        old.superseded_on = doc.effective_on
        update_object(obj=old, data={"superseded_by": doc}, by=by)
    return doc


def _check_can_record(park, by) -> None:
    if by is None:
        return  # the daily job
    if not can_write_model(by, AssessmentRun, ADD):
        raise PermissionDenied(_("无权保存自评估记录"))
    park_ids = visible_park_ids(by)
    if park_ids is not None and park.pk not in park_ids:
        raise PermissionDenied(_("不能为您无权访问的园区保存自评估记录"))


@transaction.atomic
def record_assessment(*, park, as_of: dt.date | None = None, by=None) -> AssessmentRun:
    """Run the self-assessment of ``park`` on ``as_of`` and store it with its gap plan.

    ``by`` None is the daily job (audited as "system")."""
    from parkops.assessment.engine import assess

    _check_can_record(park, by)
    result = assess(park, as_of)
    run = AssessmentRun(
        park=park,
        as_of=result.as_of,
        total=result.total,
        star=result.star,
        disqualified=result.disqualified,
        result=result.as_json(),
        gap_plan=result.gap_plan().as_json(),
        recorded_by=by,
    )
    run.full_clean()
    run.save()
    audit.record(
        action="create",
        obj=run,
        by=by,
        park_id=park.pk,
        after={
            "as_of": run.as_of.isoformat(),
            "total": None if run.total is None else str(run.total),
            "star": run.star,
            "disqualified": run.disqualified,
        },
    )
    return run


@transaction.atomic
def delete_document(*, document: Document, by) -> None:
    """Delete a wrongly uploaded document; the versions it superseded are in force again."""
    from parkops.core.services import delete_object

    if not may_write_kind(by, document.kind):
        raise PermissionDenied(_("无权删除此类文件"))
    for old in Document.objects.filter(superseded_by=document):
        old.superseded_on = None
        update_object(obj=old, data={"superseded_by": None}, by=by)
    delete_object(obj=document, by=by)


OFFERING_CONTENT = ("category", "name", "description", "supplier")
"""What a catalogue entry offers; a change of these is a revision of the service system."""


def _offering_content(offering) -> dict[str, Any]:
    return {
        "category": offering.category,
        "name": offering.name,
        "description": offering.description,
        "supplier": offering.supplier.name if offering.supplier_id else "",
    }


def _record_revision(*, offering, change: str, by, before: dict, after: dict, changed: list[str], note: str):
    from django.conf import settings
    from django.utils import translation

    from parkops.assessment.models import ServiceOffering, ServiceRevision
    from parkops.core import clock

    with translation.override(settings.LANGUAGE_CODE):  # stored, like audit entries, in Chinese
        labels = "、".join(str(ServiceOffering._meta.get_field(name).verbose_name) for name in changed)
    revision = ServiceRevision(
        park_id=offering.park_id,
        offering=offering,
        offering_name=str(offering)[:260],
        change=change,
        fields_changed=labels[:300],
        before=before,
        after=after,
        note=note.strip(),
        revised_on=clock.localdate(),
        revised_by=by,
    )
    revision.full_clean()
    revision.save()
    audit.record(
        action="create", obj=revision, by=by, park_id=offering.park_id, after=audit.snapshot(revision)
    )
    return revision


@transaction.atomic
def save_offering(*, by, data: dict[str, Any], offering=None, note: str = ""):
    """Add or change a service catalogue entry (row 14) and record the revision: a new service,
    a change of its content (category, name, description, supplier), its withdrawal or
    resumption, with the fields before and after and the reason given. Saving an entry whose
    content and state are unchanged records no revision."""
    from parkops.assessment.models import ServiceOffering, ServiceRevision

    Change = ServiceRevision.Change
    if offering is None:
        created = create_object(model=ServiceOffering, data=data, by=by)
        _record_revision(
            offering=created,
            change=Change.ADDED,
            by=by,
            before={},
            after=_offering_content(created),
            changed=list(OFFERING_CONTENT),
            note=note,
        )
        return created
    locked = (
        ServiceOffering.objects.select_for_update(of=("self",)).select_related("supplier").get(pk=offering.pk)
    )
    before, was_active = _offering_content(locked), locked.active
    saved = update_object(obj=offering, data=data, by=by)
    after = _offering_content(saved)
    changed = [name for name in OFFERING_CONTENT if before[name] != after[name]]
    if saved.active != was_active:
        change = Change.RESUMED if saved.active else Change.WITHDRAWN
    elif changed:
        change = Change.CHANGED
    else:
        return saved
    _record_revision(
        offering=saved,
        change=change,
        by=by,
        before={k: before[k] for k in changed},
        after={k: after[k] for k in changed},
        changed=changed,
        note=note,
    )
    return saved
