"""The default indicator catalogue of domain.md §7 (15 indicators, 100 points) and the
default grade thresholds, survey and reward parameters. Departments are named, not linked:
opening a cycle resolves the names to villages.Department rows."""

from decimal import Decimal

from django.db import migrations

A1_TIERS = [["4500", "20"], ["3500", "16"], ["2800", "12"], ["2000", "8"], ["1196", "4"]]
A3_TIERS = [["50000", "8"], ["30000", "6"], ["10000", "4"], ["3000", "2"]]

# code, dimension, name, unit, max, lead, cooperating, source, mapping, floor, target, tiers
CATALOGUE = [
    ("A1", "A", "农民人均纯收入", "元", 20, "县统计局", "县扶贫开发局", "survey", "tiers", None, None, A1_TIERS),
    ("A2", "A", "主导产业覆盖率", "%", 8, "县农业局", "县茶叶局、县畜牧兽医局", "registry", "linear", 20, 80, []),
    ("A3", "A", "村集体经济收入", "元", 8, "县财政局", "", "value", "tiers", None, None, A3_TIERS),
    ("B1", "B", "安全饮水普及率", "%", 7, "县水利局", "", "value", "linear", 50, 100, []),
    ("B2", "B", "通组道路硬化率", "%", 7, "县交通运输局", "", "value", "linear", 30, 100, []),
    ("B3", "B", "新农合参合率", "%", 6, "县卫生局", "县扶贫开发局", "value", "linear", 70, 100, []),
    ("C1", "C", "清洁能源入户率", "%", 5, "县农业局", "县能源办", "value", "linear", 10, 60, []),
    ("C2", "C", "村庄规划与人居环境", "", 5, "县住房和城乡建设局", "", "direct", "", None, None, []),
    ("C3", "C", "环境卫生整治", "", 4, "县卫生局", "", "direct", "", None, None, []),
    ("D1", "D", "义务教育巩固率", "%", 5, "县教育局", "", "value", "linear", 80, 100, []),
    ("D2", "D", "文化活动与场所", "", 5, "县民政局", "县文化广电局", "direct", "", None, None, []),
    ("D3", "D", "社会治安与计划生育", "", 5, "县民政局", "县公安局、县人口和计划生育局", "direct", "", None, None, []),
    ("E1", "E", "村级组织建设", "", 6, "县委组织部", "", "direct", "", None, None, []),
    ("E2", "E", "村务公开民主管理", "", 5, "县民政局", "", "direct", "", None, None, []),
    ("E3", "E", "群众满意度", "%", 4, "县委组织部", "县考核办", "ballots", "linear", 60, 95, []),
]


def load(apps, schema_editor):
    Indicator = apps.get_model("assessment", "Indicator")
    Settings = apps.get_model("assessment", "AssessmentSettings")
    for order, (code, dim, name, unit, top, lead, coop, source, mapping, floor, target, tiers) in enumerate(CATALOGUE, 1):
        Indicator.objects.update_or_create(code=code, defaults={
            "dimension": dim, "name": name, "unit": unit, "max_points": Decimal(top),
            "lead_department": lead, "cooperating_departments": coop, "source": source,
            "mapping": mapping, "floor": None if floor is None else Decimal(floor),
            "target": None if target is None else Decimal(target), "tiers": tiers, "order": order,
        })
    Settings.objects.update_or_create(pk=1, defaults={
        "grade1_min": Decimal("85"), "grade2_min": Decimal("70"), "grade3_min": Decimal("55"),
        "sample_rate": Decimal("0.100"), "sample_min": 10, "county_reward_amount": Decimal("29000"),
        "county_reward_count": 5, "township_reward_amount": Decimal("23000"),
    })


def unload(apps, schema_editor):
    apps.get_model("assessment", "Indicator").objects.filter(code__in=[row[0] for row in CATALOGUE]).delete()
    apps.get_model("assessment", "AssessmentSettings").objects.filter(pk=1).delete()


class Migration(migrations.Migration):
    dependencies = [("assessment", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
