from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ServiceConfig(AppConfig):
    name = "parkops.service"
    label = "service"
    verbose_name = _("客户服务")

    def ready(self) -> None:
        from parkops.core.navigation import NavItem, register
        from parkops.core.scope import Role

        register(
            NavItem(
                "operations",
                pgettext_lazy("list", "礼宾服务团队"),
                "service:conciergeteam_list",
                "service.ConciergeTeam",
                order=400,
            ),
            NavItem(
                "operations",
                pgettext_lazy("list", "咨询投诉"),
                "service:ticket_list",
                "service.Ticket",
                order=410,
            ),
            NavItem(
                "operations",
                pgettext_lazy("list", "投诉台账"),
                "service:complaint_ledger",
                "service.Ticket",
                roles=(Role.OPERATOR_ADMIN, Role.STAFF, Role.ASSESSOR),
                order=411,
            ),
            NavItem(
                "operations",
                pgettext_lazy("list", "满意度调查"),
                "service:survey_list",
                "service.Survey",
                order=420,
            ),
            NavItem(
                "operations",
                pgettext_lazy("list", "我的问卷"),
                "service:my_surveys",
                "service.SurveyInvitation",
                roles=(Role.TENANT,),
                order=421,
            ),
            NavItem(
                "operations",
                pgettext_lazy("list", "会议服务"),
                "service:meetingservice_list",
                "service.MeetingService",
                order=430,
            ),
            NavItem(
                "operations",
                pgettext_lazy("list", "接待记录"),
                "service:receptionrecord_list",
                "service.ReceptionRecord",
                order=431,
            ),
            NavItem(
                "operations",
                pgettext_lazy("list", "服务评价"),
                "service:servicerating_list",
                "service.ServiceRating",
                order=435,
            ),
            NavItem(
                "operations",
                pgettext_lazy("list", "服务评价汇总"),
                "service:rating_summary",
                "service.ServiceRating",
                roles=(Role.OPERATOR_ADMIN, Role.STAFF, Role.ASSESSOR),
                order=436,
            ),
            NavItem(
                "operations",
                pgettext_lazy("list", "物业服务体系"),
                "service:property_services",
                "service.PropertyInspection",
                roles=(Role.OPERATOR_ADMIN, Role.STAFF, Role.ASSESSOR),
                order=437,
            ),
            NavItem(
                "operations",
                pgettext_lazy("list", "增值服务"),
                "service:valueaddedservice_list",
                "service.ValueAddedService",
                order=440,
            ),
        )
