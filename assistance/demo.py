"""Demo pairings, assistance records and plans (spec/demo-data.md, domain.md §5 and §9).

Exact at every scale: 39 county-level and 228 section-level leader contact points (one per
village), 178 units and 82 township stations paired with the 153 poor villages. Scaled by
households_per_village / 360: cadres (3,224 party cadres and 4,807 village cadres /
demonstration households at full scale), cadre–household pairings (every key-target household
but a few deliberate breaches), records and their totals (the article's 2009 figures: 90,000+
income cards, 400,000+ yuan condolence money, 3.8 million+ yuan goods, 23 million+ yuan project
funds, 3,100+ person-times trained). `helper1` is linked to a cadre of 城关镇 五丰村.
"""

import datetime
from decimal import Decimal

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from households.categories import KEY_TARGETS
from households.demo import GIVEN, SURNAMES
from households.models import Household, IncomeRecord
from villages.choices import DepartmentKind
from villages.models import Department, Township, Village
from xixiang.accounts.models import User
from xixiang.core import figures
from xixiang.core.demo import wipe

from . import demo_units
from .choices import CadreLevel, RecordKind
from .models import AssistanceRecord, Cadre, HouseholdPairing, HouseholdPlan, LeaderPairing, UnitPairing
from .six_to_household import distribute

YEAR = 2009
BATCH = 5000
COUNTY_LEADERS, SECTION_LEADERS = 39, 228
PARTY_CADRES, VILLAGE_CADRES = 3224, 4807
# The article's 2009 totals at full scale.
TOTALS = {
    "income_cards": Decimal("90360"),
    "money": Decimal("403200"),
    "goods": Decimal("3826000"),
    "project_funds": Decimal("23150000"),
    "trained": Decimal("3124"),
}
VISITS_PER_HOUSEHOLD = 2.9
HELPER_CADRE = "张志强"


def _date(rng, start: datetime.date, end: datetime.date = datetime.date(YEAR, 12, 31)) -> datetime.date:
    return start + datetime.timedelta(days=rng.randrange((end - start).days + 1))


def _person(rng) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)


def _phone(rng) -> str:
    return f"1{rng.choice('358')}{rng.randrange(10**8, 10**9)}"


def _start(rng) -> datetime.date:
    return datetime.date(YEAR, 1, 1) + datetime.timedelta(days=rng.randrange(90))


def _units(ctx) -> tuple[list[Department], list[Department]]:
    """The 178 units (catalogue + county departments + enterprises) and the 82 stations."""
    existing = list(Department.objects.exclude(kind=DepartmentKind.STATION).order_by("code"))
    names = {d.name for d in existing}
    new = [n for n in demo_units.COUNTY_DEPARTMENTS if n not in names]
    enterprises = demo_units.enterprise_names(demo_units.UNITS_TOTAL - len(existing) - len(new))
    rows = [Department(code=f"U{i + 1:03d}", name=n, kind=DepartmentKind.COUNTY_DEPARTMENT) for i, n in enumerate(new)]
    rows += [
        Department(code=f"E{i + 1:03d}", name=n, kind=DepartmentKind.ENTERPRISE) for i, n in enumerate(enterprises)
    ]
    townships = {t.name: t for t in Township.objects.order_by("code")}
    stations = [
        Department(code=f"S{i + 1:03d}", name=name, kind=DepartmentKind.STATION, township=townships[township])
        for i, (township, name) in enumerate(demo_units.station_names(list(townships)))
    ]
    bulk_create_with_history(rows + stations, Department)
    units = list(Department.objects.exclude(kind=DepartmentKind.STATION).order_by("code"))
    return units, list(Department.objects.filter(kind=DepartmentKind.STATION).order_by("code"))


def _leaders(rng, units) -> list[Cadre]:
    leadership = [u for u in units if u.name in demo_units.LEADERSHIP_UNITS]
    others = [u for u in units if u.name not in demo_units.LEADERSHIP_UNITS]
    cadres = [
        Cadre(name=_person(rng), level=CadreLevel.COUNTY, unit=rng.choice(leadership), phone=_phone(rng))
        for _ in range(COUNTY_LEADERS)
    ]
    cadres += [
        Cadre(name=_person(rng), level=CadreLevel.SECTION, unit=rng.choice(others), phone=_phone(rng))
        for _ in range(SECTION_LEADERS)
    ]
    return cadres


