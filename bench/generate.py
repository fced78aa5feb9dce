"""Data generators for the benchmarks: a district at three scales, on PostgreSQL.

Each part (``core``, ``proposals``, ``meetings``) is generated once per database and scale and
recorded in the ``bench_marker`` table (created here, not a Django model): ``ensure(scale)``
skips a part the database already holds at that scale. A part whose app has no models yet is
skipped with a message. Large tables are filled with ``INSERT … SELECT … FROM
generate_series`` on the server, so a million rows take seconds; generated rows get no history
rows (they are bench data, not official records edited by anyone).

Scales
- small: 10 terms, 1,000 deputies, a few thousand proposals, two years of meetings (quick check).
- district (issue 3): 10 terms, 10,000 deputies, tens of thousands of proposals, a decade of meetings.
- full (issues 4 and 5): district plus 1,000,000 proposals and 3,000,000 assignments.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Callable

from django.db import connection, models, transaction
from django.utils import timezone

SCALES: dict[str, dict[str, int]] = {
    "small": {
        "terms": 10,
        "deputies": 1_000,
        "news": 300,
        "proposals": 5_000,
        "assignments": 15_000,
        "meeting_years": 2,
    },
    "district": {
        "terms": 10,
        "deputies": 10_000,
        "news": 3_000,
        "proposals": 50_000,
        "assignments": 150_000,
        "meeting_years": 10,
    },
    "full": {
        "terms": 10,
        "deputies": 10_000,
        "news": 10_000,
        "proposals": 1_000_000,
        "assignments": 3_000_000,
        "meeting_years": 10,
    },
}
CURRENT_TERM = 17  # the demo district's current term (congress.demo.load_core)
CONSTITUENCIES_PER_TERM = 40

# Surnames weighted roughly by how common they are (王、李、张 lead), and given-name characters.
SURNAMES = list(
    "王王王王王王李李李李李李张张张张张刘刘刘刘陈陈陈陈杨杨杨黄黄赵赵吴吴周周徐徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾"
    "肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严"
)
GIVEN = list(
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰建国文斌欣怡晨曦子涵浩然嘉思远宇轩雨桐佳琪志红海波颖亮峰辉鹏飞琳雪梅"
    "婷慧晓燕俊凯宏立新春云凤德荣振宁安庆永健鑫博睿哲瑞泽凡彬瑶倩洁薇蕾萍卫东"
)
JOBS = [
    "社区卫生服务中心主任",
    "小学校长",
    "律师事务所合伙人",
    "会计师事务所所长",
    "居民区党总支书记",
    "科技企业总经理",
    "三甲医院副院长",
    "街道办事处主任",
    "高校教授",
    "快递网点站长",
    "物业公司经理",
    "建筑设计院总工程师",
    "养老院院长",
    "工厂班组长",
    "中学教师",
    "社区民警",
]
SPECIALTIES = [
    "公共卫生",
    "基础教育",
    "法律",
    "财务审计",
    "基层治理",
    "人工智能",
    "城市规划",
    "养老服务",
    "先进制造",
    "物流",
]
SECTORS = [
    "professional",
    "community",
    "enterprise",
    "official",
    "worker",
    "professional",
    "professional",
    "other",
]
PARTIES = ["中共党员", "中共党员", "中共党员", "群众", "民盟盟员", "民建会员", "九三学社社员", "农工党党员"]
EDUCATION = ["doctorate", "master", "bachelor", "bachelor", "bachelor", "college", "secondary"]
NEWS_TOPICS = [
    "区人大常委会召开第{n}次会议",
    "代表走进社区“家门口”联系点倾听民意（第{n}期）",
    "区人大常委会开展执法检查（{n}）",
    "关于公开征求意见的公告（{n}）",
    "代表建议办理情况通报（第{n}期）",
]


# --- the marker ---------------------------------------------------------------------------


def marker_read() -> dict[str, dict]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass('bench_marker') IS NOT NULL")
        if not cursor.fetchone()[0]:
            return {}
        cursor.execute("SELECT part, scale, rows, seconds, generated_at FROM bench_marker")
        return {
            part: {
                "scale": scale,
                "rows": json.loads(rows) if isinstance(rows, str) else rows,
                "seconds": seconds,
                "generated_at": at,
            }
            for part, scale, rows, seconds, at in cursor.fetchall()
        }


def _marker_write(part: str, scale: str, rows: dict, seconds: float) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS bench_marker (part text PRIMARY KEY, scale text NOT NULL, "
            "rows jsonb NOT NULL, seconds double precision NOT NULL, generated_at timestamptz NOT NULL)"
        )
        cursor.execute(
            "INSERT INTO bench_marker VALUES (%s, %s, %s, %s, now()) ON CONFLICT (part) DO UPDATE "
            "SET scale = EXCLUDED.scale, rows = EXCLUDED.rows, seconds = EXCLUDED.seconds, "
            "generated_at = EXCLUDED.generated_at",
            [part, scale, json.dumps(rows), seconds],
        )


# --- set-based inserts --------------------------------------------------------------------


Expr = str | tuple[str, list]


def insert_series(
    model: type[models.Model],
    count: int,
    exprs: dict[str, Expr],
    *,
    source: str | None = None,
    source_params: list | None = None,
) -> int:
    """``INSERT INTO <model's table> (…) SELECT <exprs> FROM generate_series(1, count) AS g``.

    ``exprs`` maps field names to SQL over ``g`` (1…count): a string, or ``(sql, params)``
    with ``%s`` placeholders (so write ``mod(a, b)``, never ``%``). A field left out gets its
    model default (``now()`` for timestamps), NULL when nullable, else it is an error naming
    the field, so a field someone adds to a model later fails loudly here rather than
    silently. ``source`` replaces the FROM clause (it must still define ``g``)."""
    names = {f.name for f in model._meta.concrete_fields} | {f.attname for f in model._meta.concrete_fields}
    unknown = set(exprs) - names
    if unknown:
        raise ValueError(f"{model.__name__}: unknown fields {sorted(unknown)}")
    columns, values, args = [], [], []
    for field in model._meta.concrete_fields:
        if field.primary_key and isinstance(field, models.AutoField):
            continue
        key = field.name if field.name in exprs else field.attname
        if key in exprs:
            expr = exprs[key]
            sql, params = (expr, []) if isinstance(expr, str) else expr
            columns.append(field.column)
            values.append(sql)
            args.extend(params)
        elif getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            columns.append(field.column)
            values.append("now()")
        elif field.has_default():
            columns.append(field.column)
            if field.default is timezone.now:
                values.append("now()")
            else:
                values.append("%s")
                args.append(field.get_db_prep_save(field.get_default(), connection))
        elif field.null:
            continue
        else:
            raise ValueError(f"{model.__name__}.{field.name}: no value and no default for the generator")
    sql = (
        f"INSERT INTO {model._meta.db_table} ({', '.join(columns)}) "
        f"SELECT {', '.join(values)} FROM {source or f'generate_series(1, {int(count)}) AS g'}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, args + list(source_params or []))
        return cursor.rowcount


def pick(values: list, index_sql: str, cast: str = "text") -> tuple[str, list]:
    """SQL picking one of ``values`` (an array parameter) by a 0-based index expression."""
    return f"(%s::{cast}[])[1 + mod({index_sql}, {len(values)})]", [list(values)]


def concat(*parts: Expr) -> tuple[str, list]:
    sqls, params = [], []
    for part in parts:
        sql, args = (part, []) if isinstance(part, str) else part
        sqls.append(f"({sql})")
        params.extend(args)
    return " || ".join(sqls), params


# --- parts --------------------------------------------------------------------------------


def generate_core(scale: str) -> dict:
    """Terms, organizations, demo accounts, deputy groups, constituencies, deputies, news."""
    from congress import roles
    from congress.demo import load_core
    from congress.models import NewsItem, Organization, Term, User
    from congress.services import user_create
    from deputies.models import Constituency, Deputy, DeputyGroup

    size = SCALES[scale]
    core = load_core()  # the district, its real units and the demo accounts (idempotent)
    current = core["term"]
    first = CURRENT_TERM - size["terms"] + 1
    terms = []
    for number in range(first, CURRENT_TERM + 1):
        end_year = current.end_year - 5 * (CURRENT_TERM - number)
        term = Term.objects.filter(number=number).first() or Term.objects.create(
            number=number, name=f"第{number}届", start_year=end_year - 5, end_year=end_year
        )
        terms.append(term)
    streets = list(
        Organization.objects.filter(kind__in=[Organization.Kind.STREET, Organization.Kind.TOWN]).order_by(
            "sort_order", "pk"
        )
    )
    DeputyGroup.objects.bulk_create(
        [
            DeputyGroup(term=term, organization=org, name=f"{org.name}代表组", sort_order=i)
            for term in terms
            for i, org in enumerate(streets)
        ],
        ignore_conflicts=True,
    )
    Constituency.objects.bulk_create(
        [
            Constituency(
                term=term,
                number=n + 1,
                name=f"第{n + 1}选区（{streets[n % len(streets)].name}）",
                organization=streets[n % len(streets)],
                voters=8_000 + 37 * n,
            )
            for term in terms
            for n in range(CONSTITUENCIES_PER_TERM)
        ],
        ignore_conflicts=True,
    )
    term_ids = [t.pk for t in terms]
    group_ids = [
        pk
        for term in terms
        for pk in DeputyGroup.objects.filter(term=term)
        .order_by("sort_order", "pk")
        .values_list("pk", flat=True)
    ]
    constituency_ids = [
        pk
        for term in terms
        for pk in Constituency.objects.filter(term=term).order_by("number").values_list("pk", flat=True)
    ]
    per_term = size["deputies"] // len(terms)
    groups_per_term = len(group_ids) // len(terms)

    # g runs over all deputies; t = 0-based term index; i = index within the term.
    t = f"((g - 1) / {per_term})"
    i = f"mod(g - 1, {per_term})"
    deputies = insert_series(
        Deputy,
        per_term * len(terms),
        {
            "term": (f"(%s::bigint[])[1 + {t}]", [term_ids]),
            "person_key": f"'BENCH-' || (1 + {t}) || '-' || lpad(({i} + 1)::text, 5, '0')",
            "name": concat(
                pick(SURNAMES, "g * 7 + g / 11"),
                pick(GIVEN, "g * 13"),
                (f"CASE WHEN mod(g, 3) > 0 THEN {pick(GIVEN, 'g * 31 + 5')[0]} ELSE '' END", [GIVEN]),
            ),
            "gender": "CASE WHEN mod(g, 5) < 2 THEN 'female' ELSE 'male' END",
            "birth_date": "date '1955-01-01' + (mod(g * 97, 14000))::int",
            "ethnicity": "CASE WHEN mod(g, 17) = 0 THEN '回族' WHEN mod(g, 23) = 0 THEN '满族' ELSE '汉族' END",
            "party": pick(PARTIES, "g"),
            "education": pick(EDUCATION, "g * 3"),
            "occupation": pick(JOBS, "g * 5"),
            "sector": pick(SECTORS, "g * 3 + 1"),
            "specialty": pick(SPECIALTIES, "g * 7"),
            # The resource database's search words (issue 14): a second specialty as a skill.
            "skills": pick(SPECIALTIES, "g * 11 + 3"),
            "constituency": (
                f"(%s::bigint[])[1 + {t} * {CONSTITUENCIES_PER_TERM} + mod({i}, {CONSTITUENCIES_PER_TERM})]",
                [constituency_ids],
            ),
            "group": (
                f"(%s::bigint[])[1 + {t} * {groups_per_term} + mod({i}, {groups_per_term})]",
                [group_ids],
            ),
            "phone": "'138' || lpad(g::text, 8, '0')",
            "email": "'deputy' || g || '@bench.congress.invalid'",
            "photo": "''",
            "is_active": "mod(g, 50) <> 0",
            "public_fields": ("%s::jsonb", [json.dumps(list(Deputy.DEFAULT_PUBLIC_FIELDS))]),
            "handling_contact": "''",  # none chosen: units see the masked mobile
        },
    )

    # Two deputy accounts in the current term, as in the demo (deputy1, deputy2).
    for n, username in enumerate(("deputy1", "deputy2")):
        deputy = Deputy.objects.filter(term=current, is_active=True).order_by("pk")[n]
        user = user_create(
            username=username, password=None, display_name=deputy.name, role_names=[roles.DEPUTY]
        )
        Deputy.objects.filter(pk=deputy.pk).update(user=user)

    # One officer for every handling unit and office without one (the demo has unit1, unit2,
    # govoffice, partyoffice): reminders and leave notices then reach every unit, as in real use.
    from congress.units import acting_units

    covered = set()
    for user in User.objects.filter(groups__name__in=[roles.UNIT_OFFICER, roles.REVIEWER]):
        covered |= set(acting_units(user).values_list("pk", flat=True))
    for org in Organization.objects.filter(is_active=True).exclude(pk__in=covered).order_by("pk"):
        user_create(
            username=f"officer-{org.pk}",
            password=None,
            display_name=f"{org.name} 联络员",
            role_names=[roles.UNIT_OFFICER],
            unit=org,
        )

    news = insert_series(
        NewsItem,
        size["news"],
        {
            "kind": pick(list(NewsItem.Kind.values), "g"),
            "title": (f"replace({pick(NEWS_TOPICS, 'g / 4')[0]}, '{{n}}', g::text)", [NEWS_TOPICS]),
            "summary": "'本区人大常委会工作动态摘要，第' || g || '条。'",
            "body": "repeat('区人大常委会依法履职，代表密切联系群众。', 20)",
            "issue_number": (
                "CASE WHEN mod(g, 4) >= 2 THEN (2026 - g / 400) || '年第' || (1 + mod(g, 24)) || '期' ELSE '' END"
            ),
            "published_at": "now() - (g * interval '7 hours')",
            "is_published": "mod(g, 25) <> 0",
        },
    )
    return {"terms": len(terms), "deputies": deputies, "deputy_groups": len(group_ids), "news": news}


def _require(app_label: str, *model_names: str):
    """The models, or Skip when the app or its tables are not there yet."""
    from django.apps import apps

    from bench.scenarios import Skip

    try:
        found = [apps.get_model(app_label, name) for name in model_names]
    except LookupError as exc:
        raise Skip(f"{app_label}: {exc}") from exc
    tables = set(connection.introspection.table_names())
    missing = [m._meta.db_table for m in found if m._meta.db_table not in tables]
    if missing:
        raise Skip(f"{app_label}: tables {', '.join(missing)} are not migrated yet")
    return found


class indexes_deferred:
    """Drop a table's plain indexes (not those backing constraints) and build them again at
    exit: one sorted build is far faster than millions of incremental inserts, most of all
    for trigram GIN indexes."""

    def __init__(self, *tables: str):
        self.tables = tables
        self.definitions: list[str] = []

    def __enter__(self):
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL maintenance_work_mem = '1GB'")
            cursor.execute(
                "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename = ANY(%s) "
                "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = "
                "(quote_ident(i.schemaname) || '.' || quote_ident(i.indexname))::regclass)",
                [list(self.tables)],
            )
            for name, definition in cursor.fetchall():
                self.definitions.append(definition)
                cursor.execute(f'DROP INDEX "{name}"')
        return self

    def __exit__(self, *exc):
        if exc[0] is None:
            with connection.cursor() as cursor:
                # Django's foreign keys are deferred: check them now (a no-op when triggers
                # are off, see _triggers_off), or PostgreSQL refuses to build an index on a
                # table with pending trigger events.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                for definition in self.definitions:
                    cursor.execute(definition)
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        return False


PROPOSAL_TOPICS = [
    ("加快老旧小区加装电梯", "城市建设"),
    ("完善社区养老服务网络", "民政养老"),
    ("缓解学校周边早晚高峰交通拥堵", "交通出行"),
    ("增加公办幼儿园学位", "教育"),
    ("推进垃圾分类长效管理", "生态环境"),
    ("优化社区卫生服务中心家庭医生签约", "医疗卫生"),
    ("加强共享单车停放管理", "城市管理"),
    ("提升菜市场便民服务水平", "商贸服务"),
    ("推动滨江公共空间开放", "城市建设"),
    ("支持中小科技企业发展", "经济发展"),
    ("规范电动自行车充电", "安全生产"),
    ("加强中小学生心理健康教育", "教育"),
    ("推进“一网通办”适老化改造", "政务服务"),
    ("增设社区食堂", "民政养老"),
    ("改善老旧管网雨污分流", "城市建设"),
    ("加强历史风貌区保护", "文化旅游"),
    ("完善夜间经济配套设施", "商贸服务"),
    ("扩大公共体育设施开放", "文化体育"),
    ("加强食品安全监管", "市场监管"),
    ("推进停车资源共享", "交通出行"),
]


def generate_proposals(scale: str) -> dict:
    """Proposals over ten session years (older ones closed, this year's in every state),
    three-odd assignments each, the confirmed replies and ratings of those replied, and
    co-signers for a third. Timelines (ProposalEvent) are not generated: no benchmarked
    page lists them across proposals."""
    from congress.models import Organization, Term
    from deputies.models import Deputy

    Category, Proposal, Assignment, Reply, Rating, CoSigner = _require(
        "proposals", "Category", "Proposal", "Assignment", "Reply", "Rating", "CoSigner"
    )
    size = SCALES[scale]
    n_proposals, n_assignments = size["proposals"], size["assignments"]
    this_year = today().year
    years = list(range(this_year - 9, this_year + 1))
    per_year = n_proposals // len(years)
    n_proposals = per_year * len(years)

    names = sorted({category for _topic, category in PROPOSAL_TOPICS})
    Category.objects.bulk_create(
        [Category(name=name, sort_order=i) for i, name in enumerate(names)], ignore_conflicts=True
    )
    category_ids = dict(Category.objects.filter(name__in=names).values_list("name", "pk"))
    topic_category = [category_ids[category] for _topic, category in PROPOSAL_TOPICS]
    topics = [topic for topic, _category in PROPOSAL_TOPICS]
    streets = list(
        Organization.objects.filter(kind__in=[Organization.Kind.STREET, Organization.Kind.TOWN])
        .order_by("sort_order")
        .values_list("name", flat=True)
    )
    units = list(
        Organization.objects.filter(
            is_handling_unit=True,
            kind__in=[
                Organization.Kind.DEPARTMENT,
                Organization.Kind.GOVERNMENT,
                Organization.Kind.COURT,
                Organization.Kind.PROCURATORATE,
                Organization.Kind.STREET,
                Organization.Kind.TOWN,
            ],
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    terms = list(Term.objects.order_by("start_year"))
    year_terms, dep_min, dep_count = [], [], []
    for year in years:
        term = [t for t in terms if t.start_year <= year][-1]
        ids = list(Deputy.objects.filter(term=term).order_by("pk").values_list("pk", flat=True))
        if not ids or ids[-1] - ids[0] + 1 != len(ids):
            raise RuntimeError(
                f"deputies of term {term.number} are not one id range: regenerate the database"
            )
        year_terms.append(term.pk)
        dep_min.append(ids[0])
        dep_count.append(len(ids))

    with connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(max(id), 0) FROM proposals_proposal")
        first_id = cursor.fetchone()[0] + 1
    # s: one row per proposal with its year index, age (days, this year only) and state.
    state_sql = """
        CASE WHEN mod(g, 100) = 0 THEN 'returned'
             WHEN yi < 9 THEN 'closed'
             WHEN age < 5 THEN 'draft'
             WHEN age < 10 THEN 'submitted'
             WHEN age < 15 THEN 'registered'
             WHEN age < 105 OR mod(g, 33) = 0 THEN 'assigned'
             WHEN age < 120 THEN 'reply_review'
             WHEN age < 140 THEN 'replied'
             ELSE 'closed' END"""
    source = f"""(
        SELECT g, yi, age, {state_sql} AS st,
               CASE WHEN yi < 9
                    THEN make_timestamptz({years[0]} + yi, 1, 6, 9, 0, 0, 'Asia/Shanghai') + mod(g * 37, 330) * interval '1 day'
                    ELSE now() - age * interval '1 day' END AS created
        FROM (SELECT g, least((g - 1) / {per_year}, 9) AS yi, mod(g * 37, 320) AS age
              FROM generate_series(1, {n_proposals}) AS g) AS a
    ) AS s"""
    rated = "s.st = 'closed' AND mod(g, 19) <> 0"
    with indexes_deferred("proposals_proposal"):
        proposals = insert_series(
            Proposal,
            n_proposals,
            {
                "serial": (
                    "CASE WHEN st IN ('draft', 'submitted') THEN NULL "
                    f"ELSE ({years[0]} + yi) || CASE WHEN mod(g, 29) = 0 THEN '-议-' ELSE '-建-' END "
                    f"|| lpad(({first_id - 1} + g)::text, 7, '0') END"
                ),
                "kind": "CASE WHEN mod(g, 29) = 0 THEN 'motion' ELSE 'suggestion' END",
                "title": concat(
                    "'关于'",
                    pick(streets, "g / 3"),
                    pick(topics, "g"),
                    "CASE WHEN mod(g, 29) = 0 THEN '的议案' ELSE '的建议' END",
                ),
                "content": concat(
                    pick(streets, "g / 3"),
                    "'居民反映：'",
                    pick(topics, "g"),
                    "'方面仍有不足。建议相关部门加强调研，制定工作方案，明确责任分工和完成时限，'",
                    "'并定期向代表和居民通报进展。此事关系群众切身利益，望予重视。编号'",
                    "g::text",
                ),
                "category": pick(topic_category, "g", cast="bigint"),
                "term": ("(%s::bigint[])[1 + yi]", [year_terms]),
                "year": f"{years[0]} + yi",
                "lead_deputy": (
                    "(%s::bigint[])[1 + yi] + mod(g * 7, (%s::int[])[1 + yi])",
                    [dep_min, dep_count],
                ),
                "source": "CASE WHEN mod(g, 10) = 0 THEN 'paper' ELSE 'online' END",
                "state": "st",
                "submitted_at": "CASE WHEN st <> 'draft' THEN created + interval '1 day' END",
                "registered_at": (
                    "CASE WHEN st NOT IN ('draft', 'submitted', 'returned') THEN created + interval '5 days' END"
                ),
                "return_reason": "CASE WHEN st = 'returned' THEN '所提事项不属于本级人大代表建议的办理范围。' ELSE '' END",
                "is_hard": "mod(g, 10) = 0",
                "handling_round": "CASE WHEN st = 'closed' AND mod(g, 97) = 0 THEN 2 ELSE 1 END",
                "replied_at": "CASE WHEN st IN ('replied', 'closed') THEN created + interval '80 days' END",
                "rating_deadline": "CASE WHEN st = 'replied' THEN (created + interval '140 days')::date END",
                "final_satisfaction": (
                    f"CASE WHEN {rated} THEN CASE WHEN mod(g, 20) = 0 THEN 'unsatisfied' "
                    "WHEN mod(g, 20) < 4 THEN 'basically_satisfied' ELSE 'satisfied' END ELSE '' END"
                ),
                "closed_at": "CASE WHEN st = 'closed' THEN created + interval '100 days' END",
                "closed_as": (
                    f"CASE WHEN {rated} THEN 'rated' WHEN st = 'closed' THEN 'not_rated' ELSE '' END"
                ),
                "is_key_oversight": "mod(g, 500) = 0",
                "oversight_leader": "''",
                "is_withheld": "st = 'closed' AND mod(g, 50) = 7",
                "withheld_reason": "CASE WHEN st = 'closed' AND mod(g, 50) = 7 THEN '涉及个人隐私' ELSE '' END",
                "created_at": "created",
                "updated_at": "created + interval '100 days'",
            },
            source=source,
        )

    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE bench_eligible ON COMMIT DROP AS SELECT row_number() OVER (ORDER BY id) AS rn, "
            "id, state, created_at, is_hard, final_satisfaction FROM proposals_proposal "
            "WHERE id >= %s AND state IN ('assigned', 'reply_review', 'replied', 'closed')",
            [first_id],
        )
        cursor.execute("SELECT count(*) FROM bench_eligible")
        eligible = cursor.fetchone()[0]
        cursor.execute("CREATE UNIQUE INDEX ON bench_eligible (rn)")
        cursor.execute("ANALYZE bench_eligible")
    source = f"""(
        SELECT g, (g - 1) / {eligible} AS k, e.id AS pid, e.state AS pst, e.created_at AS created, e.is_hard AS hard,
               CASE WHEN e.state IN ('replied', 'closed') THEN 'done'
                    WHEN e.state = 'reply_review' THEN CASE WHEN (g - 1) / {eligible} = 0 THEN 'review' ELSE 'done' END
                    WHEN mod(e.id + (g - 1) / {eligible}, 3) = 0 THEN 'assigned'
                    ELSE 'handling' END AS ast
        FROM generate_series(1, {n_assignments}) AS g JOIN bench_eligible e ON e.rn = 1 + mod(g - 1, {eligible})
    ) AS s"""
    lead = "k = 0"
    with indexes_deferred("proposals_assignment"):
        assignments = insert_series(
            Assignment,
            n_assignments,
            {
                "proposal": "pid",
                # k * 5 differs modulo the unit count for k = 0…3, so a unit appears once per proposal.
                "unit": pick(units, "pid * 7 + k * 5", cast="bigint"),
                "role": "CASE k WHEN 0 THEN 'lead' WHEN 2 THEN 'joint' ELSE 'assisting' END",
                "state": "ast",
                "deadline": "(created + interval '12 days' + CASE WHEN hard THEN interval '180 days' ELSE interval '90 days' END)::date",
                "is_hard": "hard",
                "assigned_at": "created + interval '12 days'",
                "received_at": "CASE WHEN ast <> 'assigned' THEN created + interval '14 days' END",
                "responsible_leader": "'分管副局长'",
                "responsible_person": pick(SURNAMES, "pid + k"),
                "responsible_phone": "'021-6' || lpad(mod(pid * 13 + k, 10000000)::text, 7, '0')",
                "measures": "CASE WHEN ast <> 'assigned' THEN '成立专班，实地调研，制定整改计划。' ELSE '' END",
                "handling_round": "1",
                "opinion": f"CASE WHEN NOT ({lead}) AND ast = 'done' THEN '同意主办单位的办理方案。' ELSE '' END",
                "opinion_sent_at": f"CASE WHEN NOT ({lead}) AND ast = 'done' THEN created + interval '40 days' END",
                "first_replied_at": f"CASE WHEN {lead} AND ast IN ('review', 'done') THEN created + interval '80 days' END",
                "answered_on_time": f"CASE WHEN {lead} AND ast IN ('review', 'done') THEN mod(pid, 12) <> 0 END",
                "reply_class": (
                    f"CASE WHEN {lead} AND ast = 'done' THEN CASE WHEN mod(pid, 10) < 6 THEN 'A' "
                    "WHEN mod(pid, 10) < 9 THEN 'B' ELSE 'C' END ELSE '' END"
                ),
                "follow_up_open": f"{lead} AND ast = 'done' AND mod(pid, 10) >= 6 AND pst <> 'closed'",
                "created_at": "created + interval '12 days'",
                "updated_at": "created + interval '80 days'",
            },
            source=source,
        )

    with connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(max(id), 0) FROM proposals_assignment")
    replies = insert_series(
        Reply,
        0,
        {
            "assignment": "a.id",
            "kind": "'reply'",
            "handling_round": "1",
            "reply_class": "a.reply_class",
            "content": "'经研究，我单位已会同相关街道开展实地调研，并制定了分阶段实施方案，现将办理情况答复如下：' || p.title",
            "state": "'confirmed'",
            "submitted_at": "a.first_replied_at",
            "reviewer_comments": "''",
            "reviewed_at": "a.first_replied_at + interval '3 days'",
            "is_resolved": "a.reply_class = 'A'",
            "created_at": "a.first_replied_at",
            "updated_at": "a.first_replied_at",
        },
        source=(
            "proposals_assignment a JOIN proposals_proposal p ON p.id = a.proposal_id "
            "WHERE a.role = 'lead' AND a.state = 'done' AND p.id >= %s"
        ),
        source_params=[first_id],
    )
    ratings = insert_series(
        Rating,
        0,
        {
            "proposal": "p.id",
            "deputy": "p.lead_deputy_id",
            "handling_round": "p.handling_round",
            "satisfaction": "p.final_satisfaction",
            "comment": "''",
            "is_decisive": "true",
            "created_at": "p.closed_at",
            "updated_at": "p.closed_at",
        },
        source="proposals_proposal p WHERE p.closed_as = 'rated' AND p.id >= %s",
        source_params=[first_id],
    )
    # A confirmed co-signer for a third of the proposals: the next deputy of the same term.
    term_ranges = {
        term: (low, count) for term, low, count in zip(year_terms, dep_min, dep_count, strict=True)
    }
    cosigners = insert_series(
        CoSigner,
        0,
        {
            "proposal": "p.id",
            "deputy": "t.dmin + mod(p.lead_deputy_id - t.dmin + 1, t.dcount)",
            "state": "CASE WHEN p.state = 'draft' THEN 'invited' ELSE 'confirmed' END",
            "responded_at": "CASE WHEN p.state <> 'draft' THEN p.created_at END",
            "created_at": "p.created_at",
            "updated_at": "p.created_at",
        },
        source=(
            "proposals_proposal p JOIN (SELECT unnest(%s::bigint[]) AS term_id, unnest(%s::bigint[]) AS dmin, "
            "unnest(%s::int[]) AS dcount) t ON t.term_id = p.term_id WHERE p.id >= %s AND mod(p.id, 3) = 0"
        ),
        source_params=[
            list(term_ranges),
            [r[0] for r in term_ranges.values()],
            [r[1] for r in term_ranges.values()],
            first_id,
        ],
    )
    searchable = _fill_search_vectors(first_id)
    return {
        "proposals": proposals,
        "assignments": assignments,
        "replies": replies,
        "ratings": ratings,
        "co_signers": cosigners,
        "search_vectors": searchable,
        "_rewrite": ["proposals_proposal"] if searchable else [],
        "_analyze": [
            "proposals_proposal",
            "proposals_assignment",
            "proposals_reply",
            "proposals_rating",
            "proposals_cosigner",
        ],
    }


MEETING_PLAN = [  # (kind, months, required units: "all" or how many, days)
    ("congress", [1], "all", 3),
    ("standing", [2, 3, 4, 6, 7, 9, 10, 12], 12, 1),
    ("chairpersons", list(range(1, 13)), 3, 1),
    ("town", [3, 9], 3, 1),
]


def _fill_search_vectors(first_id: int) -> int:
    """The public search's n-gram vectors (``proposals.search``) of the generated closed
    proposals, computed by PostgreSQL in one ``UPDATE`` (``proposals.search.REFRESH_SQL``, the
    statement the services use): the column is not a model field, so ``insert_series`` leaves it
    out, and the unit names exist only once the assignments do. The table's plain indexes are
    dropped for it and built again; the rows it rewrites leave their old versions behind, so
    ``ensure`` rewrites the table afterwards (``_rewrite``: ``VACUUM FULL``). Nothing to do for
    a tree whose migrations have no such column."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM information_schema.columns "
            "WHERE table_name = 'proposals_proposal' AND column_name = 'search_vector'"
        )
        if cursor.fetchone() is None:
            return 0
    from proposals.search import REFRESH_SQL

    with indexes_deferred("proposals_proposal"), connection.cursor() as cursor:
        cursor.execute(REFRESH_SQL.format(where="p.state = 'closed' AND p.id >= %s"), [first_id])
        return cursor.rowcount


