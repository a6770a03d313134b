"""Demo demonstration villages (spec/demo-data.md): the article's five of 2009 (they continue in
2010) and six more in 2010 in plain, hill and mountain townships, each with its plan (G1, in the
village's archive), a county-level contact leader from the leader–village ledger, a leadership
team, a resident cadre, and a year of meetings — weekly progress meetings with a few weeks
missed, funds-coordination and on-site meetings — whose minutes are filed in W3 (one volume per village and
year), with follow-up actions of which a few are left overdue.

Minutes are WeasyPrint PDFs with the CJK font embedded (demonstration/minutes.py), ~0.4 s a
render: rather than one render per meeting (~860 meetings, minutes of rendering), the demo files ONE
minutes volume (会议记录汇编) per designation-year — every meeting of that village and year, one
per page, one render — in W3 through archives.services.archive_documents_file, and links each of
those meetings to that record. A meeting recorded through the services gets its own minutes.
Deterministic for a given --seed.
"""

import datetime

from django.core.files.base import ContentFile
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from archives import services as archive_services
from archives.models import ArchiveCategory, ArchiveRecord
from assistance.choices import CadreLevel
from assistance.models import LeaderPairing
from households.demo import GIVEN, SURNAMES
from villages import demo as village_demo
from villages.models import Village
from xixiang.accounts.choices import Role
from xixiang.accounts.models import User
from xixiang.core.demo import wipe

from . import minutes, rules, services
from .choices import MeetingKind
from .models import Action, DemonstrationType, Designation, Meeting, ResidentCadre, TeamMember

# (township code, village name or None for the township's first village of its terrain, type)
FIRST_FIVE = [
    ("610724100", "五丰村", "生猪产业支撑型"),
    ("610724100", "余家山村", "乡村旅游型"),
    ("610724101", "李河村", "工业园区带动型"),
    ("610724108", "江榜村", "茶叶产业支撑型"),
    ("610724103", "枣园村", "观光农业型"),
]
NEW_SIX = [
    ("610724102", "油房村", "观光农业型"),  # 柳树镇, plain
    ("610724104", None, "生猪产业支撑型"),  # 私渡镇, plain
    ("610724115", "马桑湾村", "乡村旅游型"),  # 罗镇, hill
    ("610724110", None, "茶叶产业支撑型"),  # 茶镇, hill
    ("610724111", None, "烤烟产业支撑型"),  # 高川镇, mountain: a type the county added
    ("610724117", None, "劳务经济型"),  # 子午乡, mountain: a type the county added
]
ADDED_TYPES = [("烤烟产业支撑型", "以烤烟为主导产业的山区村"), ("劳务经济型", "以转移就业、劳务输出增收的山区村")]
REASONS = {
    "生猪产业支撑型": "村“两委会”班子强，生猪养殖基础好，规模养殖户多，产业带动明显",
    "乡村旅游型": "紧邻县城，山水资源和民俗文化独特，适宜发展农家乐和乡村旅游",
    "工业园区带动型": "地处工业园区，企业用工需求大，园区带动就业和基础设施建设",
    "茶叶产业支撑型": "茶园面积大、茶叶加工企业多，茶叶为主导产业，区域特色鲜明",
    "观光农业型": "平川农业基础好，交通便利，发展蔬菜、花卉和采摘观光农业",
    "烤烟产业支撑型": "山区烤烟种植历史长、收益稳定，班子有干劲",
    "劳务经济型": "外出务工人员多，劳务经济收入占比高，返乡创业有基础",
}
POSTS = [("县委常委、副县长", "组长"), ("镇党委书记", "副组长"), ("镇长", "副组长"), ("县农业局局长", "成员"),
         ("县交通运输局副局长", "成员")]
UNITS = ["县农业局", "县扶贫开发局", "县畜牧兽医局", "县茶叶局", "县水利局", "县住房和城乡建设局"]
DECISIONS = [
    "通村水泥路和组道硬化按计划推进，月底前完成路基", "沼气池建设逐户落实，技术员驻村指导",
    "安全饮水工程完成管网铺设", "产业项目资金按进度拨付，严格报账", "村容村貌整治，垃圾集中清运",
    "示范户带动，组织技术培训", "项目公示上墙，接受群众监督",
]
ACTIONS = ["完成组道路基施工", "落实沼气池建设户名单", "报送项目资金拨付申请", "组织产业技术培训",
           "完成饮水管网铺设", "整理项目建设档案并归档"]
