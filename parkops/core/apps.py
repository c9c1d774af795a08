from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CoreConfig(AppConfig):
    name = "parkops.core"
    label = "core"
    verbose_name = _("园区基础")

    def ready(self) -> None:
        from django.conf import settings

        from parkops.core import clock, schema, search

        clock.set_to(settings.PARKOPS_CLOCK)

        schema.register_enum_names()
        from parkops.core.navigation import NavItem, register
        from parkops.core.scope import Role

        register(
            NavItem(
                "basics", pgettext_lazy("list", "运营机构"), "core:operator_list", "core.Operator", order=10
            ),
            NavItem("basics", pgettext_lazy("list", "园区"), "core:park_list", "core.Park", order=20),
            NavItem("basics", pgettext_lazy("list", "楼栋"), "core:building_list", "core.Building", order=30),
            NavItem("basics", pgettext_lazy("list", "楼层"), "core:floor_list", "core.Floor", order=40),
            NavItem("basics", pgettext_lazy("list", "房源"), "core:unit_list", "core.Unit", order=50),
            NavItem(
                "basics",
                pgettext_lazy("list", "改变规划用途情形"),
                "core:usechange_list",
                "core.UseChange",
                order=51,
            ),
            NavItem(
                "basics",
                pgettext_lazy("list", "配套服务类别"),
                "core:supportingservice_list",
                "core.SupportingService",
                order=61,
            ),
            NavItem(
                "basics",
                pgettext_lazy("list", "入驻企业"),
                "core:enterprise_list",
                "core.Enterprise",
                order=60,
            ),
            NavItem(
                "basics", pgettext_lazy("list", "部门"), "core:department_list", "core.Department", order=70
            ),
            NavItem(
                "basics", pgettext_lazy("list", "岗位职责"), "core:position_list", "core.Position", order=80
            ),
            NavItem("basics", pgettext_lazy("list", "员工"), "core:staff_list", "core.Staff", order=90),
            NavItem(
                "basics",
                pgettext_lazy("list", "从业经历"),
                "core:leadexperience_list",
                "core.LeadExperience",
                order=94,
            ),
            NavItem(
                "basics",
                pgettext_lazy("list", "同类项目经验案例"),
                "core:projectcase_list",
                "core.ProjectCase",
                order=11,
            ),
            NavItem(
                "basics",
                pgettext_lazy("list", "资格证书"),
                "core:staffqualification_list",
                "core.StaffQualification",
                order=91,
            ),
            NavItem(
                "basics",
                pgettext_lazy("list", "培训记录"),
                "core:trainingrecord_list",
                "core.TrainingRecord",
                order=92,
            ),
            NavItem(
                "basics",
                pgettext_lazy("list", "员工考核"),
                "core:staffassessment_list",
                "core.StaffAssessment",
                order=93,
            ),
            NavItem(
                "platform",
                pgettext_lazy("list", "审计日志"),
                "audit:entry_list",
                allowed=_may_read_audit_log,
                order=10,
            ),
            NavItem(
                "platform",
                pgettext_lazy("list", "账号管理"),
                "accounts:user_list",
                roles=(Role.OPERATOR_ADMIN,),
                order=5,
            ),
            NavItem(
                "platform",
                pgettext_lazy("list", "接口密钥"),
                "accounts:api_keys",
                roles=(Role.OPERATOR_ADMIN,),
                order=20,
            ),
            NavItem(
                "platform",
                pgettext_lazy("list", "接口文档"),
                "api-docs",
                roles=(Role.OPERATOR_ADMIN, Role.STAFF, Role.API_CLIENT),
                order=30,
            ),
        )
        search.register("core.Park", fields=("code", "name", "address"), label=pgettext_lazy("list", "园区"))
        search.register("core.Building", fields=("code", "name"), label=pgettext_lazy("list", "楼栋"))
        search.register("core.Unit", fields=("code",), label=pgettext_lazy("list", "房源"))
        search.register(
            "core.Enterprise",
            fields=("name", "credit_code", "contact_name"),
            label=pgettext_lazy("list", "入驻企业"),
        )
        search.register("core.Staff", fields=("name", "employee_no"), label=pgettext_lazy("list", "员工"))
        search.register("core.Department", fields=("name",), label=pgettext_lazy("list", "部门"))


def _may_read_audit_log(user) -> bool:
    from parkops.audit.selectors import may_read_log

    return may_read_log(user)
