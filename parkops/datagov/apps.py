from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class DatagovConfig(AppConfig):
    name = "parkops.datagov"
    label = "datagov"
    verbose_name = _("数据治理与开放")

    def ready(self) -> None:
        from parkops.core.navigation import NavItem, register
        from parkops.datagov import api  # noqa: F401 - the Open-Key scheme for the schema
        from parkops.datagov.views import may_see_inventory

        register(
            NavItem(
                "digital",
                _("数据分类分级清单"),
                "datagov:inventory",
                allowed=may_see_inventory,
                app="datagov",
                order=60,
            ),
            NavItem(
                "digital",
                pgettext_lazy("list", "开放数据目录"),
                "datagov:opendataset_list",
                "datagov.OpenDataset",
                order=61,
            ),
            NavItem(
                "digital",
                pgettext_lazy("list", "外部接入单位"),
                "datagov:externalclient_list",
                "datagov.ExternalClient",
                order=62,
            ),
            NavItem(
                "digital",
                pgettext_lazy("list", "开放数据访问日志"),
                "datagov:accesslog_list",
                "datagov.AccessLog",
                order=63,
            ),
            NavItem(
                "digital",
                pgettext_lazy("list", "用户数据级别"),
                "datagov:userclearance_list",
                "datagov.UserClearance",
                order=65,
            ),
            NavItem(
                "digital",
                pgettext_lazy("list", "个人信息查看记录"),
                "datagov:personaldataaccess_list",
                "datagov.PersonalDataAccess",
                order=64,
            ),
        )
