"""Believable, unique Chinese names and identifiers for demo data, drawn from one seeded RNG.

Nothing here is a real person or company: names are combined from word lists, credit codes
and mobile numbers are random but pass the validators in ``parkops.core.validators``.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable

from parkops.core.validators import credit_code_check_char

CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
# Administrative division codes of Shenzhen and its districts (positions 3–8 of a credit code).
# Most of a Nanshan park's tenants registered in Nanshan (440305) or with the city (440300).
SHENZHEN_DIVISIONS = ("440300", "440303", "440304", "440305", "440306", "440307", "440309")
_DIVISION_WEIGHTS = (4, 1, 2, 6, 2, 1, 1)
MOBILE_PREFIXES = (
    "133", "135", "136", "137", "138", "139", "150", "151", "152", "153", "155", "158", "159",
    "166", "177", "180", "181", "186", "187", "188", "189", "199",
)  # fmt: skip

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许邓冯韩曹曾彭蔡潘田董袁于余叶蒋杜苏魏程吕"
    "丁沈任姚卢钟姜崔谭廖范汪陆金石戴贾韦夏邱方侯邹熊孟秦白江薛尹段雷黎史龙陶贺顾毛郝龚邵万赖洪莫"
)
# Surnames are not equally common: the first twenty cover far more people than the rest.
_SURNAME_WEIGHTS = [6 if i < 20 else 2 if i < 45 else 1 for i in range(len(SURNAMES))]
# Given-name characters commonly chosen for boys, for girls; a name draws from one list.
GIVEN_CHARS = (
    "伟强磊军洋勇杰涛明超刚辉鹏华建国志宇浩俊晨博鑫斌海峰东林亮成飞宁凯彬航宏昊晖锋振睿泽轩文嘉思",
    "芳娜敏静丽艳娟秀霞桂欣怡佳梓涵雨婷琳颖晓雪慧楠瑶璐琪婉玲倩欢蕾莉薇晴悦诗嘉思文",
)

BRAND_CHARS = (
    "华创芯微智联思睿迈瑞康博海源恒达信泰鼎腾锐捷拓晶光磁航宇极星云禾川易晟昊盈弘嘉远德安明新英天越"
    "科凌讯峰普维诺卓途元景致朗"
)


def person_name(rng: random.Random) -> str:
    surname = rng.choices(SURNAMES, weights=_SURNAME_WEIGHTS)[0]
    chars = GIVEN_CHARS[rng.random() < 0.45]
    given = "".join(rng.sample(chars, 1 if rng.random() < 0.3 else 2))
    return surname + given


def brand(rng: random.Random) -> str:
    return "".join(rng.sample(BRAND_CHARS, 3 if rng.random() < 0.12 else 2))


class Unique:
    """Draw values from a generator until one has not been used yet."""

    def __init__(self, used: Iterable[str] = ()) -> None:
        self.used = set(used)

    def take(self, make) -> str:
        for _ in range(1000):
            value = make()
            if value not in self.used:
                self.used.add(value)
                return value
        raise RuntimeError("ran out of unique demo values")


def credit_code(rng: random.Random, *, new_style: bool | None = None) -> str:
    """A valid 统一社会信用代码 of a Shenzhen enterprise (登记管理部门 9, 企业 1).

    Enterprises registered since 2015 carry an "MA" body (e.g. 91440300MA5F…); older ones
    kept their nine-character organisation code.
    """
    if new_style is None:
        new_style = rng.random() < 0.8
    head = "91" + rng.choices(SHENZHEN_DIVISIONS, weights=_DIVISION_WEIGHTS)[0]
    digits = "".join(rng.choice("0123456789") for _ in range(8))
    chars = "".join(rng.choice(CREDIT_ALPHABET) for _ in range(6))
    body = "MA5" + chars if new_style else digits + chars[0]
    first17 = head + body
    return first17 + credit_code_check_char(first17)


def mobile(rng: random.Random) -> str:
    return rng.choice(MOBILE_PREFIXES) + "".join(rng.choice("0123456789") for _ in range(8))


def date_between(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    # One draw whatever the span, so the draws after it (names, codes) stay the same on
    # whichever day the demo is built.
    span = max(0, (end - start).days)
    return start + dt.timedelta(days=min(span, int(rng.random() * (span + 1))))
