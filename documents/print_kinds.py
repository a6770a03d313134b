"""Printing many at once (“批量打印”): the document kinds a leader, the administrator or a township
clerk prints for a township or the whole county as one background DocumentJob
(xixiang/core/documents.py), registered in apps.py:

- "score_sheets": every village's score sheet (documents/score_sheets.py), one PDF, rendered
  `SHEET_CHUNK` sheets at a time, two chunks at once, and merged (render_batch); each sheet is its
  own document in the chunk's render (a `separate` batch), so its pages say "第 x 页 / 共 y 页" of that sheet;
- "dossiers": every village's dossier (documents/dossier.py), a zip of one PDF per village
  (render_zip: one village's document and thumbnails in memory at a time);
- "income_cards_batch": every village's income cards (assistance/cards.py), one PDF, a village
  per render;
- "results_list": the results list (考核结果) of the township or the county, one document (the
  county's takes ~30 s under load, so its PDF is always a job, never rendered in the request);
- notice boards are documents/board_batch.py's "notice_boards".

A village whose data or render fails is named in the job's message and the others print. Who
may print what: documents/scope.py (print_townships, can_print_county); each job's subject is
checked again when its page or file is opened (`*_allowed`). `batch_for(kind, user, params)` is
what the jobs and `manage.py render_batch` share.
"""

import os

from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from assessment.models import Cycle
from assistance import cards
from households import scope as household_scope
from villages import scope as village_scope
from villages.models import Township, Village
from xixiang.core import documents
from xixiang.core.documents import Batch, Built
from xixiang.core.errors import DomainError

from . import dossier as dossiers
from . import scope
from .official import ISSUING_OFFICE, official_html
from .score_sheets import results_list, score_sheet

SHEET_CHUNK = 15
#: Score sheets render two chunks at once (one child per core, at most two: each holds a chunk's
#: layout, ~100 MB): 267 sheets in about half the time on two cores (README: Score sheets in batches).
SHEET_RENDERS_AT_ONCE = min(2, os.cpu_count() or 1)

#: the kinds offered on the print page, in its order: (kind, label)
KINDS = [
    ("notice_boards", gettext_lazy("公示牌（每村一页）")),
    ("score_sheets", gettext_lazy("考核评分表（每村一份）")),
    ("dossiers", gettext_lazy("村级档案册（每村一个 PDF，打包为 ZIP）")),
    ("income_cards_batch", gettext_lazy("增收明白卡（各村农户）")),
    ("results_list", gettext_lazy("考核结果名册")),
]


def place_name(township: Township | None) -> str:
    return township.name if township else _("全县")


def _township(params: dict, townships, county_allowed: bool) -> Township | None:
    """The township of `params` among `townships`, or None for the county when `county_allowed`;
    DomainError otherwise."""
    code = params.get("township") or ""
    if code:
        township = townships.filter(code=code).first()
        if township is None:
            raise DomainError(_("找不到乡镇编码为 %(code)s 的乡镇，或该乡镇不在您的管辖范围内") % {"code": code})
        return township
    if not county_allowed:
        raise DomainError(_("只有县级用户可以打印全县的文书"))
    return None


def _place(user, params: dict) -> tuple[Township | None, object]:
    """(township or None for the county, the villages to print) in `user`'s scope now; DomainError otherwise."""
    township = _township(params, scope.print_townships(user), scope.can_print_county(user))
    villages = village_scope.villages(user)
    return township, villages.filter(township=township) if township else villages


def place_allowed(user, params: dict) -> bool:
    code = params.get("township") or ""
    return scope.print_townships(user).filter(code=code).exists() if code else scope.can_print_county(user)


def cycle_of(year: int) -> Cycle:
    cycle = Cycle.objects.filter(year=year).first()
    if cycle is None:
        raise DomainError(_("%(year)s 年度尚无考核周期") % {"year": year})
    return cycle


def _label(village: Village) -> str:
    return f"{village.township.name}{village.name}（{village.code}）"


def _villages(villages) -> list[Village]:
    items = list(villages.select_related("township").order_by("code"))
    if not items:
        raise DomainError(_("没有可打印的行政村"))
    return items


# --- score sheets ---------------------------------------------------------------------------------


def score_sheets_batch(user, params: dict) -> Batch:
    township, villages = _place(user, params)
    cycle = cycle_of(params["year"])
    title = str(TITLES["score_sheets"]) % {"place": place_name(township), "year": cycle.year}

    def section(village: Village) -> str:
        return render_to_string("documents/print_score_sheet_section.html",
                                {"sheet": score_sheet(cycle, village), "issuing_office": ISSUING_OFFICE})

    return Batch(items=_villages(villages), section=section, label=_label, chunk=SHEET_CHUNK, separate=True,
                 renders_at_once=SHEET_RENDERS_AT_ONCE,
                 document=lambda sections: official_html("documents/print_sheets_pdf.html",
                                                         {"sections": sections, "title": title}))