def _unit_of(username: str):
    from congress.models import Organization, User
    from congress.units import acting_units

    user = User.objects.filter(username=username).first()
    return acting_units(user) if user else Organization.objects.none()


def generate_meetings(scale: str) -> dict:
    """A decade (two years at small scale) of meetings with the units required to attend,
    their attendance and its published snapshot. The latest closed meeting is left
    unpublished (as if its publishing message were lost) so the sweep job has work; two
    upcoming meetings wait, unit1's unit on both, with a leave request on the first."""
    from congress.models import Organization, Term

    Meeting, RequiredAttendance, PublishedAttendance = _require(
        "meetings", "Meeting", "RequiredAttendance", "PublishedAttendance"
    )
    A = RequiredAttendance.Status
    now = timezone.now()
    tz = timezone.get_current_timezone()
    years = SCALES[scale]["meeting_years"]
    this_year = today().year
    terms = list(Term.objects.order_by("start_year"))
    kinds = dict(Meeting.Kind.choices)
    core_units = list(
        Organization.objects.filter(
            kind__in=[Organization.Kind.GOVERNMENT, Organization.Kind.COURT, Organization.Kind.PROCURATORATE]
        ).order_by("sort_order")
    )
    departments = list(Organization.objects.filter(kind=Organization.Kind.DEPARTMENT).order_by("sort_order"))
    town = Organization.objects.filter(kind=Organization.Kind.TOWN).first()
    unit1 = _unit_of("unit1").first()

    planned: list[tuple[Meeting, list[Organization]]] = []
    for year in range(this_year - years + 1, this_year + 1):
        term = [t for t in terms if t.start_year <= year][-1]
        for kind, months, required, days in MEETING_PLAN:
            for month in months:
                starts = dt.datetime(year, month, 10 + month % 7, 9, 0, tzinfo=tz)
                if starts > now - dt.timedelta(days=2):
                    continue  # only the past here; upcoming meetings come below
                ends = starts + dt.timedelta(days=days - 1, hours=8)
                meeting = Meeting(
                    kind=kind,
                    title=f"{year}年{month}月{kinds[kind]}",
                    term=term,
                    starts_at=starts,
                    ends_at=ends,
                    location="华泾镇人大会议室" if kind == "town" else "区人大常委会会议室",
                    status=Meeting.Status.CLOSED,
                    is_schedule_published=True,
                    closed_at=ends,
                    attendance_published_at=ends + dt.timedelta(minutes=1),
                    created_at=starts - dt.timedelta(days=20),
                )
                if required == "all":
                    units = core_units + departments
                elif kind == "town":
                    units = [u for u in [town, *departments[month % 5 : month % 5 + 2]] if u]
                else:
                    offset = (month * 5 + year) % len(departments)
                    units = (
                        core_units[: required // 4]
                        + (departments * 2)[offset : offset + required - required // 4]
                    )
                if unit1 and unit1 not in units and kind == "standing":
                    units = [*units[:-1], unit1]
                planned.append((meeting, units))
    planned.sort(key=lambda pair: pair[0].starts_at)
    planned[-1][0].attendance_published_at = None  # the sweep's work
    for days_ahead, kind in ((6, "standing"), (20, "chairpersons")):
        starts = (now + dt.timedelta(days=days_ahead)).replace(hour=9, minute=0, second=0, microsecond=0)
        meeting = Meeting(
            kind=kind,
            title=f"{starts:%Y年%m月}{kinds[kind]}（即将召开）",
            term=terms[-1],
            starts_at=starts,
            ends_at=starts + dt.timedelta(hours=8),
            location="区人大常委会会议室",
            status=Meeting.Status.PLANNED,
            is_schedule_published=True,
            created_at=now - dt.timedelta(days=10),
        )
        units = core_units + departments[:8]
        planned.append((meeting, units if unit1 in units or not unit1 else [*units, unit1]))
    Meeting.objects.bulk_create([meeting for meeting, _units in planned], batch_size=1000)

    approver = {"government": "party_office", "court": "party_office", "procuratorate": "party_office"}
    rows, n = [], 0
    for meeting, units in planned:
        closed = meeting.status == Meeting.Status.CLOSED
        for unit in units:
            n += 1
            if not closed:
                status = A.LEAVE_REQUESTED if unit == unit1 and meeting is planned[-2][0] else A.REQUIRED
            else:
                status = A.ABSENT if n % 20 == 0 else A.LEAVE_APPROVED if n % 10 == 0 else A.ATTENDED
            on_leave = status in (A.LEAVE_APPROVED, A.LEAVE_REQUESTED)
            rows.append(
                RequiredAttendance(
                    meeting=meeting,
                    unit=unit,
                    expected_person=unit.head_name,
                    status=status,
                    leave_reason="参加市里召开的专题会议" if on_leave else "",
                    substitute=(unit.deputy_head_name or "分管副职") if on_leave else "",
                    leave_requested_at=meeting.starts_at - dt.timedelta(days=3) if on_leave else None,
                    approver_kind=approver.get(unit.kind, "gov_office"),
                    reviewed_at=meeting.starts_at - dt.timedelta(days=1)
                    if status == A.LEAVE_APPROVED
                    else None,
                    checked_in_at=meeting.starts_at + dt.timedelta(minutes=n % 25)
                    if status == A.ATTENDED
                    else None,
                    check_in_method=("qr" if n % 2 else "staff") if status == A.ATTENDED else "",
                    is_late=status == A.ATTENDED and n % 25 > 15,
                    created_at=meeting.created_at,
                )
            )
    RequiredAttendance.objects.bulk_create(rows, batch_size=2000)
    published = [
        PublishedAttendance(
            meeting=row.meeting,
            unit=row.unit,
            attendance=row,
            unit_name=row.unit.name,
            expected_person=row.expected_person,
            status=row.status,
            substitute=row.substitute,
            is_late=row.is_late,
            year=timezone.localtime(row.meeting.starts_at).year,
            published_at=row.meeting.attendance_published_at,
        )
        for row in rows
        if row.meeting.attendance_published_at
    ]
    PublishedAttendance.objects.bulk_create(published, batch_size=2000)
    return {
        "meetings": len(planned),
        "required_attendance": len(rows),
        "published_attendance": len(published),
        "_analyze": ["meetings_meeting", "meetings_requiredattendance", "meetings_publishedattendance"],
    }


def generate_supervision(scale: str) -> dict:
    from bench.generate_supervision import generate_supervision as generate

    return generate(scale)


def generate_budget(scale: str) -> dict:
    from bench.generate_budget import generate_budget as generate

    return generate(scale)


def generate_deputies(scale: str) -> dict:
    from bench.generate_deputies import generate_deputies as generate

    return generate(scale)


PARTS: dict[str, Callable[[str], dict]] = {
    "core": generate_core,
    "proposals": generate_proposals,
    "meetings": generate_meetings,
    "supervision": generate_supervision,
    "budget": generate_budget,
    "deputies": generate_deputies,
}
# Tables analysed after generation, so the planner knows their real sizes.
ANALYZE = ["deputies_deputy", "congress_newsitem"]


def _triggers_off() -> bool:
    """Skip foreign-key triggers for the rest of the transaction when we may (a superuser, as
    the local trust login is): checking millions of generated references one row at a time
    would take most of the generation time, and the generator builds them from ids it has
    just read. Unique indexes and check constraints still apply."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        row = cursor.fetchone()
        if not (row and row[0]):
            return False
        cursor.execute("SET LOCAL session_replication_role = replica")
        return True


def ensure(scale: str, log: Callable[[str], None] = print) -> dict:
    """Generate every part the database does not hold at ``scale`` yet. Returns the marker
    (part -> scale, rows, seconds) and, under ``"skipped"``, the parts that could not run."""
    from bench.scenarios import Skip

    held = marker_read()
    if held.get("core") and held["core"]["scale"] != scale:
        raise RuntimeError(
            f"this database holds scale {held['core']['scale']!r}, not {scale!r}: recreate it (run.py does)"
        )
    skipped = {}
    for part, generate in PARTS.items():
        if part in held:
            log(f"  {part}: already generated at scale {scale} ({held[part]['seconds']:.0f} s), skipped")
            continue
        started = time.monotonic()
        try:
            with transaction.atomic():
                if part != "core":  # core goes through services (users, permissions)
                    _triggers_off()
                rows = generate(scale)
                seconds = time.monotonic() - started
                _marker_write(part, scale, rows, seconds)
        except Skip as exc:
            skipped[part] = str(exc)
            log(f"  {part}: not generated: {exc}")
            continue
        log(f"  {part}: {rows} in {seconds:.1f} s")
        with connection.cursor() as cursor:
            for table in rows.get("_rewrite", []):  # compact a table the generator updated in bulk
                cursor.execute(f"VACUUM FULL {table}")
            for table in ANALYZE + list(rows.get("_analyze", [])):
                cursor.execute(f"VACUUM ANALYZE {table}")
    marker = marker_read()
    marker["skipped"] = skipped
    return marker


def today() -> dt.date:
    return timezone.localdate()
