"""Demo hierarchy: 西乡县, its 23 townships, 267 villages, groups, departments, 2008 grades."""

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from .choices import DepartmentKind, Terrain
from .models import County, Department, Group, Township, Village, VillageGrade

COUNTY = ("610724", "西乡县")

# (code, name, number of villages, terrain). Plain townships have more villages (demo-data.md).
TOWNSHIPS = [
    ("610724100", "城关镇", 16, Terrain.PLAIN),
    ("610724101", "杨河镇", 15, Terrain.PLAIN),
    ("610724102", "柳树镇", 15, Terrain.PLAIN),
    ("610724103", "沙河镇", 14, Terrain.PLAIN),
    ("610724104", "私渡镇", 14, Terrain.PLAIN),
    ("610724105", "桑园镇", 14, Terrain.PLAIN),
    ("610724106", "白龙塘镇", 11, Terrain.HILL),
    ("610724107", "古城镇", 11, Terrain.HILL),
    ("610724108", "峡口镇", 12, Terrain.HILL),
    ("610724109", "堰口镇", 12, Terrain.HILL),
    ("610724110", "茶镇", 9, Terrain.HILL),
    ("610724111", "高川镇", 11, Terrain.MOUNTAIN),
    ("610724112", "两河口镇", 11, Terrain.MOUNTAIN),
    ("610724113", "五里坝镇", 10, Terrain.MOUNTAIN),
    ("610724114", "大河镇", 11, Terrain.MOUNTAIN),
    ("610724115", "罗镇", 8, Terrain.HILL),
    ("610724117", "子午乡", 11, Terrain.MOUNTAIN),
    ("610724118", "白勉峡乡", 10, Terrain.MOUNTAIN),
    ("610724201", "钟家沟乡", 10, Terrain.MOUNTAIN),
    ("610724202", "左溪乡", 10, Terrain.MOUNTAIN),
    ("610724203", "司上乡", 10, Terrain.MOUNTAIN),
    ("610724204", "马家湾乡", 11, Terrain.MOUNTAIN),
    ("610724205", "三花石乡", 11, Terrain.MOUNTAIN),
]

# Villages the article names, placed first in their township.
NAMED_VILLAGES = {
    "城关镇": ["五丰村", "余家山村"],
    "杨河镇": ["李河村"],
    "峡口镇": ["江榜村"],
    "沙河镇": ["枣园村"],
    "柳树镇": ["油房村"],
    "罗镇": ["马桑湾村", "三坪村", "檀木坝村", "三合村", "罗镇村", "蒋家坝村", "店子村", "松山村"],
}
NAME_FIRST = list(
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
)
NAME_SECOND = ["家坝", "家湾", "家河", "家沟", "家营", "家岭", "家庄", "家坪", "家院", "家梁"]
NAME_TREE = ["柏树", "杉树", "桃树", "柳树", "槐树", "桑树", "茶树", "枫树", "竹园", "松树"]
NAME_TREE_SUFFIX = ["湾", "坪", "坝", "垭", "沟"]

# The 18 departments of the indicator catalogue (domain.md §7): 10 lead, 8 cooperating.
LEAD_DEPARTMENTS = [
    "县统计局",
    "县农业局",
    "县财政局",
    "县水利局",
    "县交通运输局",
    "县卫生局",
    "县住房和城乡建设局",
    "县教育局",
    "县民政局",
    "县委组织部",
]
COOPERATING_DEPARTMENTS = [
    "县扶贫开发局",
    "县茶叶局",
    "县畜牧兽医局",
    "县能源办",
    "县文化广电局",
    "县公安局",
    "县人口和计划生育局",
    "县考核办",
]

POOR_VILLAGES = 153  # paired with units (article)
KEY_POVERTY_VILLAGES = 23  # 扶贫重点村 (article)
GRADE3_IN_2008 = 9  # the rest (258) in grade 4


