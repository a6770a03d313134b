"""Income cards (增收明白卡, domain.md §3): the data of each card and the PDF rendering.

A village's cards are one HTML document with one card per page, rendered once, so the font
and the stylesheet are loaded once per batch, not per card.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils import timezone

from households.models import Household
from xixiang.lib.pdf import render_pdf

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
    """Cards of `households` (a scoped queryset) for `year`: four queries whatever the count."""
    households = list(households.select_related("village", "township", "group").order_by("number"))
    ids = [h.pk for h in households]
    plans = {p.household_id: p for p in HouseholdPlan.objects.filter(household_id__in=ids, year=year).select_related("cadre", "leader")}
    incomes = income_before(ids, year)
    cadres: dict[int, list[Cadre]] = {}
    for pairing in HouseholdPairing.objects.filter(active_q(), household_id__in=ids).select_related("cadre__unit").order_by("id"):
        cadres.setdefault(pairing.household_id, []).append(pairing.cadre)
    cards = []
    for household in households:
        income = incomes.get(household.pk)
        cards.append(Card(
            household=household, year=year,
            last_income_year=income.year if income else None,
            last_income=income.per_capita_net_income if income else None,
            plan=plans.get(household.pk), cadres=cadres.get(household.pk, []),
        ))
    return cards


def render_cards(cards: list[Card], *, title: str, on_stage=None) -> bytes:
    """One PDF with one A5 card per page."""
    html = render_to_string("assistance/pdf/income_cards.html", {
        "cards": cards, "title": title, "printed": timezone.localdate(),
    })
    return render_pdf(html, on_stage=on_stage)


def batch_run(batch_id: int) -> None:
    """Render a CardBatch (called by the task): read, lay out, write, store; progress saved
    at each stage so the status page can show it."""
    from django.core.files.base import ContentFile

    from .models import CardBatch

    batch = CardBatch.objects.select_related("village").get(pk=batch_id)

    def stage(name: str, progress: int, **fields) -> None:
        CardBatch.objects.filter(pk=batch_id).update(stage=name, progress=progress, **fields)

    try:
        stage("读取农户数据", 5, status=CardBatch.Status.RUNNING)
        batch_cards = cards_for(Household.objects.filter(village=batch.village), batch.year)
        stage("排版", 20, card_count=len(batch_cards))
        content = render_cards(batch_cards, title=f"{batch.village.name} 增收明白卡",
                               on_stage=lambda _: stage("写入 PDF", 70))
        batch.refresh_from_db()
        batch.file.save(f"{batch.village.code}-{batch.year}-{batch.pk}.pdf", ContentFile(content), save=False)
        batch.status, batch.stage, batch.progress, batch.finished_at = CardBatch.Status.DONE, "完成", 100, timezone.now()
        batch.save()
    except Exception as exc:  # the status page must say it failed, whatever the cause
        stage("失败", 100, status=CardBatch.Status.FAILED, error=str(exc)[:200], finished_at=timezone.now())
        raise
