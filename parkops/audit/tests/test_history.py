"""The history under a record reads like the record: field labels, choice labels, related
objects by name (linked only when the viewer may open them), Beijing time and people's names;
the raw entry stays one click away for those who may read the audit log."""

import re

from django.contrib.auth import get_user_model
from django.utils import timezone, translation

from parkops.audit.history import readable_history
from parkops.audit.models import AuditEntry
from parkops.core import models as core
from parkops.core.services import update_object


def history_html(client, user, obj):
    client.force_login(user)
    response = client.get(obj.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    section = html[html.index('class="card po-history"') :]
    return section[: section.index("</ol>")] if "</ol>" in section else section


def visible_part(html):
    return re.sub(r"<details.*?</details>", "", html, flags=re.S)


def test_history_shows_labels_names_and_local_time(client, world):
    get_user_model().objects.filter(pk=world.admin.pk).update(display_name="王管理")
    world.admin.refresh_from_db()
    unit = core.Unit.objects.get(code="A-103")
    update_object(obj=unit, data={"state": "leased", "enterprise": world.ent_a}, by=world.admin)
    entry = AuditEntry.objects.filter(object_type="core.unit", object_id=str(unit.pk)).latest("seq")
    assert entry.before["state"] == "vacant" and entry.after["enterprise_id"] == world.ent_a.pk

    html = history_html(client, world.admin, unit)
    shown = visible_part(html)
    assert "使用企业" in shown and "状态" in shown  # verbose names
    assert "enterprise_id" not in shown and "state" not in shown
    assert "空置" in shown and "已租" in shown  # choice labels
    assert "vacant" not in shown and "leased" not in shown
    assert f'href="{world.ent_a.get_absolute_url()}">甲企业</a>' in shown  # a name with its link
    assert "王管理" in shown and "admin_alpha" not in shown  # display name
    local = timezone.localtime(entry.at, timezone.get_fixed_timezone(8 * 60)).strftime("%Y-%m-%d %H:%M")
    assert local in shown
    assert entry.at.isoformat() not in shown and "+00:00" not in shown
    # The raw entry, one click away for an administrator.
    assert "<details" in html and entry.hash in html and "&quot;enterprise_id&quot;" in html


def test_raw_entries_only_for_auditors_and_names_only_when_visible(client, world):
    unit = core.Unit.objects.get(code="A-103")
    update_object(obj=unit, data={"state": "leased", "enterprise": world.ent_b}, by=world.admin)
    html = history_html(client, world.staff_invest, unit)
    assert "<details" not in html  # investment staff do not read the raw audit log
    assert "乙企业" in html


def test_event_entries_read_as_words(world):
    from parkops.notifications.services import notify

    unit = core.Unit.objects.get(code="A-101")
    notify(
        recipients=[world.staff_invest],
        kind="test",
        subject="房源到期提醒",
        body="",
        obj=unit,
        park=world.alpha,
    )
    entries = AuditEntry.objects.filter(object_type="core.unit", object_id=str(unit.pk), event="notify")
    with translation.override("zh-hans"):
        item = readable_history(entries, world.admin)[0]
        assert item.actor == "系统" and item.event == "发送通知"
        labels = {c.label: [v.text for v in c.after] for c in item.changes}
        assert labels["接收人"] == [str(world.staff_invest)]
        assert labels["标题"] == ["房源到期提醒"]
    with translation.override("en"):
        item = readable_history(entries, world.admin)[0]
        assert item.actor == "System" and item.event == "Notification sent"