MISSED_WEEKS = 3  # per designation and year: weeks without a progress meeting
OPEN_OVERDUE = 2  # per designation and year: actions left undone after their due date


def _person(rng) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)


def _village(code: str, name: str | None) -> Village | None:
    """The named village, or the township's first village of the township's own terrain."""
    villages = Village.objects.filter(township__code=code).select_related("township").order_by("code")
    if name:
        return villages.filter(name=name).first()
    terrain = next((t for c, _n, _count, t in village_demo.TOWNSHIPS if c == code), None)
    return villages.filter(terrain=terrain).first() or villages.first()


def _types() -> dict[str, DemonstrationType]:
    for position, (name, description) in enumerate(ADDED_TYPES, start=10):
        DemonstrationType.objects.get_or_create(name=name, defaults={"description": description, "position": position})
    return {t.name: t for t in DemonstrationType.objects.all()}


def _county_contact(village: Village, year: int) -> LeaderPairing | None:
    """The village's county-level contact point in the ledger. Where the demo ledger gave it a
    section-level leader, it swaps villages with a county-level line of an ordinary village, so the
    ledger keeps its 39 county-level and 228 section-level points (the ledger is demo data too)."""
    lines = LeaderPairing.objects.filter(end_date__isnull=True)
    own = lines.filter(village=village, level=CadreLevel.COUNTY).select_related("leader").first()
    if own is not None:
        return own
    designated = Designation.objects.values("village_id")
    other = (lines.filter(level=CadreLevel.COUNTY, village__is_key_poverty=False).exclude(village__in=designated)
             .exclude(village=village).order_by("-village__code").first())
    mine = lines.filter(village=village).first()
    if other is None:
        return None
    if mine is not None:
        LeaderPairing.objects.filter(pk=mine.pk).update(village_id=other.village_id, township_id=other.township_id)
    LeaderPairing.objects.filter(pk=other.pk).update(village_id=village.pk, township_id=village.township_id)
    return LeaderPairing.objects.select_related("leader").get(pk=other.pk)


def _plan(actor, village: Village, year: int, kind: str) -> ArchiveRecord:
    existing = ArchiveRecord.objects.live().filter(village=village, year__lte=year, category__code="G1").first()
    if existing is not None:
        return existing
    title = f"{village.name}升级晋档示范村建设规划（{year}—2011年）"
    body = [f"{village.township.name}{village.name}示范类型：{kind}。",
            f"一、发展定位：{REASONS[kind]}。", "二、建设任务：通村水泥路、沼气池、安全饮水、产业基地、村容整治。",
            "三、保障措施：一名县级领导联点、一套领导班子包抓、一名干部驻村、一抓到底。"]
    upload = ContentFile(minutes.plans_pdf([(title, body)]), name=f"{village.name}_{year}_示范村规划.pdf")
    return archive_services.archive_record_create(
        actor=actor, village=village, year=year, category=ArchiveCategory.objects.get(code="G1"), medium=None,
        title=title, record_date=datetime.date(year, 2, 20), description="示范村规划（演示）", files=[upload])


