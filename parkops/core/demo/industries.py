"""How demo enterprises of each industry are named and where they sit.

Keys are industry names of the current catalogue loaded by ``core/0002_industry_catalogue``;
an enterprise whose industry is missing from the catalogue keeps its business in
``industry_note`` and no industry link.
"""

from __future__ import annotations

import random
from dataclasses import dataclass


@dataclass(frozen=True)
class IndustryProfile:
    industry: str
    words: tuple[str, ...]  # the business word in the company name: 微电子, 生物医药 …
    notes: tuple[str, ...]  # 行业说明
    office: int  # weight among R&D/office tenants
    plant: int  # weight among plant tenants


PROFILES = (
    IndustryProfile(
        "半导体与集成电路",
        ("微电子", "半导体", "集成电路", "芯片"),
        ("集成电路设计", "功率半导体器件", "模拟芯片设计", "芯片封装测试", "半导体设备零部件"),
        office=16,
        plant=3,
    ),
    IndustryProfile(
        "智能传感器",
        ("传感", "感知", "传感器"),
        ("MEMS 传感器", "光电传感器", "压力传感器", "智能传感模组"),
        office=12,
        plant=2,
    ),
    IndustryProfile(
        "高端医疗器械",
        ("医疗器械", "医疗科技", "医疗设备"),
        ("医学影像设备", "体外诊断设备", "手术机器人", "康复器械"),
        office=9,
        plant=3,
    ),
    IndustryProfile(
        "激光与增材制造",
        ("激光", "增材制造", "激光科技"),
        ("工业激光器", "激光加工设备", "金属 3D 打印"),
        office=3,
        plant=6,
    ),
    IndustryProfile(
        "精密仪器设备",
        ("精密仪器", "仪器", "测控"),
        ("光学检测仪器", "电子测量仪器", "半导体检测设备"),
        office=4,
        plant=5,
    ),
    IndustryProfile(
        "工业母机",
        ("数控", "精密机械", "机床"),
        ("数控系统", "精密加工中心"),
        office=1,
        plant=3,
    ),
    IndustryProfile(
        "软件与信息服务",
        ("软件", "信息技术", "数据", "网络科技"),
        ("工业软件", "企业管理软件", "云计算服务", "数据服务"),
        office=10,
        plant=0,
    ),
    IndustryProfile(
        "网络与通信",
        ("通信", "通讯", "网络技术"),
        ("5G 通信模组", "光通信器件", "物联网通信"),
        office=5,
        plant=1,
    ),
    IndustryProfile(
        "智能终端",
        ("电子", "智能", "智能终端"),
        ("可穿戴设备", "智能家居终端", "消费电子"),
        office=5,
        plant=2,
    ),
    IndustryProfile(
        "智能机器人",
        ("机器人", "自动化", "智能装备"),
        ("工业机器人", "服务机器人", "自动化产线"),
        office=4,
        plant=4,
    ),
    IndustryProfile(
        "新能源",
        ("新能源", "储能", "能源科技"),
        ("储能系统", "动力电池管理系统", "光伏逆变器"),
        office=3,
        plant=3,
    ),
    IndustryProfile(
        "新材料",
        ("新材料", "材料科技"),
        ("电子功能材料", "高分子材料"),
        office=2,
        plant=3,
    ),
    IndustryProfile(
        "智能网联汽车",
        ("汽车电子", "智能驾驶", "车联网"),
        ("车载电子", "自动驾驶算法", "车联网终端"),
        office=3,
        plant=1,
    ),
    IndustryProfile(
        "超高清视频显示",
        ("光电", "显示", "视像"),
        ("Micro LED 显示", "显示驱动", "超高清视频设备"),
        office=2,
        plant=1,
    ),
    IndustryProfile(
        "生物医药",
        ("生物医药", "生物科技", "药业"),
        ("创新药研发", "生物制品", "CRO 研发服务"),
        office=3,
        plant=0,
    ),
    IndustryProfile(
        "安全节能环保",
        ("环保科技", "节能科技", "环境技术"),
        ("节能服务", "环境监测设备"),
        office=2,
        plant=1,
    ),
    IndustryProfile(
        "低空经济与空天",
        ("无人机", "航空科技"),
        ("工业无人机", "低空飞行服务"),
        office=2,
        plant=1,
    ),
    IndustryProfile(
        "区块链",
        ("区块链", "数字科技"),
        ("区块链应用开发",),
        office=1,
        plant=0,
    ),
    IndustryProfile(
        "量子信息",
        ("量子科技", "量子"),
        ("量子通信器件",),
        office=1,
        plant=0,
    ),
)

# Businesses on the ground floors: services to the park's people, outside the city's list.
SERVICE_BUSINESSES = (
    ("餐饮管理有限公司", "员工餐厅"),
    ("咖啡有限公司", "咖啡简餐"),
    ("便利店有限公司", "便利零售"),
    ("健身管理有限公司", "健身服务"),
    ("商务服务有限公司", "打印与会议服务"),
    ("知识产权代理有限公司", "知识产权服务"),
    ("人力资源服务有限公司", "人力资源服务"),
    ("财税咨询有限公司", "财税代理"),
    ("餐饮有限公司", "特色餐饮"),
    ("花艺有限公司", "花艺礼品"),
)

SUFFIXES = ("科技有限公司", "科技有限公司", "科技有限公司", "技术有限公司", "有限公司", "股份有限公司")
# A business word that already says 科技/技术/药业 takes a plain suffix.
PLAIN_SUFFIXES = ("有限公司", "有限公司", "股份有限公司")


def pick_profile(rng: random.Random, *, plant: bool) -> IndustryProfile:
    weights = [p.plant if plant else p.office for p in PROFILES]
    return rng.choices(PROFILES, weights=weights)[0]


def company_name(rng: random.Random, brand: str, profile: IndustryProfile) -> str:
    word = rng.choice(profile.words)
    suffix = rng.choice(PLAIN_SUFFIXES if word.endswith(("科技", "技术", "药业")) else SUFFIXES)
    if rng.random() < 0.08:
        # A Shenzhen subsidiary of a group registered elsewhere.
        return f"{brand}{word}（深圳）有限公司"
    city = "深圳市" if rng.random() < 0.85 else "深圳"
    return f"{city}{brand}{word}{suffix}"
