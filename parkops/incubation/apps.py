from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class IncubationConfig(AppConfig):
    name = "parkops.incubation"
    label = "incubation"
    verbose_name = _("孵化服务")

    def ready(self) -> None:
        from parkops.core.navigation import NavItem, register

        pages = (
            ("创业孵化中心", "incubationcentre", "IncubationCentre"),
            ("孵化服务清单", "incubatorservice", "IncubatorService"),
            ("在孵企业", "startup", "Startup"),
            ("孵化里程碑", "milestone", "Milestone"),
            ("创业导师", "mentor", "Mentor"),
            ("创业辅导案例", "mentoringcase", "MentoringCase"),
            ("创业基金", "fund", "Fund"),
            ("基金投资案例", "fundinvestment", "FundInvestment"),
        )
        register(
            *(
                NavItem(
                    "operations",
                    pgettext_lazy("list", label),
                    f"incubation:{name}_list",
                    f"incubation.{model}",
                    order=430 + i,
                )
                for i, (label, name, model) in enumerate(pages)
            )
        )
