"""django-tables2 tables of the ledgers, records, rule checks and roll-ups."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from villages.models import Village
from xixiang.lib.money import figure_text

from .models import AssistanceRecord, Cadre, HouseholdPairing, LeaderPairing, UnitPairing

RIGHT = {"td": {"class": "text-end"}, "th": {"class": "text-end"}}


class PairingTable(tables.Table):
    township = tables.Column(accessor="township__name", verbose_name=_("乡镇"), order_by=("township__code",))
    end_date = tables.Column(default="—")
    actions = tables.TemplateColumn(template_name="assistance/_pairing_actions.html", verbose_name="", orderable=False)

    def __init__(self, *args, ledger, can_manage=False, can_record=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.ledger, self.can_manage, self.can_record = ledger, can_manage, can_record


class LeaderPairingTable(PairingTable):
    leader = tables.Column(accessor="leader__name", verbose_name=_("联点领导"))
    unit = tables.Column(accessor="leader__unit__name", verbose_name=_("所在单位"), default="—")
    village = tables.Column(
        accessor="village__name",
        verbose_name=_("联系村"),
        linkify=("villages:village_detail", {"code": tables.A("village__code")}),
    )

    class Meta:
        model = LeaderPairing
        fields = ["leader", "level", "unit", "township", "village", "year", "start_date", "end_date", "note"]
        order_by = ("township", "village")
        template_name = "assistance/leader_pairing_table.html"  # rows without the per-cell machinery
        attrs = {"class": "table table-sm table-hover align-middle", "id": "leader-pairing-table"}


class UnitPairingTable(PairingTable):
    unit = tables.Column(accessor="unit__name", verbose_name=_("帮扶单位"))
    unit_kind = tables.Column(accessor="unit__kind", verbose_name=_("单位类型"))
    village = tables.Column(
        accessor="village__name",
        verbose_name=_("贫困村"),
        linkify=("villages:village_detail", {"code": tables.A("village__code")}),
    )

    class Meta:
        model = UnitPairing
        fields = ["unit", "unit_kind", "township", "village", "year", "start_date", "end_date", "note"]
        order_by = ("township", "village")
        template_name = "assistance/unit_pairing_table.html"  # rows without the per-cell machinery
        attrs = {"class": "table table-sm table-hover align-middle", "id": "unit-pairing-table"}

    def render_unit_kind(self, record):
        return record.unit.get_kind_display()


class HouseholdPairingTable(PairingTable):
    cadre = tables.Column(accessor="cadre__name", verbose_name=_("帮扶干部"))
    unit = tables.Column(accessor="cadre__unit__name", verbose_name=_("所在单位"), default="—")
    household = tables.Column(
        accessor="household__head_name",
        verbose_name=_("户主"),
        linkify=("households:household_detail", {"number": tables.A("household__number")}),
    )
    number = tables.Column(accessor="household__number", verbose_name=_("户编号"))
    category = tables.Column(accessor="household__category", verbose_name=_("户类别"))
    village = tables.Column(accessor="village__name", verbose_name=_("行政村"), order_by=("village__code",))

    class Meta:
        model = HouseholdPairing
        fields = [
            "cadre",
            "unit",
            "household",
            "number",
            "category",
            "township",
            "village",
            "year",
            "start_date",
            "end_date",
        ]
        order_by = ("number",)
        template_name = "assistance/household_pairing_table.html"  # rows without the per-cell machinery
        attrs = {"class": "table table-sm table-hover align-middle", "id": "household-pairing-table"}

    def render_category(self, record):
        return record.household.get_category_display()


class RecordTable(tables.Table):
    township = tables.Column(accessor="township__name", verbose_name=_("乡镇"), order_by=("township__code",))
    village = tables.Column(accessor="village__name", verbose_name=_("行政村"), order_by=("village__code",))
    household = tables.Column(
        accessor="household__head_name",
        verbose_name=_("农户"),
        default="—",
        linkify=lambda record: record.household_id
        and reverse("households:household_detail", args=[record.household.number]),
    )
    unit = tables.Column(accessor="unit__name", verbose_name=_("单位"), default="—")
    cadre = tables.Column(accessor="cadre__name", verbose_name=_("干部"), default="—")
    amount = tables.Column(attrs=RIGHT)
    quantity = tables.Column(attrs=RIGHT, default="")
    people_trained = tables.Column(attrs=RIGHT)
    history = tables.TemplateColumn(
        '{% load i18n xixiang %}<a href="{% history_url record %}">{% translate "历史" %}</a>',
        verbose_name="",
        orderable=False,
    )

    class Meta:
        model = AssistanceRecord
        fields = [
            "date",
            "kind",
            "ledger",
            "township",
            "village",
            "household",
            "unit",
            "cadre",
            "amount",
            "quantity",
            "people_trained",
            "note",
            "history",
        ]
        order_by = ("-date",)
        template_name = "assistance/record_table.html"  # rows without the per-cell machinery
        attrs = {"class": "table table-sm table-hover align-middle", "id": "record-table"}

    def render_amount(self, value):
        return f"{value:,.2f}"

    def render_quantity(self, record):
        return record.quantity_label


class CadreBelowTable(tables.Table):
    unit = tables.Column(accessor="unit__name", verbose_name=_("所在单位"), default="—")
    household_count = tables.Column(verbose_name=_("现联系户数"), attrs=RIGHT)

    class Meta:
        model = Cadre
        fields = ["name", "level", "unit", "phone", "household_count"]
        order_by = ("name",)
        attrs = {"class": "table table-sm table-hover align-middle", "id": "rule-table"}


class PoorVillageTable(tables.Table):
    code = tables.Column(linkify=("villages:village_detail", {"code": tables.A("code")}))
    township = tables.Column(accessor="township__name", verbose_name=_("乡镇"), order_by=("township__code",))

    class Meta:
        model = Village
        fields = ["code", "name", "township", "terrain", "is_key_poverty"]
        order_by = ("code",)
        attrs = {"class": "table table-sm table-hover align-middle", "id": "rule-table"}


def figure_display(value) -> str:
    """An integral figure with thousands separators, else yuan with two places."""
    return figure_text(value)


class RollupTable(tables.Table):
    """Headline figures of one group (a township, unit, cadre or year); the name links to its records."""

    name = tables.Column(
        verbose_name=_("名称"), empty_values=(), orderable=False, linkify=lambda table, record: table.drill_url(record)
    )
    records = tables.Column(verbose_name=_("记录数"), attrs=RIGHT)
    income_cards = tables.Column(verbose_name=_("增收明白卡（张）"), attrs=RIGHT)
    money = tables.Column(verbose_name=_("慰问金（元）"), attrs=RIGHT)
    goods = tables.Column(verbose_name=_("物资种苗折款（元）"), attrs=RIGHT)
    project_funds = tables.Column(verbose_name=_("协调项目资金（元）"), attrs=RIGHT)
    trained = tables.Column(verbose_name=_("培训人次"), attrs=RIGHT)
    visits = tables.Column(verbose_name=_("走访次数"), attrs=RIGHT)

    class Meta:
        attrs = {"class": "table table-sm table-hover align-middle", "id": "rollup-table"}

    def __init__(self, *args, dimension, query="", **kwargs):
        super().__init__(*args, **kwargs)
        self.dimension, self.query = dimension, query

    def drill_url(self, record):
        # the township filter takes the township's code, as in every list
        key = {"township": "township__code", "unit": "unit_id", "cadre": "cadre_id", "year": "year"}[self.dimension]
        param = {"township__code": "township"}.get(key, key.removesuffix("_id"))
        return f"{reverse('assistance:record_list')}?{param}={record[key]}{self.query}"

    def render_name(self, record):
        if self.dimension == "township":
            return record["township__name"]
        if self.dimension == "unit":
            return record["unit__name"]
        if self.dimension == "cadre":
            return f"{record['cadre__name']}（{record['cadre__unit__name'] or '—'}）"
        return str(record["year"])

    def render_income_cards(self, value):
        return figure_display(value)

    render_money = render_goods = render_project_funds = render_trained = render_visits = render_records = (
        render_income_cards
    )
