"""Demo liaison stations: a liaison office for every street and the town (with the street's
deputies attached, directions, a file and reception days), residential liaison points in the
first streets, the station worker ``station1`` of 天平路街道代表联络室, opinion categories, and
opinions in every state, taken through the services so each has its timeline. Idempotent:
stations and categories by natural keys, opinions only when there are none."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from congress import roles
from congress.demo import demo_streets, demo_user
from congress.models import Organization, User
from congress.services import user_set_roles
from liaison import services
from liaison.models import Opinion, OpinionCategory, Reception, Station, StationRecord

CATEGORIES = [
    ("urban", "城市建设与管理"),
    ("community", "社区治理"),
    ("education", "教育"),
    ("health", "医疗卫生"),
    ("elderly", "养老服务"),
    ("traffic", "交通出行"),
    ("environment", "生态环境"),
    ("other", "其他"),
]
ROADS = [
    "天平路",
    "湖南路",
    "斜土路",
    "枫林路",
    "长桥路",
    "田林路",
    "虹梅路",
    "康健路",
    "漕溪北路",
    "凌云路",
    "龙华路",
    "漕宝路",
    "华泾路",
]
METRO = [
    "交通大学站",
    "上海图书馆站",
    "肇嘉浜路站",
    "东安路站",
    "龙漕路站",
    "桂林路站",
    "虹漕路站",
    "上海南站",
    "徐家汇站",
    "华东理工大学站",
    "龙华站",
    "漕河泾开发区站",
    "华泾西站",
]


@transaction.atomic
def load_liaison_demo() -> None:
    try:
        streets = demo_streets()
    except KeyError:
        return
    for i, (code, name) in enumerate(CATEGORIES):
        OpinionCategory.objects.get_or_create(code=code, defaults={"name": name, "sort_order": i})
    stations = [_office(i, street) for i, street in enumerate(streets)]
    for i, street in enumerate(streets[:3]):
        _point(i, street)
    worker = demo_user("station1", "天平路街道代表联络室 工作人员 徐", [roles.STATION_WORKER])
    user_set_roles(user=worker, role_names=[roles.STATION_WORKER])
    stations[0].workers.add(worker)
    _receptions(stations)
    if not Opinion.objects.exists():
        _opinions(stations, worker)


def _office(i: int, street: Organization) -> Station:
    station, created = Station.objects.get_or_create(
        name=f"{street.name}代表联络室",
        defaults={
            "kind": Station.Kind.OFFICE,
            "street": street,
            "address": f"{ROADS[i % len(ROADS)]}{100 + 8 * i}号 社区党群服务中心二楼",
            "directions": f"地铁{METRO[i % len(METRO)]}出站步行约10分钟；进门右手边电梯上二楼，第一间即是。",
            "phone": f"021-6400{i:04d}",
            "opening_hours": "工作日 9:00–17:00；每月第一个周六上午接待日",
            "head_name": "街道党工委书记",
            "sort_order": i,
        },
    )
    if created:
        group = street.deputy_groups.order_by("-term__number").first()
        if group is not None:
            station.deputies.set(group.deputies.filter(is_active=True))
        StationRecord.objects.bulk_create(
            [
                StationRecord(
                    station=station, kind=StationRecord.Kind.VENUE, title="接待室、会议室各一间，可容纳30人"
                ),
                StationRecord(
                    station=station,
                    kind=StationRecord.Kind.PUBLICITY,
                    title="代表公示栏：进站代表照片、联系方式和接待日安排",
                ),
                StationRecord(
                    station=station, kind=StationRecord.Kind.ARCHIVE, title="接待日登记簿、社情民意办理台账"
                ),
            ]
        )
        if i == 0:
            StationRecord.objects.create(
                station=station,
                kind=StationRecord.Kind.MODEL,
                title="“家门口”联系点加装电梯协调会",
                content="代表牵头召开居民协调会，推动三个小区加装电梯落地。",
            )
    return station


def _point(i: int, street: Organization) -> Station:
    station, created = Station.objects.get_or_create(
        name=f"{street.name}第{i + 1}居民区代表联系点",
        defaults={
            "kind": Station.Kind.POINT,
            "street": street,
            "address": f"{ROADS[i]}{200 + i}弄 居委会一楼",
            "directions": "小区正门进入，左手边第一栋即是居委会。",
            "sort_order": 50 + i,
        },
    )
    if created:
        group = street.deputy_groups.order_by("-term__number").first()
        if group is not None:
            station.deputies.set(group.deputies.filter(is_active=True)[:2])
    return station


def _receptions(stations: list[Station]) -> None:
    today = timezone.localdate()
    zone = timezone.get_current_timezone()
    for i, station in enumerate(stations):
        if station.receptions.exists():
            continue
        deputies = list(station.deputies.all()[:2])
        for days in (-20, 3 + i % 5, 17 + i % 5):
            day = today + dt.timedelta(days=days)
            starts = dt.datetime.combine(day, dt.time(9, 0), tzinfo=zone)
            reception = Reception.objects.create(
                station=station,
                starts_at=starts,
                ends_at=starts + dt.timedelta(hours=2, minutes=30),
                topic="代表接待日：听取群众意见建议",
            )
            reception.deputies.set(deputies)


def _opinions(stations: list[Station], worker: User) -> None:
    staff = User.objects.filter(username="staff").first()
    deputy_user = User.objects.filter(username="deputy1").first()
    deputy = getattr(deputy_user, "deputy", None) if deputy_user else None
    department = (
        Organization.objects.filter(name="区建设和管理委员会").first()
        or Organization.objects.filter(kind=Organization.Kind.DEPARTMENT).first()
    )
    if staff is None or department is None:
        return
    station = stations[0]
    cats = {c.code: c for c in OpinionCategory.objects.all()}
    station_deputy = deputy if deputy is not None and station.deputies.filter(pk=deputy.pk).exists() else None

    def take(content, cat, mobile, **extra):
        return services.opinion_submit(
            street=station.street,
            category=cats[cat],
            content=content,
            mobile=mobile,
            station=station,
            **extra,
        )

    take("小区门口人行道地砖松动，老人走路容易绊倒，希望尽快修补。", "urban", "13900000001")
    street_one = take(
        "菜场周边早上占道经营严重，希望街道加强管理。", "community", "13900000002", name="王阿姨"
    )
    services.opinion_route(actor=worker, opinion=street_one, layer="street", note="转街道城管中队")
    dept = take("学校门口早晚高峰接送车辆拥堵，建议设置临时停车区。", "traffic", "13900000003")
    services.opinion_route(actor=worker, opinion=dept, layer="department", unit=department)
    spot = take("想了解社区长者食堂的开放时间和报名方式。", "elderly", "13900000004")
    services.opinion_close(
        actor=worker, opinion=spot, result="已当场答复：长者食堂每天11:00–13:00开放，在居委会登记即可。"
    )
    solved = take("楼道路灯坏了两个星期没人修。", "community", "13900000005", name="李先生")
    services.opinion_route(actor=worker, opinion=solved, layer="street")
    services.opinion_close(actor=worker, opinion=solved, result="街道已联系物业更换灯具，已恢复照明。")
    services.opinion_confirm(opinion=solved, result="solved")
    reopened = take("小区绿化带被改成停车位，希望恢复。", "environment", "13900000006")
    services.opinion_route(actor=worker, opinion=reopened, layer="street")
    services.opinion_close(actor=worker, opinion=reopened, result="已转告物业。")
    services.opinion_confirm(opinion=reopened, result="not_solved", comment="物业没有任何动作，停车位还在。")
    if station_deputy is not None and deputy_user is not None:
        suggestion = take(
            "建议在老旧小区推广加装电梯“一站式”审批，减少居民来回跑。",
            "urban",
            "13900000007",
            deputy=station_deputy,
        )
        services.opinion_route(actor=deputy_user, opinion=suggestion, layer="suggestion")
