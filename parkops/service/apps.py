from django.apps import AppConfig


class ServiceConfig(AppConfig):
    name = "parkops.service"
    label = "service"
    verbose_name = "客户服务"

    def ready(self) -> None:
        from parkops.core.navigation import NavItem, register
        from parkops.core.scope import Role

        register(
            NavItem(
                "operations", "礼宾服务团队", "service:conciergeteam_list", "service.ConciergeTeam", order=400
            ),
            NavItem("operations", "咨询投诉", "service:ticket_list", "service.Ticket", order=410),
            NavItem(
                "operations",
                "投诉台账",
                "service:complaint_ledger",
                "service.Ticket",
                roles=(Role.OPERATOR_ADMIN, Role.STAFF, Role.ASSESSOR),
                order=411,
            ),
            NavItem("operations", "满意度调查", "service:survey_list", "service.Survey", order=420),
            NavItem(
                "operations",
                "我的问卷",
                "service:my_surveys",
                "service.SurveyInvitation",
                roles=(Role.TENANT,),
                order=421,
            ),
            NavItem(
                "operations", "会议服务", "service:meetingservice_list", "service.MeetingService", order=430
            ),
            NavItem(
                "operations", "接待记录", "service:receptionrecord_list", "service.ReceptionRecord", order=431
            ),
            NavItem(
                "operations",
                "增值服务",
                "service:valueaddedservice_list",
                "service.ValueAddedService",
                order=440,
            ),
        )
