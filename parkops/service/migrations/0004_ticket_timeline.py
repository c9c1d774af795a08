# The ticket timeline on the shared workflow shape (parkops.core.workflow.TimelineEvent):
# steps may carry the platform's words as a msgid with parameters, and record the state
# before and after; existing steps keep their data and get the state they led to.

from django.db import migrations, models

STEP_STATES = {
    "提交": "new",
    "受理": "accepted",
    "处理进展": "processing",
    "回复": "replied",
    "企业确认": "confirmed",
    "重新打开": "reopened",
}


def fill_states(apps, schema_editor):
    Event = apps.get_model("service", "TicketEvent")
    for action, state in STEP_STATES.items():
        Event.objects.filter(action=action, to_state="").update(to_state=state)


class Migration(migrations.Migration):
    dependencies = [
        ("service", "0003_ratings_property_inspections"),
    ]

    operations = [
        migrations.AddField(
            model_name="ticketevent",
            name="from_state",
            field=models.CharField(blank=True, max_length=30, verbose_name="原状态"),
        ),
        migrations.AddField(
            model_name="ticketevent",
            name="note_params",
            field=models.JSONField(blank=True, default=dict, verbose_name="说明参数"),
        ),
        migrations.AddField(
            model_name="ticketevent",
            name="to_state",
            field=models.CharField(blank=True, max_length=30, verbose_name="新状态"),
        ),
        migrations.AlterField(
            model_name="ticketevent",
            name="action",
            field=models.CharField(max_length=60, verbose_name="操作"),
        ),
        migrations.RunPython(fill_states, migrations.RunPython.noop),
    ]
