"""Demo data: plausible enterprises, people with valid identity numbers, a few records.

Used by `build_scripts/screenshots.py`, the GUI tests and the benchmarks. Deterministic for a
given seed, so screenshots and tests are stable. Nothing here runs in a clerk's normal work.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from desktop_app.core import status as st
from desktop_app.core.ids import check_char

if TYPE_CHECKING:
    from desktop_app.services.app import App

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜秀敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红建国文辉力斌宇浩凯鹏俊峰晨晓雪琳婷欣怡佳雨嘉子涵博文轩"
# Address codes (Shanghai districts and neighbouring provinces): valid province codes (R-ID-4).
ADDRESS_CODES = ("310118", "310101", "310104", "310112", "310115", "320583", "330402", "340102", "342401", "410105")
UNIT_WORDS = ("青浦", "朱家角", "练塘", "金泽", "赵巷", "徐泾", "华新", "白鹤", "重固", "香花桥")
UNIT_KINDS = ("快递物流有限公司", "科技有限公司", "食品有限公司", "物业管理有限公司", "机械制造有限公司",
              "服装有限公司", "环卫服务有限公司", "汽车配件有限公司", "餐饮管理有限公司", "建筑工程有限公司")
INDUSTRIES = ("快递物流", "货运驾驶", "网约送餐", "物业管理", "保洁环卫", "家政服务", "护工护理", "制造业", "其他")
OWNERSHIP = ("私营企业", "股份制企业", "外商投资企业", "港澳台商投资企业", "国有企业", "其他企业")


_CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def credit_code(rnd: random.Random) -> str:
    """A well-formed unified social credit code (GB 32100-2015 check character)."""
    body = "91310118" + "".join(rnd.choice(_CREDIT_ALPHABET[:10]) for _ in range(8)) + rnd.choice("ABCDEFGHJK")
    total = sum(_CREDIT_ALPHABET.index(c) * w for c, w in zip(body, _CREDIT_WEIGHTS))
    return body + _CREDIT_ALPHABET[(31 - total % 31) % 31]


def unit_names(n: int = 100) -> list[str]:
    # Word i % 10 with kind (i + i // 10) % 10: every pair distinct, neighbours differ in both.
    names = [f"上海{UNIT_WORDS[i % 10]}{UNIT_KINDS[(i + i // 10) % 10]}" for i in range(100)]
    return names[:n]


def make_id_number(address: str, birth: dt.date, seq: int) -> str:
    first17 = f"{address}{birth:%Y%m%d}{seq % 1000:03d}"
    return first17 + check_char(first17)


def fake_people(n: int, *, seed: int = 20230501, units: list[str] | None = None) -> Iterator[dict[str, Any]]:
    """`n` people with unique, valid identity numbers (R-ID-1, R-ID-4) and plausible fields."""
    rnd = random.Random(seed)
    units = units or unit_names()
    seen: set[str] = set()
    start = dt.date(1963, 1, 1).toordinal()
    span = dt.date(2004, 12, 31).toordinal() - start
    while len(seen) < n:
        birth = dt.date.fromordinal(start + rnd.randrange(span))
        seq = rnd.randrange(1000)
        number = make_id_number(rnd.choice(ADDRESS_CODES), birth, seq)
        if number in seen:
            continue
        seen.add(number)
        name = rnd.choice(SURNAMES) + "".join(rnd.choice(GIVEN) for _ in range(rnd.choice((1, 2, 2))))
        yield {
            "id_number": number,
            "name": name,
            "gender": "男" if seq % 2 else "女",
            "birth_date": birth,
            "phone": f"1{rnd.choice('3456789')}{rnd.randrange(10**9):09d}",
            "work_unit": rnd.choice(units),
            "industry": rnd.choice(INDUSTRIES),
            "is_member": rnd.random() < 0.8,
        }


def create_demo_data(app: "App", *, people: int = 200, seed: int = 20230501) -> dict[str, int]:
    """A small but realistic office: enterprises, people, and 2023 health-check applications."""
    from desktop_app.services.people import upsert_person
    from desktop_app.services.records import RecordInput, save_record, set_status
    from desktop_app.services.units import save_unit

    rnd = random.Random(seed)
    names = unit_names(12)
    with app.transaction() as s:
        for i, name in enumerate(names):
            save_unit(s, {
                "name": name,
                "credit_code": credit_code(rnd),
                "ownership": OWNERSHIP[i % len(OWNERSHIP)],
                "address": f"上海市青浦区{UNIT_WORDS[i % 10]}镇工业园区{rnd.randrange(1, 300)}号",
                "contact": rnd.choice(SURNAMES) + rnd.choice(GIVEN) + rnd.choice(GIVEN),
                "phone": f"139{rnd.randrange(10**8):08d}",
            })
        everyone = list(fake_people(people, seed=seed, units=names))
        for row in everyone:
            upsert_person(s, row["id_number"], {k: v for k, v in row.items() if k != "id_number"})
    made = 0
    # Health-check applications (2-3-2) with their rosters (2-3-6), 30+ people a batch (R-HC-2),
    # in the states a clerk's list shows: 待盖章, 已报送, 已通过, 已退回, 草稿.
    ready, submitted, approved, returned = st.READY.key, st.SUBMITTED.key, st.APPROVED.key, st.RETURNED.key
    path: tuple[list[str], ...] = ([ready], [ready, submitted], [ready, submitted, approved],
                                   [ready, submitted, returned], [])
    for i, unit in enumerate(names[:5]):
        staff = [p for p in everyone if p["work_unit"] == unit][:40]
        if len(staff) < 30:
            staff = everyone[i * 35:(i + 1) * 35]
        roster = [{"unit": unit, "name": p["name"], "gender": p["gender"], "id_number": p["id_number"],
                   "married": "已婚" if n % 3 else "未婚", "phone": p["phone"]} for n, p in enumerate(staff)]
        values = {"unit_name": unit, "contact": staff[0]["name"], "contact_phone": staff[0]["phone"],
                  "headcount": len(roster), "check_date": f"2023-06-{5 + i:02d}", "check_place": "青浦区体检中心",
                  "ownership": "private", "plan": "ABC"[i % 3], "fill_date": f"2023-05-{10 + i:02d}"}
        with app.transaction() as s:
            res = save_record(s, app.specs, project_code="QP2023-03", form_code="2-3-2",
                              data=RecordInput(values=values, roster=roster), draft=True)
            made += 1
            if any(f.is_error for f in res.findings):
                continue  # stays a draft
            for status in path[i]:
                # 已通过 / 已退回 are the district's decisions (at a town they arrive with the
                # return package): the demo plays that part.
                set_status(s, res.record.id, status, reason="名册中 2 人的婚否未填写" if status == returned else None,
                           by="district" if status in (approved, returned) else None)
    return {"units": len(names), "people": people, "records": made}