# --- dossiers (a zip) -------------------------------------------------------------------------------


def dossiers_batch(user, params: dict) -> Batch:
    _township, villages = _place(user, params)
    year = params["year"]
    photos: dict[int, dict[str, bytes]] = {}

    def section(village: Village) -> str:
        dossier = dossiers.dossier_for(user, village, year, for_pdf=True)
        photos[village.pk] = dossier.photos
        return dossiers.dossier_document(dossier)

    return Batch(items=_villages(villages), section=section, document=lambda sections: sections[0], label=_label,
                 chunk=1, member=lambda village: f"{village.code}-{village.township.name}{village.name}-{year}.pdf",
                 resources=lambda village: photos.pop(village.pk, {}))


# --- income cards -------------------------------------------------------------------------------------


def income_cards_batch(user, params: dict) -> Batch:
    """The cards of every village with households in `user`'s scope (a village's cards per render)."""
    _township, villages = _place(user, params)
    households = household_scope.households(user)
    with_households = villages.filter(pk__in=households.order_by().values("village_id"))
    year = params["year"]

    def section(village: Village) -> str:
        batch = cards.cards_for(households.filter(village=village), year)
        if not batch:
            raise DomainError(_("%(village)s 没有可打印明白卡的农户") % {"village": village.name})
        return cards.cards_html(batch, title=cards.village_cards_title(village, year))

    return Batch(items=_villages(with_households), section=section, document=lambda sections: sections[0],
                 label=_label, chunk=1)


# --- the results list (one document) --------------------------------------------------------------------


def results_build(user, params: dict) -> Built:
    township = _results_township(user, params)
    doc = results_list(user, cycle_of(params["year"]), township)
    return Built(official_html("documents/results_list_pdf.html", {"doc": doc}), len(doc.results))


def _results_township(user, params: dict) -> Township | None:
    """The results list's reader check (documents/scope.py: the county for the leader and the
    administrator, a township of document_townships)."""
    return _township(params, scope.document_townships(user), scope.can_read_county_documents(user))


def results_allowed(user, params: dict) -> bool:
    return scope.can_read_place_documents(user, params.get("township") or "")


def results_job(township: Township | None, year: int) -> dict:
    code = township.code if township else ""
    title = _("%(place)s %(year)s 年度村级组织升级晋档考核结果") % {"place": place_name(township), "year": year}
    return {"kind": "results_list", "params": {"township": code, "year": year}, "title": title,
            "filename": f"考核结果-{code or 'county'}-{year}.pdf"}


# --- the jobs ---------------------------------------------------------------------------------------------

BATCHES = {"score_sheets": score_sheets_batch, "dossiers": dossiers_batch, "income_cards_batch": income_cards_batch}
FILE_LABELS = {"score_sheets": "评分表", "dossiers": "档案册", "income_cards_batch": "增收明白卡"}
TITLES = {"score_sheets": gettext_lazy("%(place)s %(year)s 年度考核评分表"),
          "dossiers": gettext_lazy("%(place)s %(year)s 年度村级档案册"),
          "income_cards_batch": gettext_lazy("%(place)s %(year)s 年增收明白卡")}


def batch_for(kind: str, user, params: dict) -> Batch:
    return BATCHES[kind](user, params)


def print_job(kind: str, township: Township | None, year: int) -> dict:
    """The document job of `kind` for a township (None: the county) and year (notice boards excepted)."""
    if kind == "results_list":
        return results_job(township, year)
    code = township.code if township else ""
    extension = "zip" if kind == "dossiers" else "pdf"
    return {"kind": kind, "params": {"township": code, "year": year},
            "title": str(TITLES[kind]) % {"place": place_name(township), "year": year},
            "filename": f"{FILE_LABELS[kind]}-{code or '全县'}-{year}.{extension}"}


def sheets_count_text(n: int) -> str:
    return ngettext("%(n)s 份", "%(n)s 份", n) % {"n": n}


def dossiers_count_text(n: int) -> str:
    return ngettext("%(n)s 册", "%(n)s 册", n) % {"n": n}


def villages_count_text(n: int) -> str:
    return ngettext("%(n)s 个村", "%(n)s 个村", n) % {"n": n}


def register() -> None:
    """The kinds' registrations (apps.py)."""
    documents.register("score_sheets", batch=score_sheets_batch, allowed=place_allowed,
                       count_text=sheets_count_text, unit=gettext_lazy("个村"))
    documents.register("dossiers", batch=dossiers_batch, allowed=place_allowed,
                       count_text=dossiers_count_text, unit=gettext_lazy("个村"))
    documents.register("income_cards_batch", batch=income_cards_batch, allowed=place_allowed,
                       count_text=villages_count_text, unit=gettext_lazy("个村"))
    documents.register("results_list", build=results_build, allowed=results_allowed,
                       count_text=villages_count_text)

