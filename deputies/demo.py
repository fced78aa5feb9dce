"""Demo deputies: sixty fictional deputies of the 17th term in a group and a constituency per
street and the town, and the demo accounts ``deputy1`` and ``deputy2`` linked to the first two.
Idempotent: groups and constituencies are found by natural keys, the deputies are made only
when the term has none, and nothing users entered is touched."""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from congress import roles
from congress.demo import CURRENT_TERM_NUMBER, SURNAMES, demo_streets, demo_user
from congress.models import Term
from congress.services import user_set_roles, user_set_unit
from deputies.models import Constituency, Deputy, DeputyGroup
from deputies.services import deputy_link_user

GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰建国文斌欣怡晨曦子涵浩然嘉怡思远宇轩雨桐佳琪"
OCCUPATIONS = [
    ("社区卫生服务中心主任", "professional", "公共卫生"),
    ("小学校长", "professional", "基础教育"),
    ("律师事务所合伙人", "professional", "法律"),
    ("会计师事务所所长", "professional", "财务审计"),
    ("居民区党总支书记", "community", "基层治理"),
    ("科技企业总经理", "enterprise", "人工智能"),
    ("三甲医院副院长", "professional", "医疗管理"),
    ("街道办事处主任", "official", "城市管理"),
    ("高校教授", "professional", "经济学"),
    ("快递网点站长", "worker", "物流"),
    ("物业公司经理", "enterprise", "物业管理"),
    ("区政府副区长", "official", "政府管理"),
    ("建筑设计院总工程师", "professional", "城市规划"),
    ("养老院院长", "community", "养老服务"),
    ("工厂班组长", "worker", "先进制造"),
]
PARTIES = ["中共党员", "中共党员", "中共党员", "群众", "民盟盟员", "民建会员", "九三学社社员", "农工党党员"]
DEMO_ACCOUNTS = (("deputy1", "XH17-001"), ("deputy2", "XH17-002"))


@transaction.atomic
def load_deputies_demo() -> None:
    term = Term.objects.filter(number=CURRENT_TERM_NUMBER).first()
    if term is None:
        return
    streets = demo_streets()
    groups = []
    for i, org in enumerate(streets):
        group, _c = DeputyGroup.objects.get_or_create(
            term=term, organization=org, defaults={"name": f"{org.name}代表组", "sort_order": i}
        )
        Constituency.objects.get_or_create(
            term=term, number=i + 1, defaults={"name": f"{org.name}选区", "organization": org}
        )
        groups.append(group)
    if Deputy.objects.filter(term=term).exists():
        _link_demo_accounts(term)
        return
    rng = random.Random(17)
    constituencies = list(Constituency.objects.filter(term=term).order_by("number"))
    deputies = []
    for i in range(60):
        name = SURNAMES[rng.randrange(len(SURNAMES))] + "".join(rng.sample(GIVEN, rng.choice([1, 2])))
        job, sector, specialty = OCCUPATIONS[i % len(OCCUPATIONS)]
        slot = i % len(groups)
        deputies.append(
            Deputy(
                term=term,
                person_key=f"XH17-{i + 1:03d}",
                name=name,
                gender=Deputy.Gender.FEMALE if i % 3 == 0 else Deputy.Gender.MALE,
                birth_date=dt.date(1960 + rng.randrange(35), rng.randrange(1, 13), rng.randrange(1, 28)),
                ethnicity="汉族" if i % 11 else "回族",
                party=PARTIES[i % len(PARTIES)],
                education=rng.choice(["doctorate", "master", "bachelor", "bachelor", "college"]),
                occupation=f"{streets[slot].name}{job}",
                sector=sector,
                specialty=specialty,
                group=groups[slot],
                constituency=constituencies[slot],
                phone=f"1380000{i:04d}",
                public_fields=list(Deputy.DEFAULT_PUBLIC_FIELDS),
            )
        )
    bulk_create_with_history(deputies, Deputy, default_change_reason="演示数据")
    _link_demo_accounts(term)


def _link_demo_accounts(term: Term) -> None:
    for username, key in DEMO_ACCOUNTS:
        deputy = Deputy.objects.filter(term=term, person_key=key).first()
        if deputy is None:
            continue
        user = demo_user(username, deputy.name, [roles.DEPUTY])
        if deputy.user_id in (None, user.pk):
            # The service also grants the object right to edit the deputy's own profile.
            deputy_link_user(deputy=deputy, user=user, actor=None)
        if user.display_name != deputy.name:
            user.display_name = deputy.name
            user.save(update_fields=["display_name"])
        user_set_roles(user=user, role_names=[roles.DEPUTY])
        user_set_unit(user=user, unit=None)
