"""Batches of notice boards (documents/board.py): a township's or the county's boards as one PDF.

A batch is the DocumentJob kind "notice_boards" (registered in apps.py) rendered by
xixiang.core.documents.render_batch: the boards are made a village at a time and rendered
`CHUNK` at a time, each chunk in its own limited child render, and the chunks are merged with
pypdf, so memory stays flat however many villages; a village whose board fails is left out and
named in the job's message while the others print. The management command `render_notice_board`
uses the same batch without a user (it is the operator's, county-wide).
"""

import datetime

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from villages.models import Township, Village
from xixiang.core.documents import Batch
from xixiang.core.errors import DomainError

from . import board
from . import scope as board_scope

KIND = "notice_boards"
CHUNK = 15


def boards_batch(villages: QuerySet[Village], *, year: int, published: datetime.date | None = None,
                 days: int = board.DEFAULT_PUBLIC_DAYS, title: str = "") -> Batch:
    """The batch of `villages`' boards for `year` (DomainError: no cycle, 公示 too short, no village)."""
    at = board.board_year(year, published=published, days=days)
    items = list(villages.select_related("township").order_by("code"))
    if not items:
        raise DomainError(_("没有可打印公示牌的行政村"))

    def section(village: Village) -> str:
        return board.board_section(board.board_for(village, at))

    return Batch(items=items, section=section, document=lambda sections: board.boards_document(sections, title=title),
                 label=lambda village: f"{village.township.name}{village.name}（{village.code}）", chunk=CHUNK)


def batch_title(township: Township | None, year: int) -> str:
    place = township.name if township else _("全县")
    return _("%(place)s %(year)s 年度升级晋档公示牌") % {"place": place, "year": year}


def batch_job(township: Township | None, *, year: int, published: datetime.date, days: int) -> dict:
    """The document job of a township's (or, with None, the county's) boards."""
    code = township.code if township else ""
    return {
        "kind": KIND,
        "params": {"township": code, "year": year, "published": published.isoformat(), "days": days},
        "title": batch_title(township, year),
        "filename": f"公示牌-{code or '全县'}-{year}.pdf",
    }


def _township(user, code: str) -> Township | None:
    return board_scope.board_townships(user).filter(code=code).first()


def job_batch(user, params: dict) -> Batch:
    """The "notice_boards" job: the boards of the township (or county) in `user`'s scope now."""
    code = params.get("township") or ""
    if code:
        township = _township(user, code)
        if township is None:
            raise DomainError(_("找不到乡镇编码为 %(code)s 的乡镇，或该乡镇不在您的管辖范围内") % {"code": code})
        villages = board_scope.board_villages(user).filter(township=township)
    else:
        if not board_scope.can_print_county_boards(user):
            raise DomainError(_("只有县级用户可以打印全县的公示牌"))
        township, villages = None, board_scope.board_villages(user)
    return boards_batch(villages, year=params["year"], published=datetime.date.fromisoformat(params["published"]),
                        days=params["days"], title=batch_title(township, params["year"]))


def job_allowed(user, params: dict) -> bool:
    code = params.get("township") or ""
    if code:
        return _township(user, code) is not None
    return board_scope.can_print_county_boards(user)


def job_count_text(count: int) -> str:
    return ngettext("%(n)s 块", "%(n)s 块", count) % {"n": count}
