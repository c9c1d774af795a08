from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class BrandConfig(AppConfig):
    name = "parkops.brand"
    label = "brand"
    verbose_name = _("品牌与舆情")

    def ready(self) -> None:
        from parkops.core.navigation import NavItem, register

        register(
            NavItem(
                "operations",
                pgettext_lazy("list", "品牌定位与规划文件"),
                "brand:branddocument_list",
                "brand.BrandDocument",
                order=470,
            ),
            NavItem(
                "operations",
                pgettext_lazy("list", "品牌推广策划"),
                "brand:campaign_list",
                "brand.Campaign",
                order=471,
            ),
            NavItem(
                "operations",
                pgettext_lazy("list", "媒体报道"),
                "brand:mediacoverage_list",
                "brand.MediaCoverage",
                order=472,
            ),
            NavItem(
                "operations",
                pgettext_lazy("list", "舆情事件"),
                "brand:opinionevent_list",
                "brand.OpinionEvent",
                order=473,
            ),
        )
