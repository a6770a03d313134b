"""The ledger dashboard (headline figures, chart, rule-check counts), roll-ups and rule checks."""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_tables2 import RequestConfig

from assistance import scope as assistance_scope
from households import scope as household_scope
from households.models import Household
from households.tables import HouseholdTable
from villages import scope as village_scope
from xixiang.core import figures
from xixiang.core.edit import require
from xixiang.lib.svg_charts import Series, bar_chart
from xixiang.lib.years import parse_year

from .. import selectors, tables
from ..models import Cadre, HouseholdPairing

FIGURE_LABELS = {
    "income_cards": _("发放增收明白卡（张）"),
    "money": _("慰问金（元）"),
    "goods": _("物资种苗折款（元）"),
    "project_funds": _("协调项目资金（元）"),
    "trained": _("培训人次"),
    "visits": _("走访次数"),
}
ROLLUP_TITLES = {
    "township": _("按乡镇汇总"),
    "unit": _("按单位汇总"),
    "cadre": _("按干部汇总"),
    "year": _("按年度汇总"),
}


def _no_table_kwargs(user) -> dict:
    return {}


@dataclass(frozen=True)
class Check:
    """A rule check: its label, the scoped rows that break the rule, the table to list them and
    the table's keyword arguments for the viewing user."""

    label: str
    rows: Callable
    table: type
    table_kwargs: Callable[..., dict] = _no_table_kwargs
    #: The models the count reads, when it is worth caching (xixiang.core.figures; the date is in
    #: the query, so a new day counts afresh); empty: counted on each visit.
    cached_over: tuple = ()

    def count(self, user) -> int:
        rows = self.rows(user)
        if not self.cached_over:
            return rows.count()
        return figures.cached_count("check", rows, self.cached_over)


def _pairing_check(label, ledger, read_scope, related, table, cached_over=()):
    return Check(
        label,
        lambda user: selectors.ended_without_successor(read_scope(user)).select_related(*related),
        table,
        lambda user: {"ledger": ledger, "order_by": ("-end_date",)},
        cached_over,
    )


CHECKS = {
    "cadres-below-minimum": Check(
        _("联系农户不足 2 户的干部"),
        lambda user: selectors.cadres_below_minimum(assistance_scope.township_cadres(user)).select_related("unit"),
        tables.CadreBelowTable,
        cached_over=(Cadre, HouseholdPairing),  # 11 ms on the full county
    ),
    "key-households-without-cadre": Check(
        _("无帮扶干部的重点户（温饱户、帮扶户、关怀户）"),
        lambda user: selectors.key_households_without_cadre(household_scope.households(user)).select_related(
            "township", "village", "group"
        ),
        HouseholdTable,
        lambda user: {"user": user},
        (Household, HouseholdPairing),  # 31 ms on the full county: an EXISTS per key household
    ),
    "poor-villages-without-unit": Check(
        _("无帮扶单位的贫困村"),
        lambda user: selectors.poor_villages_without_unit(village_scope.villages(user)).select_related("township"),
        tables.PoorVillageTable,
    ),
    "ended-leader": _pairing_check(
        _("结束后无接替的领导联点"),
        "leader",
        assistance_scope.leader_pairings,
        ("leader__unit", "village", "township"),
        tables.LeaderPairingTable,
    ),
    "ended-unit": _pairing_check(
        _("结束后无接替的部门联村"),
        "unit",
        assistance_scope.unit_pairings,
        ("unit", "village", "township"),
        tables.UnitPairingTable,
    ),
    "ended-household": _pairing_check(
        _("结束后无接替的干部联户"),
        "household",
        assistance_scope.household_pairings,
        ("cadre__unit", "household", "village", "township"),
        tables.HouseholdPairingTable,
        (HouseholdPairing,),  # 10 ms on the full county
    ),
}


def dashboard(request):
    """Headline figures of the article, a chart by township and the rule checks with counts."""
    user = request.user
    require(assistance_scope.can_read_ledgers(user))
    year = parse_year(request.GET.get("year"))
    chart_key = request.GET.get("chart") if request.GET.get("chart") in FIGURE_LABELS else "project_funds"
    by_township = selectors.cached_rollup(selectors.records_of_year(assistance_scope.records(user), year), "township")
    list_url = reverse("assistance:record_list")
    year_query = f"&year={year}" if year else ""
    kind = selectors.FIGURE_KINDS[chart_key]
    chart = bar_chart(
        title=str(FIGURE_LABELS[chart_key]),
        labels=[row["township__name"] for row in by_township],
        series=[
            Series(
                str(FIGURE_LABELS[chart_key]),
                [row[chart_key] or 0 for row in by_township],
                [f"{list_url}?township={row['township__code']}&kind={kind}{year_query}" for row in by_township],
            )
        ],
        horizontal=True,
    )
    figures = selectors.figures_total(by_township)
    return render(
        request,
        "assistance/dashboard.html",
        {
            "year": year,
            "years": selectors.record_years(assistance_scope.records(user)),
            "figures": [
                (key, FIGURE_LABELS[key], tables.figure_display(figures[key]), selectors.FIGURE_KINDS[key])
                for key in FIGURE_LABELS
            ],
            "paired_households": selectors.paired_household_count(assistance_scope.household_pairings(user)),
            "chart": chart,
            "chart_key": chart_key,
            "chart_label": FIGURE_LABELS[chart_key],
            "chart_rows": [
                (
                    row["township__name"],
                    tables.figure_display(row[chart_key] or 0),  # as the headline figures (400, not 400.00)
                    f"{list_url}?township={row['township__code']}&kind={kind}{year_query}",
                )
                for row in by_township
            ],
            "chart_choices": FIGURE_LABELS.items(),
            "checks": [(key, check.label, check.count(user)) for key, check in CHECKS.items()],
            "year_query": year_query,
            "card_year": selectors.card_year(assistance_scope.plans(user), year),
            "can_prepare_plans": assistance_scope.can_manage_pairings(user),
        },
    )


def rollup(request, dimension: str):
    """Headline figures by township, unit, cadre or year; each row drills down to its records."""
    require(assistance_scope.can_read_ledgers(request.user))
    if dimension not in ROLLUP_TITLES:
        raise Http404
    year = parse_year(request.GET.get("year"))
    records = assistance_scope.records(request.user)
    if dimension != "year":
        records = selectors.records_of_year(records, year)
    year_query = f"&year={year}" if year and dimension != "year" else ""
    rows = selectors.cached_rollup(records, dimension)  # a list: paginating the query would aggregate twice
    table = tables.RollupTable(rows, dimension=dimension, query=year_query)
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    return render(
        request,
        "assistance/rollup.html",
        {
            "table": table,
            "dimension": dimension,
            "title": ROLLUP_TITLES[dimension],
            "titles": ROLLUP_TITLES.items(),
            "year": year,
            "years": selectors.record_years(assistance_scope.records(request.user)),
        },
    )


def check_list(request, name: str):
    """The rows that break one rule, paginated."""
    require(assistance_scope.can_read_ledgers(request.user))
    check = CHECKS.get(name)
    if check is None:
        raise Http404
    table = check.table(check.rows(request.user), **check.table_kwargs(request.user))
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    return render(
        request,
        "assistance/check_list.html",
        {
            "table": table,
            "check": check,
            "name": name,
            "checks": [(key, c.label) for key, c in CHECKS.items()],
        },
    )
