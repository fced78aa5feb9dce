"""A citizen leaves an opinion on a phone (390 px) and follows it by receipt: finds the street's
liaison station, sends the form empty (the page says why), fills it in, gets a receipt number;
the station's worker closes it; the citizen looks it up by number (no mobile shown) and says
it was not solved, which reopens it. Screenshots at every step (phone + desktop)."""

import datetime as dt

from django.utils import timezone

from congress import roles
from congress.models import Organization
from congress.tests.factories import OrganizationFactory, UserFactory
from deputies.tests.factories import DeputyFactory
from liaison import services
from liaison.models import Opinion, OpinionCategory, Reception, Station
from tests.browser.conftest import PHONE, shot

MOBILE = "13712345678"


def test_a_citizen_leaves_an_opinion_and_follows_it_by_receipt(page, transactional_db):
    # given: a street with its liaison office, a deputy, a reception day, categories
    street = OrganizationFactory(name="天平路街道", kind=Organization.Kind.STREET)
    deputy = DeputyFactory(name="林代表", group__organization=street)
    worker = UserFactory(username="station1", roles=[roles.STATION_WORKER])
    station = Station.objects.create(
        name="天平路街道代表联络室",
        street=street,
        address="天平路100号 社区党群服务中心二楼",
        directions="地铁交通大学站出站步行约10分钟；进门右手边电梯上二楼。",
    )
    station.deputies.add(deputy)
    station.workers.add(worker)
    starts = timezone.now() + dt.timedelta(days=3)
    Reception.objects.create(
        station=station, starts_at=starts, ends_at=starts + dt.timedelta(hours=2)
    ).deputies.add(deputy)
    OpinionCategory.objects.create(code="urban", name="城市建设与管理")
    OpinionCategory.objects.create(code="traffic", name="交通出行")

    # 1. find the street's station and its next reception day
    page.set_viewport_size(PHONE)
    page.goto("/liaison/")
    page.get_by_label("所在街道（镇）").select_option(label="天平路街道")
    page.get_by_role("link", name="天平路街道代表联络室").first.wait_for()
    shot(page, "liaison-01-street")
    page.get_by_role("link", name="天平路街道代表联络室").first.click()
    page.get_by_text("地铁交通大学站").wait_for()
    shot(page, "liaison-02-station")

    # 2. an empty form says what is missing
    page.get_by_role("link", name="向本站反映意见").click()
    page.get_by_role("button", name="提交").click()
    page.get_by_text("请填写反映的内容。").wait_for()
    page.get_by_text("请填写手机号码，用于查询办理情况。").wait_for()
    shot(page, "liaison-03-empty-form")

    # 3. filled in: a receipt
    page.get_by_label("反映类别").select_option(label="交通出行")
    page.get_by_label("反映内容").fill("小学门口早晚高峰接送车辆拥堵，建议设置临时停车区。")
    page.get_by_label("手机号码").fill(MOBILE)
    page.get_by_role("button", name="提交").click()
    page.get_by_role("heading", name="社情民意办理进度").wait_for()
    opinion = Opinion.objects.get(mobile=MOBILE)
    assert opinion.station == station and opinion.street == street and opinion.state == "received"
    assert opinion.receipt in page.content() and MOBILE not in page.content()
    shot(page, "liaison-04-receipt")

    # 4. the worker closes it; later the citizen looks it up by number and says not solved
    services.opinion_route(actor=worker, opinion=opinion, layer="street")
    services.opinion_close(actor=worker, opinion=opinion, result="街道已协调学校错峰放学，并增设临时停车点。")
    page.context.clear_cookies()
    page.goto("/liaison/opinions/lookup/")
    page.get_by_label("回执编号").fill(opinion.receipt.lower())
    page.get_by_role("button", name="查询").click()
    page.get_by_text("增设临时停车点").wait_for()
    shot(page, "liaison-05-closed")
    page.get_by_label("未解决").check()
    page.get_by_label("补充意见").fill("放学时还是堵。")
    page.get_by_role("button", name="提交评价").click()
    page.get_by_text("谢谢您的评价！已转交代表和站点重新办理。").wait_for()
    opinion.refresh_from_db()
    assert opinion.state == "reopened" and opinion.citizen_result == "not_solved"
    shot(page, "liaison-06-reopened")
