"""The property-service checklist the park uses for its self-inspection (clause 6.1.6).

Clause 6.1.6 asks that property services, provided by the operator or a contracted property
service provider, meet DB4403/T 303 《物业服务要求 产业园区》. The items below are the park's
own summary of the property-service areas that standard covers (management, customer
service, building and equipment upkeep, order and safety, cleaning, greening, parking,
emergencies); they are a working checklist, not a quotation of the standard's text.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

STANDARD_CODE = "DB4403/T 303"
STANDARD_TITLE = _("物业服务要求 产业园区")


@dataclass(frozen=True)
class ChecklistItem:
    code: str
    area: Promise
    text: Promise


_MANAGEMENT = _("综合管理")
_CUSTOMER = _("客户服务")
_UPKEEP = _("房屋及设施设备维护")
_ORDER = _("公共秩序维护")
_CLEANING = _("环境卫生")
_GREENING = _("绿化养护")
_PARKING = _("停车管理")
_EMERGENCY = _("应急管理")

ITEMS: tuple[ChecklistItem, ...] = (
    ChecklistItem("M1", _MANAGEMENT, _("物业服务合同或自行管理方案明确服务内容、标准和人员配置")),
    ChecklistItem("M2", _MANAGEMENT, _("各岗位管理制度、操作规程和服务记录齐全并归档")),
    ChecklistItem("M3", _MANAGEMENT, _("从业人员持证上岗、统一着装，定期培训")),
    ChecklistItem("C1", _CUSTOMER, _("服务中心公布服务内容、收费标准、联系方式和服务时间")),
    ChecklistItem("C2", _CUSTOMER, _("报事报修、咨询投诉有受理、处理、回访记录")),
    ChecklistItem("C3", _CUSTOMER, _("定期了解企业对物业服务的意见并改进")),
    ChecklistItem("U1", _UPKEEP, _("房屋本体、公共部位定期巡查，损坏及时维修")),
    ChecklistItem("U2", _UPKEEP, _("供配电、给排水、电梯、空调、消防等设施设备有维保计划并按计划执行")),
    ChecklistItem("U3", _UPKEEP, _("特种设备及消防设施按规定检测，证照在有效期内")),
    ChecklistItem("O1", _ORDER, _("出入口值守、访客和车辆登记，重点部位巡逻有记录")),
    ChecklistItem("O2", _ORDER, _("监控中心有人值守，监控录像按规定保存")),
    ChecklistItem("S1", _CLEANING, _("公共区域按清洁标准定时保洁，卫生间、电梯轿厢等重点部位保持清洁")),
    ChecklistItem("S2", _CLEANING, _("垃圾分类收集、日产日清，垃圾设施定期清洁消毒")),
    ChecklistItem("S3", _CLEANING, _("定期开展消杀（灭鼠、灭蚊蝇、灭蟑螂）")),
    ChecklistItem("G1", _GREENING, _("绿地、花木按养护标准修剪、施肥、浇水和病虫害防治")),
    ChecklistItem("P1", _PARKING, _("停车场标识清晰、车辆有序停放，充电设施安全管理")),
    ChecklistItem("E1", _EMERGENCY, _("有火灾、停电、停水、电梯困人、极端天气等应急预案并定期演练")),
)
ITEMS_BY_CODE = {item.code: item for item in ITEMS}


def areas() -> list[tuple[str, list[ChecklistItem]]]:
    """The items grouped by area, in the checklist's order (labels in the reader's language)."""
    grouped: dict[str, list[ChecklistItem]] = {}
    for item in ITEMS:
        grouped.setdefault(str(item.area), []).append(item)
    return list(grouped.items())
