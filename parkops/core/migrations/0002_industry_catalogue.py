"""Shenzhen's "20+8" industry direction (2022-06-06, adjusted 2024) as editable reference data.

Names seen only in English sources, and the 2024 addition, are loaded as unverified so an
operator can correct them; see the note on each entry.
"""

import datetime as dt

from django.db import migrations

FUTURE = [
    "合成生物",
    "区块链",
    "细胞与基因",
    "空天技术",
    "脑科学与类脑智能",
    "深地深海",
    "可见光通信与光计算",
    "量子信息",
]
CLUSTERS = [
    "半导体与集成电路",
    "智能传感器",
    "工业母机",
    "激光与增材制造",
    "精密仪器设备",
    "新能源",
    "安全节能环保",
    "智能网联汽车",
    "新材料",
    "高端医疗器械",
    "生物医药",
    "大健康",
    "海洋产业",
    "超高清视频显示",
]
UNVERIFIED = [
    ("网络与通信", "英文资料作 telecommunications，中文名称待核实"),
    ("智能终端", "英文资料作 intelligent terminals，中文名称待核实"),
    ("软件与信息服务", "英文资料作 software，中文名称待核实"),
    ("智能机器人", "英文资料作 intelligent robots，中文名称待核实"),
    ("低空经济与空天", "2024 年调整新增，待核实"),
]


def load(apps, schema_editor):
    Catalogue = apps.get_model("core", "IndustryCatalogue")
    Industry = apps.get_model("core", "Industry")
    catalogue, _ = Catalogue.objects.get_or_create(
        code="sz-20plus8-2022",
        defaults={
            "title": "深圳市“20+8”产业集群与未来产业",
            "published_on": dt.date(2022, 6, 6),
            "source": "深圳市人民政府 2022-06-06 发布，2024 年调整；部分名称待核实",
            "is_current": True,
        },
    )
    for name in FUTURE:
        Industry.objects.get_or_create(catalogue=catalogue, name=name, defaults={"kind": "future"})
    for name in CLUSTERS:
        Industry.objects.get_or_create(catalogue=catalogue, name=name, defaults={"kind": "cluster"})
    for name, note in UNVERIFIED:
        Industry.objects.get_or_create(
            catalogue=catalogue, name=name, defaults={"kind": "cluster", "verified": False, "note": note}
        )


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