def _village_names(township: str, count: int, rng) -> list[str]:
    names = list(NAMED_VILLAGES.get(township, []))
    while len(names) < count:
        if rng.random() < 0.6:
            name = f"{rng.choice(NAME_FIRST)}{rng.choice(NAME_SECOND)}村"
        else:
            name = f"{rng.choice(NAME_TREE)}{rng.choice(NAME_TREE_SUFFIX)}村"
        if name not in names:
            names.append(name)
    return names[:count]


def _groups_per_village(township: str, rng) -> int:
    if township == "茶镇":  # 茶镇 in 2006: 9 villages, 57 groups
        return rng.choice([6, 6, 6, 7, 7])
    return rng.randint(3, 10)


GROUP_NAMES = ["一组", "二组", "三组", "四组", "五组", "六组", "七组", "八组", "九组", "十组"]


@transaction.atomic
def seed(ctx) -> None:
    rng = ctx.rng_for("villages")
    county = County.objects.create(code=COUNTY[0], name=COUNTY[1])
    villages, groups = [], []
    for code, name, village_count, terrain in TOWNSHIPS:
        township = Township.objects.create(county=county, code=code, name=name)
        for index, village_name in enumerate(_village_names(name, village_count, rng)):
            village_terrain = terrain if rng.random() < 0.8 else rng.choice(list(Terrain))
            villages.append(
                Village(
                    township=township,
                    code=f"{code}{201 + index:03d}",
                    name=village_name,
                    terrain=village_terrain,
                    leading_industries=rng.choice(["茶叶", "茶叶、生猪", "生猪", "烤烟、茶叶", "转移就业、茶叶"]),
                )
            )
    _mark_poor(villages, rng)
    bulk_create_with_history(villages, Village)
    for village in villages:
        for number in range(_groups_per_village(village.township.name, rng)):
            groups.append(Group(village=village, code=f"{village.code}{number + 1:02d}", name=GROUP_NAMES[number]))
    bulk_create_with_history(groups, Group, batch_size=2000)
    _seed_departments()
    _seed_2008_grades(villages, rng)
    ctx.shared["villages"] = villages
    ctx.shared["groups"] = groups
    ctx.progress(f"已生成 {len(TOWNSHIPS)} 个乡镇、{len(villages)} 个行政村、{len(groups)} 个村民小组")


def _mark_poor(villages, rng) -> None:
    """153 poor villages, mountain and hill first; 23 of them key poverty villages."""
    ordered = sorted(villages, key=lambda v: ({"mountain": 0, "hill": 1, "plain": 2}[v.terrain], rng.random()))
    for index, village in enumerate(ordered[:POOR_VILLAGES]):
        village.is_poor = True
        village.is_key_poverty = index < KEY_POVERTY_VILLAGES


def _seed_departments() -> None:
    names = LEAD_DEPARTMENTS + COOPERATING_DEPARTMENTS
    Department.objects.bulk_create(
        [
            Department(code=f"D{index + 1:03d}", name=name, kind=DepartmentKind.COUNTY_DEPARTMENT)
            for index, name in enumerate(names)
        ]
    )


def _seed_2008_grades(villages, rng) -> None:
    """2008 baseline (article): 9 villages in grade 3, the other 258 in grade 4."""
    plain = [v for v in villages if v.terrain == Terrain.PLAIN and not v.is_poor]
    grade3 = set(v.code for v in rng.sample(plain, GRADE3_IN_2008))
    VillageGrade.objects.bulk_create(
        [
            VillageGrade(village=v, year=2008, grade=3 if v.code in grade3 else 4, source="2008 年摸底评定")
            for v in villages
        ]
    )


def reset(ctx) -> None:
    VillageGrade.objects.all().delete()
    Group.objects.all().delete()
    Village.objects.all().delete()
    Department.objects.all().delete()
    Township.objects.all().delete()
    County.objects.all().delete()