def _village_pairings(rng, villages, units, stations, leaders):
    """One leader contact point per village; every unit and station on a poor village; plus a
    few historical lines: a handover with a successor and a line ended without one, per ledger."""
    start = datetime.date(YEAR, 1, 1)
    # County-level leaders take the poor villages first (key poverty villages first of all).
    ordered = sorted(villages, key=lambda v: (not v.is_key_poverty, not v.is_poor, v.code))
    leader_lines = [
        LeaderPairing(
            leader=leader,
            level=leader.level,
            village=village,
            township_id=village.township_id,
            year=YEAR,
            start_date=start + datetime.timedelta(days=rng.randrange(60)),
        )
        for leader, village in zip(leaders, ordered, strict=True)
    ]
    poor = [v for v in villages if v.is_poor]
    by_township = {}
    for village in poor:
        by_township.setdefault(village.township_id, []).append(village)
    unit_lines = []
    for index, unit in enumerate(units):  # every poor village gets at least one unit
        village = poor[index % len(poor)]
        unit_lines.append(
            UnitPairing(
                unit=unit,
                village=village,
                township_id=village.township_id,
                year=YEAR,
                start_date=start + datetime.timedelta(days=rng.randrange(60)),
            )
        )
    for station in stations:  # stations pair with a poor village of their own township where there is one
        village = rng.choice(by_township.get(station.township_id) or poor)
        unit_lines.append(
            UnitPairing(
                unit=station,
                village=village,
                township_id=village.township_id,
                year=YEAR,
                start_date=start + datetime.timedelta(days=rng.randrange(60)),
            )
        )
    # History: a unit line ended on 2009-03-31 that the current lines of its village succeed,
    # and one that ended in June although the village's other units started before it (no successor).
    first, second = unit_lines[0], unit_lines[1]
    ended = [
        UnitPairing(
            unit=units[-1],
            village=first.village,
            township_id=first.township_id,
            year=YEAR - 1,
            start_date=datetime.date(YEAR - 1, 3, 1),
            end_date=datetime.date(YEAR - 1, 12, 31),
            note="2009 年调整帮扶单位",
        ),
        UnitPairing(
            unit=units[-2],
            village=second.village,
            township_id=second.township_id,
            year=YEAR,
            start_date=datetime.date(YEAR, 3, 15),
            end_date=datetime.date(YEAR, 6, 30),
            note="单位撤并",
        ),
    ]
    first.start_date = datetime.date(YEAR, 1, 1)
    lead = leader_lines[-1]
    leader_ended = [
        LeaderPairing(
            leader=leaders[-2],
            level=leaders[-2].level,
            village=lead.village,
            township_id=lead.township_id,
            year=YEAR - 1,
            start_date=datetime.date(YEAR - 1, 2, 1),
            end_date=datetime.date(YEAR - 1, 12, 31),
            note="领导工作调动",
        ),
        LeaderPairing(
            leader=leaders[0],
            level=leaders[0].level,
            village=leader_lines[1].village,
            township_id=leader_lines[1].township_id,
            year=YEAR,
            start_date=datetime.date(YEAR, 3, 1),
            end_date=datetime.date(YEAR, 8, 31),
            note="临时联系点",
        ),
    ]
    return leader_lines + leader_ended, unit_lines + ended


def _cadres(ctx, rng, units, stations, villages) -> tuple[list[Cadre], dict[int, list[Cadre]]]:
    factor = ctx.households_per_village / 360
    staff = [
        Cadre(name=_person(rng), level=CadreLevel.STAFF, unit=rng.choice(units + stations), phone=_phone(rng))
        for _ in range(max(3, round((PARTY_CADRES - COUNTY_LEADERS - SECTION_LEADERS) * factor)))
    ]
    per_village = max(1, round(VILLAGE_CADRES * factor / len(villages)))
    village_cadres = {}
    for village in villages:
        village_cadres[village.pk] = [
            Cadre(
                name=_person(rng),
                level=CadreLevel.VILLAGE if i % 3 else CadreLevel.DEMONSTRATION,
                village=village,
                phone=_phone(rng),
            )
            for i in range(per_village)
        ]
    return staff, village_cadres