def _meetings(rng, actor, designation: Designation, team: list[str], cadre: str, overdue_left: int) -> int:
    """A year of meetings: progress meetings every week but a few, a funds-coordination meeting
    in February and July, on-site observation meetings in April and October. Written in bulk
    (with history); their minutes are ONE volume (one WeasyPrint render, one page per meeting) filed
    in W3 through archives.services.archive_documents_file, to which every meeting links."""
    year, village = designation.year, designation.village
    mondays = []
    day = rules.week_start(datetime.date(year, 1, 1))
    while day.year <= year:
        mondays.append(day)
        day += datetime.timedelta(days=7)
    missed = set(rng.sample(mondays[2:], MISSED_WEEKS))
    first, last = datetime.date(year, 1, 2), datetime.date(year, 12, 31)  # a week across New Year: its own year's days
    plan = [(MeetingKind.PROGRESS, min(max(monday + datetime.timedelta(days=rng.choice([0, 1, 2, 3, 4])), first), last))
            for monday in mondays if monday not in missed]
    plan += [(MeetingKind.FUNDS, datetime.date(year, 2, 12)), (MeetingKind.FUNDS, datetime.date(year, 7, 9)),
             (MeetingKind.SITE, datetime.date(year, 4, 23)), (MeetingKind.SITE, datetime.date(year, 10, 22))]
    plan.sort(key=lambda item: item[1])
    places = {MeetingKind.PROGRESS: f"{village.name}村委会", MeetingKind.FUNDS: "县升级晋档办会议室",
              MeetingKind.SITE: f"{village.name}项目现场"}
    overdue_at = set(rng.sample(range(len(plan) // 2, len(plan)), overdue_left))
    attendees = "、".join(team[:3] + [cadre]) + "，村“两委会”成员，项目单位负责人"
    meetings, actions = [], []
    for index, (kind, date) in enumerate(plan):
        meeting = Meeting(designation=designation, village=village, township_id=designation.township_id, kind=kind,
                          date=date, place=places[kind], attendees=attendees,
                          decisions="；".join(rng.sample(DECISIONS, 2)), held=True, created_by=actor)
        meetings.append(meeting)
        for k in range(0 if kind == MeetingKind.PROGRESS and index % 3 and index not in overdue_at else 1):
            due = date + datetime.timedelta(days=rng.choice([7, 10, 14]))
            done = not (index in overdue_at and k == 0)
            actions.append(Action(meeting=meeting, designation=designation, township_id=designation.township_id,
                                  description=rng.choice(ACTIONS), owner=rng.choice([*team, cadre]), due_date=due,
                                  done=done,
                                  done_on=due - datetime.timedelta(days=rng.randint(0, 5)) if done else None))
    by_meeting = {}
    for action in actions:
        by_meeting.setdefault(id(action.meeting), []).append(action)
    title = minutes.volume_title(village, year)
    volume = minutes.volume_pdf([minutes.entry(m, by_meeting.get(id(m), [])) for m in meetings], title=title)
    [record] = archive_services.archive_documents_file(actor=actor, category_code="W3", documents=[
        archive_services.GeneratedDocument(
            village=village, year=year, title=title, record_date=meetings[-1].date, filename=f"{title}.pdf",
            description="示范村会议记录汇编：本村本年度全部会议纪要，每页一次会议", content=volume)])
    for meeting in meetings:
        meeting.minutes = record
    bulk_create_with_history(meetings, Meeting, default_user=actor, default_change_reason="登记会议")
    for action in actions:
        action.meeting_id = action.meeting.pk
    bulk_create_with_history(actions, Action, default_user=actor)
    return len(meetings)


@transaction.atomic
def seed(ctx) -> None:
    rng = ctx.rng_for("demonstration")
    admins = User.objects.filter(role=Role.ADMIN).order_by("pk")
    actor = admins.first() or User.objects.filter(is_superuser=True).first()
    if actor is None:
        ctx.progress("没有管理员用户，跳过示范村")
        return
    types = _types()
    plan = [(2009, entry) for entry in FIRST_FIVE] + [(2010, entry) for entry in FIRST_FIVE + NEW_SIX]
    designations = meetings = 0
    for year, (code, name, kind) in plan:
        village = _village(code, name)
        if village is None:
            continue
        contact = _county_contact(village, year)
        designation = services.designation_create(
            actor=actor, village=village, year=year, kind=types[kind], reason=REASONS[kind],
            plan=_plan(actor, village, year, kind), contact=contact)
        leader = contact.leader.name if contact else _person(rng)
        team = [leader] + [_person(rng) for _ in POSTS[1:]]
        for position, ((post, duty), person) in enumerate(zip(POSTS, team, strict=True), start=1):
            services.team_member_add(actor=actor, designation=designation, name=person, post=post, duty=duty,
                                     position=position)
        cadre = _person(rng)
        services.resident_cadre_add(actor=actor, designation=designation, name=cadre,
                                    unit=f"{rng.choice(UNITS)}干部",
                                    start_date=datetime.date(year, 2, rng.randint(1, 20)),
                                    end_date=datetime.date(year, 12, 31))
        designations += 1
        meetings += _meetings(rng, actor, designation, team, cadre, OPEN_OVERDUE)
    ctx.progress(f"已生成 {designations} 个示范村年度、{meetings} 次会议（纪要已归入 W3）")


def reset(ctx) -> None:
    wipe(Action, Meeting, ResidentCadre, TeamMember, Designation)
    DemonstrationType.objects.filter(name__in=[name for name, _ in ADDED_TYPES]).delete()
