"""Income cards (增收明白卡, domain.md §3): the data of each card and the PDF rendering.

A village's cards are one HTML document with one card per page, rendered once, so the font
and the stylesheet are loaded once per batch, not per card. One household's card renders in
the request (~0.4 s); a village's cards are a background document job ("income_cards",
registered in apps.py) rendered in a child process with the time limit
XIXIANG_PDF_RENDER_SECONDS, and the management command uses the same limit.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from households import scope as household_scope
from households.models import Household
from villages import scope as village_scope
from villages.models import Village
from xixiang.core.documents import Built
from xixiang.core.errors import DomainError
from xixiang.lib.pdf import render_pdf, render_pdf_limited

from .models import Cadre, HouseholdPairing, HouseholdPlan
from .selectors import active_q, income_before


@dataclass
class Card:
    household: Household
    year: int
    last_income_year: int | None
    last_income: Decimal | None
    plan: HouseholdPlan | None
    cadres: list[Cadre]


def cards_for(households, year: int) -> list[Card]:
    """Cards of `households` (a scoped queryset) for `year`: four queries whatever the count.

    Every household gets a card, planned or not: the card of a household without a plan for the
    year says so (and asks for one) instead of printing empty target and measure lines, so a
    village's batch also shows the cadres which households still need their plan.
    """
    households = list(households.select_related("village", "township", "group").order_by("number"))
    ids = [h.pk for h in households]
    plans = {
        p.household_id: p
        for p in HouseholdPlan.objects.filter(household_id__in=ids, year=year).select_related("cadre", "leader")
    }
    incomes = income_before(ids, year)
    cadres: dict[int, list[Cadre]] = {}
    for pairing in (
        HouseholdPairing.objects.filter(active_q(), household_id__in=ids).select_related("cadre__unit").order_by("id")
    ):
        cadres.setdefault(pairing.household_id, []).append(pairing.cadre)
    cards = []
    for household in households:
        income = incomes.get(household.pk)
        cards.append(
            Card(
                household=household,
                year=year,
                last_income_year=income.year if income else None,
                last_income=income.per_capita_net_income if income else None,
                plan=plans.get(household.pk),
                cadres=cadres.get(household.pk, []),
            )
        )
    return cards


def cards_html(cards: list[Card], *, title: str) -> str:
    """The HTML of one document with one A5 card per page."""
    return render_to_string(
        "assistance/pdf/income_cards.html",
        {
            "cards": cards,
            "title": title,
            "printed": timezone.localdate(),
        },
    )


def render_cards(cards: list[Card], *, title: str) -> bytes:
    """One PDF with one A5 card per page, rendered here (for one household's card)."""
    return render_pdf(cards_html(cards, title=title))


def render_cards_limited(cards: list[Card], *, title: str) -> bytes:
    """`render_cards` in a child process, stopped after XIXIANG_PDF_RENDER_SECONDS (RenderTimeout)."""
    return render_pdf_limited(cards_html(cards, title=title), seconds=settings.XIXIANG_PDF_RENDER_SECONDS)


def village_cards_title(village: Village, year: int) -> str:
    return _("%(village)s %(year)s 年增收明白卡") % {"village": village.name, "year": year}


def village_cards_job(village: Village, year: int) -> dict:
    """The document job of a village's cards: its kind, parameters, title and file name."""
    return {
        "kind": "income_cards",
        "params": {"village": village.code, "year": year},
        "title": village_cards_title(village, year),
        "filename": f"增收明白卡-{village.code}-{year}.pdf",
    }


def job_build(user, params: dict) -> Built:
    """The "income_cards" job: the cards of the village's households in `user`'s scope."""
    village = village_scope.villages(user).filter(code=params["village"]).first()
    if village is None:
        raise DomainError(_("找不到村编码为 %(code)s 的行政村，或该村不在您的管辖范围内") % {"code": params["village"]})
    batch = cards_for(household_scope.households(user).filter(village=village), params["year"])
    if not batch:
        raise DomainError(_("%(village)s 没有可打印明白卡的农户") % {"village": village.name})
    return Built(cards_html(batch, title=village_cards_title(village, params["year"])), len(batch))


def job_allowed(user, params: dict) -> bool:
    return village_scope.villages(user).filter(code=params["village"]).exists()


def job_count_text(count: int) -> str:
    return ngettext("%(n)s 张", "%(n)s 张", count) % {"n": count}