def _household_pairings(rng, key_households, party, village_cadres, helper, helper_households):
    """Pair every key-target household but three; party cadres hold 2–5 each (two hold only 1)."""
    start = datetime.date(YEAR, 1, 1)
    rng.shuffle(key_households)
    taken = {h[0] for h in helper_households}
    left_out = [h for h in key_households if h[0] not in taken][:3]  # deliberate breach: no cadre
    taken |= {h[0] for h in left_out}
    queue = [h for h in key_households if h[0] not in taken]
    lines = []

    def pair(cadre, household, **extra):
        lines.append(
            HouseholdPairing(
                cadre=cadre,
                household_id=household[0],
                village_id=household[1],
                township_id=household[2],
                year=YEAR,
                start_date=extra.pop("start_date", _start(rng)),
                **extra,
            )
        )

    for household in helper_households:
        pair(helper, household, start_date=start)
    budget = int(len(queue) * 0.3)
    position = 0
    for index, cadre in enumerate(party):
        want = 1 if index in (3, 7) else rng.randint(2, 5)  # two deliberate breaches: one household only
        for _ in range(want):
            if position < budget:
                pair(cadre, queue[position])
                position += 1
    for household in queue[position:]:
        pair(rng.choice(village_cadres[household[1]]), household)
    # History: 1% of lines handed over on 1 July (old line ended, new line by another cadre of the
    # village); three lines ended in October without a successor.
    handovers = rng.sample(range(len(helper_households), len(lines)), max(1, len(lines) // 100))
    for index in handovers:
        old = lines[index]
        old.end_date = datetime.date(YEAR, 6, 30)
        pair(
            rng.choice(village_cadres[old.village_id]),
            (old.household_id, old.village_id, old.township_id),
            start_date=datetime.date(YEAR, 7, 1),
        )
    for index in rng.sample(
        [
            i
            for i in range(len(helper_households), len(lines))
            if lines[i].end_date is None and lines[i].start_date < datetime.date(YEAR, 9, 1)
        ],
        3,
    ):
        lines[index].end_date = datetime.date(YEAR, 10, 31)
    return lines


def _record(pairing, kind, date, *, ledger, amount=Decimal("0"), quantity=None, unit="", trained=0, note=""):
    record = AssistanceRecord(
        kind=kind,
        date=date,
        year=date.year,
        ledger=ledger,
        amount=amount,
        quantity=quantity,
        quantity_unit=unit,
        people_trained=trained,
        note=note,
        township_id=pairing.township_id,
        village_id=pairing.village_id,
    )
    if ledger == "household":
        record.household_pairing, record.household_id = pairing, pairing.household_id
        record.cadre, record.unit_id = pairing.cadre, pairing.cadre.unit_id
    elif ledger == "unit":
        record.unit_pairing, record.unit_id = pairing, pairing.unit_id
    else:
        record.leader_pairing, record.cadre, record.unit_id = pairing, pairing.leader, pairing.leader.unit_id
    return record


def _last_day(pairing) -> datetime.date:
    return pairing.end_date or datetime.date(YEAR, 12, 31)


def _records(ctx, rng, household_lines, unit_lines, leader_lines) -> list[AssistanceRecord]:
    factor = Decimal(ctx.households_per_village) / Decimal(360)
    totals = {key: (value * factor).quantize(Decimal("1")) for key, value in TOTALS.items()}
    records = []
    for line in household_lines:
        last = _last_day(line)
        records.append(
            _record(
                line,
                RecordKind.INCOME_CARD,
                _date(rng, line.start_date, last),
                ledger="household",
                quantity=Decimal("1"),
                unit="张",
            )
        )
        for _ in range(rng.randint(1, 5)):
            records.append(
                _record(
                    line,
                    RecordKind.VISIT,
                    _date(rng, line.start_date, last),
                    ledger="household",
                    note=rng.choice(["了解生产生活情况", "宣讲政策", "指导茶园管理", "核实收入", ""]),
                )
            )
    weights = lambda n: [rng.uniform(0.5, 1.5) for _ in range(n)]  # noqa: E731
    money_lines = rng.sample(household_lines, min(len(household_lines), max(1, round(1400 * float(factor)))))
    for line, amount in zip(money_lines, distribute(totals["money"], weights(len(money_lines))), strict=True):
        records.append(
            _record(
                line,
                RecordKind.MONEY,
                _date(rng, line.start_date, _last_day(line)),
                ledger="household",
                amount=amount,
                note="春节慰问",
            )
        )
    goods_lines = rng.sample(household_lines, min(len(household_lines), max(1, round(6000 * float(factor)))))
    household_goods = (totals["goods"] * Decimal("0.3")).quantize(Decimal("1"))
    for line, amount in zip(goods_lines, distribute(household_goods, weights(len(goods_lines))), strict=True):
        records.append(
            _record(
                line,
                RecordKind.GOODS,
                _date(rng, line.start_date, _last_day(line)),
                ledger="household",
                amount=amount,
                quantity=Decimal(rng.randint(1, 10) * 50),
                unit="公斤",
                note="化肥",
            )
        )
    cards_left = max(Decimal("0"), totals["income_cards"] - len(household_lines))
    for line, cards in zip(unit_lines, distribute(cards_left, weights(len(unit_lines))), strict=True):
        records.append(
            _record(
                line,
                RecordKind.INCOME_CARD,
                _date(rng, line.start_date, _last_day(line)),
                ledger="unit",
                quantity=cards,
                unit="张",
                note="统一印制发放",
            )
        )
    goods = [("茶苗", "株", 2000), ("仔猪", "头", 5), ("烤烟种苗", "株", 1000)]
    unit_goods = distribute(totals["goods"] - household_goods, weights(len(unit_lines) * len(goods)))
    for index, line in enumerate(unit_lines):
        for offset, (name, unit, per) in enumerate(goods):
            amount = unit_goods[index * len(goods) + offset]
            records.append(
                _record(
                    line,
                    RecordKind.GOODS,
                    _date(rng, line.start_date, _last_day(line)),
                    ledger="unit",
                    amount=amount,
                    quantity=Decimal(rng.randint(20, 300) * per),
                    unit=unit,
                    note=name,
                )
            )
    unit_funds = (totals["project_funds"] * Decimal("0.7")).quantize(Decimal("1"))
    for line, amount in zip(unit_lines, distribute(unit_funds, weights(len(unit_lines))), strict=True):
        records.append(
            _record(
                line,
                RecordKind.PROJECT_FUNDS,
                _date(rng, line.start_date, _last_day(line)),
                ledger="unit",
                amount=amount,
                note=rng.choice(["通村公路", "安全饮水工程", "茶园改造", "沼气池建设"]),
            )
        )
    training_lines = [line for index, line in enumerate(unit_lines) if index % 5 < 3]
    for line, trained in zip(training_lines, distribute(totals["trained"], weights(len(training_lines))), strict=True):
        records.append(
            _record(
                line,
                RecordKind.TRAINING,
                _date(rng, line.start_date, _last_day(line)),
                ledger="unit",
                trained=int(trained),
                note=rng.choice(["茶叶栽培技术", "生猪养殖技术", "劳务输出技能"]),
            )
        )
    for line, amount in zip(
        leader_lines, distribute(totals["project_funds"] - unit_funds, weights(len(leader_lines))), strict=True
    ):
        records.append(
            _record(
                line,
                RecordKind.PROJECT_FUNDS,
                _date(rng, line.start_date, _last_day(line)),
                ledger="leader",
                amount=amount,
                note="协调县级项目资金",
            )
        )
        for _ in range(3):
            records.append(
                _record(
                    line,
                    RecordKind.VISIT,
                    _date(rng, line.start_date, _last_day(line)),
                    ledger="leader",
                    note="到联系点调研",
                )
            )
    return records


def _plans(rng, household_lines, leader_lines) -> list[HouseholdPlan]:
    """2009 plans with their year-end result and 2010 plans, for every paired household."""
    current = {}
    for line in household_lines:
        if line.end_date is None or line.household_id not in current:
            current[line.household_id] = line
    ids = list(current)
    incomes = {}
    for household_id, year, income in (
        IncomeRecord.objects.filter(household_id__in=ids)
        .values_list("household_id", "year", "per_capita_net_income")
        .iterator(chunk_size=BATCH)
    ):
        incomes[(household_id, year)] = income
    leaders = {line.village_id: line.leader for line in leader_lines if line.end_date is None}
    measures = [
        ("茶园提质增效 2 亩", "茶叶栽培技术培训", ""),
        ("发展生猪养殖 5 头", "生猪养殖技术培训", ""),
        ("", "劳务技能培训", "1 人外出务工"),
        ("烤烟种植 3 亩", "", "农闲季节就近务工"),
    ]
    plans = []
    for household_id, line in current.items():
        base = incomes.get((household_id, YEAR - 1)) or Decimal("1000")
        result = incomes.get((household_id, YEAR))
        industry, training, migration = rng.choice(measures)
        target = (base * Decimal("1.15")).quantize(Decimal("10"))
        common = {
            "household_id": household_id,
            "cadre": line.cadre,
            "leader": leaders.get(line.village_id),
            "measure_industry": industry,
            "measure_training": training,
            "measure_migration": migration,
        }
        note = "" if result is None else ("达到目标" if result >= target else "未达目标，继续帮扶")
        plans.append(HouseholdPlan(year=YEAR, target_income=target, result_income=result, result_note=note, **common))
        plans.append(
            HouseholdPlan(
                year=YEAR + 1, target_income=((result or base) * Decimal("1.15")).quantize(Decimal("10")), **common
            )
        )
    return plans


def seed(ctx) -> None:
    rng = ctx.rng_for("assistance")
    with transaction.atomic():
        units, stations = _units(ctx)
        villages = list(Village.objects.order_by("code"))
        leaders = bulk_create_with_history(_leaders(rng, units), Cadre)
        leader_lines, unit_lines = _village_pairings(rng, villages, units, stations, leaders)
        leader_lines = bulk_create_with_history(leader_lines, LeaderPairing)
        unit_lines = bulk_create_with_history(unit_lines, UnitPairing)
    ctx.progress(
        f"部门联村：{len(units)} 个单位、{len(stations)} 个站所结对 {sum(v.is_poor for v in villages)} 个贫困村；"
        f"领导联点：县级 {COUNTY_LEADERS}、科级 {SECTION_LEADERS}"
    )
    with transaction.atomic():
        staff, village_cadres = _cadres(ctx, rng, units, stations, villages)
        helper = Cadre(
            name=HELPER_CADRE,
            level=CadreLevel.STAFF,
            unit=units[0],
            phone="13909160001",
            user=User.objects.filter(username="helper1").first(),
        )
        everyone = bulk_create_with_history(
            [helper, *staff, *(c for cadres in village_cadres.values() for c in cadres)], Cadre, batch_size=BATCH
        )
        helper, staff = everyone[0], everyone[1 : 1 + len(staff)]
        position = 1 + len(staff)
        for village in villages:
            count = len(village_cadres[village.pk])
            village_cadres[village.pk] = everyone[position : position + count]
            position += count
        wufeng = Village.objects.get(township__code="610724100", name="五丰村")
        rows = list(
            Household.objects.filter(category__in=KEY_TARGETS)
            .order_by("id")
            .values_list("id", "village_id", "township_id")
        )
        helper_rows = [r for r in rows if r[1] == wufeng.pk][:3]
        if len(helper_rows) < 2:  # a tiny county may have too few key households in 五丰村
            helper_rows += list(
                Household.objects.filter(village=wufeng)
                .exclude(category__in=KEY_TARGETS)
                .order_by("id")
                .values_list("id", "village_id", "township_id")[: 2 - len(helper_rows)]
            )
        rows = [r for r in rows if r not in helper_rows]
        lines = _household_pairings(rng, rows, list(leaders) + list(staff), village_cadres, helper, helper_rows)
        lines = bulk_create_with_history(lines, HouseholdPairing, batch_size=BATCH)
    paired = len({line.household_id for line in lines if line.end_date is None})
    ctx.progress(
        f"干部联户：{len(staff) + len(leaders) + 1:,} 名机关干部、{len(everyone) - len(staff) - 1:,} 名村干部和示范户，"
        f"结对 {paired:,} 户"
    )
    with transaction.atomic():
        records = _records(ctx, rng, lines, unit_lines, leader_lines)
        bulk_create_with_history(records, AssistanceRecord, batch_size=BATCH)
    ctx.progress(f"帮扶记录：{len(records):,} 条")
    with transaction.atomic():
        plans = _plans(rng, lines, leader_lines)
        bulk_create_with_history(plans, HouseholdPlan, batch_size=BATCH)
    ctx.progress(f"一户一策：{len(plans):,} 份（2009、2010 年）")
    figures.bump(AssistanceRecord, HouseholdPairing)  # bulk_create sends no post_save


def reset(ctx) -> None:
    wipe(AssistanceRecord, HouseholdPlan, HouseholdPairing, UnitPairing, LeaderPairing, Cadre)
    figures.bump(AssistanceRecord, HouseholdPairing)
    Department.objects.filter(code__regex=r"^[UES][0-9]{3}$").delete()
