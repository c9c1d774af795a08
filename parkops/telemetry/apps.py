from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class TelemetryConfig(AppConfig):
    name = "parkops.telemetry"
    label = "telemetry"
    verbose_name = _("物联监测")

    def ready(self) -> None:
        from parkops.core.navigation import NavItem, register

        area = "digital"
        register(
            NavItem(area, _("设备运行状态"), "telemetry:status", "telemetry.Device", order=200),
            NavItem(
                area,
                pgettext_lazy("list", "物联设备"),
                "telemetry:device_list",
                "telemetry.Device",
                order=201,
            ),
            NavItem(
                area, pgettext_lazy("list", "测点"), "telemetry:point_list", "telemetry.Point", order=202
            ),
            NavItem(
                area, pgettext_lazy("list", "告警"), "telemetry:alarm_list", "telemetry.Alarm", order=203
            ),
            NavItem(
                area,
                pgettext_lazy("list", "告警规则"),
                "telemetry:alarmrule_list",
                "telemetry.AlarmRule",
                order=204,
            ),
            NavItem(
                area,
                pgettext_lazy("list", "隔离读数"),
                "telemetry:quarantine_list",
                "telemetry.Quarantine",
                order=205,
            ),
            NavItem(
                area,
                pgettext_lazy("list", "换表记录"),
                "telemetry:meterreplacement_list",
                "telemetry.MeterReplacement",
                order=206,
            ),
        )
