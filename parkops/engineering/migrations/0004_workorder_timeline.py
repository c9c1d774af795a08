# The work-order timeline on the shared workflow shape (parkops.core.workflow.TimelineEvent):
# each step records the state before and after; existing steps keep their data and get the
# state they led to where the step names it.

from django.db import migrations, models

# Steps whose resulting state is certain (退回重修 and the escalations are not).
STEP_STATES = {
    "报修": "reported",
    "告警生成": "reported",
    "计划生成": "reported",
    "派单": "assigned",
    "接单": "accepted",
    "处理完成": "done",
    "确认完成": "confirmed",
    "评价": "rated",
}


def fill_states(apps, schema_editor):
    Event = apps.get_model("engineering", "WorkOrderEvent")
    for action, state in STEP_STATES.items():
        Event.objects.filter(action=action, to_state="").update(to_state=state)


class Migration(migrations.Migration):
    dependencies = [
        ("engineering", "0003_workorderevent_note_params"),
    ]

    operations = [
        migrations.AddField(
            model_name="workorderevent",
            name="from_state",
            field=models.CharField(blank=True, max_length=30, verbose_name="原状态"),
        ),
        migrations.AddField(
            model_name="workorderevent",
            name="to_state",
            field=models.CharField(blank=True, max_length=30, verbose_name="新状态"),
        ),
        migrations.AlterField(
            model_name="workorderevent",
            name="action",
            field=models.CharField(max_length=60, verbose_name="操作"),
        ),
        migrations.RunPython(fill_states, migrations.RunPython.noop),
    ]
