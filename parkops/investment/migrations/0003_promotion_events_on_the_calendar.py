"""Promotion events move onto the park's calendar (parkops.events): each PromotionEvent becomes
an events.Event of kind 招商推介 (its day at 14:00–17:00 Shanghai time, theme, industries, place,
attendees, materials and summary kept), and customers keep their source event."""

import datetime as dt
from zoneinfo import ZoneInfo

import django.db.models.deletion
from django.db import migrations, models

SHANGHAI = ZoneInfo("Asia/Shanghai")


def forwards(apps, schema_editor):
    PromotionEvent = apps.get_model("investment", "PromotionEvent")
    Event = apps.get_model("events", "Event")
    Customer = apps.get_model("investment", "Customer")
    for old in PromotionEvent.objects.order_by("pk"):
        event = Event.objects.create(
            park_id=old.park_id,
            kind="promotion",
            title=old.theme,
            starts_at=dt.datetime.combine(old.held_on, dt.time(14, 0), tzinfo=SHANGHAI),
            ends_at=dt.datetime.combine(old.held_on, dt.time(17, 0), tzinfo=SHANGHAI),
            place=old.place,
            attendance=old.attendees,
            materials=old.materials,
            summary=old.summary,
        )
        Event.objects.filter(pk=event.pk).update(created_at=old.created_at, updated_at=old.updated_at)
        event.industries.set(old.industries.all())
        Customer.objects.filter(event_id=old.pk).update(calendar_event=event)


def backwards(apps, schema_editor):
    PromotionEvent = apps.get_model("investment", "PromotionEvent")
    Event = apps.get_model("events", "Event")
    Customer = apps.get_model("investment", "Customer")
    for event in Event.objects.filter(kind="promotion").order_by("pk"):
        old = PromotionEvent.objects.create(
            park_id=event.park_id,
            held_on=event.starts_at.astimezone(SHANGHAI).date(),
            theme=event.title,
            place=event.place or "",
            attendees=event.attendance,
            materials=event.materials,
            summary=event.summary,
        )
        old.industries.set(event.industries.all())
        Customer.objects.filter(calendar_event_id=event.pk).update(event=old)
        event.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("investment", "0002_archive_records_positioning_exceptions"),
        ("events", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="customer",
            name="calendar_event",
            field=models.ForeignKey(
                null=True,
                blank=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="events.event",
            ),
        ),
        migrations.RunPython(forwards, backwards),
        migrations.RemoveField(model_name="customer", name="event"),
        migrations.RenameField(model_name="customer", old_name="calendar_event", new_name="event"),
        migrations.AlterField(
            model_name="customer",
            name="event",
            field=models.ForeignKey(
                blank=True,
                limit_choices_to={"kind": "promotion"},
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="leads",
                to="events.event",
                verbose_name="来源活动",
            ),
        ),
        migrations.DeleteModel(name="PromotionEvent"),
    ]
