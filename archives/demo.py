"""Demo archives: small generated files (PDF, JPEG, XLSX) for a few villages, so that the
completeness matrix shows both full and empty cells. Uploaded through the services, so
every demo file is checked, hashed and (for photos) thumbnailed like a real upload."""

import datetime

from django.core.files.base import ContentFile
from django.db import transaction

from villages.models import Village
from xixiang.accounts.choices import Role
from xixiang.accounts.models import User

from . import demo_files, services, storage
from .models import ArchiveCategory, ArchiveFile, ArchiveRecord, ArchiveVerification

# (township code, village name, number of the 18 categories present in 2009)
DEMO_VILLAGES = {
    "tiny": [("610724100", "五丰村", 16), ("610724108", "江榜村", 9)],
    "small": [
        ("610724100", "五丰村", 16),
        ("610724100", "余家山村", 12),
        ("610724108", "江榜村", 14),
        ("610724101", "李河村", 10),
        ("610724103", "枣园村", 7),
        ("610724102", "油房村", 4),
    ],
}
DEMO_VILLAGES["full"] = DEMO_VILLAGES["small"]
YEAR = 2009

TITLES = {
    "W1": "关于深入开展村级组织升级晋档活动的通知",
    "W2": "{village}升级晋档工作实施方案",
    "W3": "{village}升级晋档推进会会议记录",
    "J1": "{village}村情概况",
    "J2": "{year}年度级类评定表",
    "J3": "农户分类建档花名册",
    "J4": "村党支部和村委会班子建设资料",
    "G1": "{village}升级晋档三年规划（2009—2011年）",
    "G2": "{village}产业发展规划",
    "G3": "{year}年度目标任务承诺书",
    "G4": "通组道路硬化项目建设资料",
    "S1": "{year}年农民收入台账",
    "S2": "{year}年农民收入抽样调查表",
    "S3": "增收明白卡发放登记表",
    "B1": "县级领导联点工作记录",
    "B2": "部门联村帮扶协议书",
    "B3": "干部联户花名册",
    "B4": "帮扶活动照片",
}
SHEET_CATEGORIES = {"J2", "J3", "S1", "S2", "S3", "B3"}
PHOTO_CATEGORIES = {"B4", "G4"}


def _files_for(code: str, village: Village, year: int, index: int) -> list[ContentFile]:
    stem = f"{village.name}_{year}_{code}"
    if code in SHEET_CATEGORIES:
        rows = [["序号", "户主", "人口", "人均纯收入（元）"]]
        rows += [[n, f"户主{n}", 2 + n % 4, 1200 + 317 * n] for n in range(1, 11)]
        return [ContentFile(demo_files.xlsx(rows), name=f"{stem}.xlsx")]
    if code in PHOTO_CATEGORIES:
        return [
            ContentFile(
                demo_files.jpeg(480, 360, seed=index * 10 + n, label=f"{village.code} {code}"),
                name=f"{stem}_照片{n + 1}.jpg",
            )
            for n in range(2)
        ]
    lines = ["Xixiang County village archive", f"Village {village.code}", f"Year {year}", f"Category {code}"]
    return [ContentFile(demo_files.tiny_pdf(lines), name=f"{stem}.pdf")]


def seed(ctx) -> None:
    rng = ctx.rng_for("archives")
    actor = (
        User.objects.filter(role=Role.ADMIN).order_by("pk").first() or User.objects.filter(is_superuser=True).first()
    )
    if actor is None:
        ctx.progress("没有管理员用户，跳过演示档案")
        return
    categories = list(ArchiveCategory.objects.filter(is_active=True).order_by("position"))
    records = files = 0
    for index, (township_code, name, present) in enumerate(DEMO_VILLAGES[ctx.scale]):
        village = Village.objects.filter(township__code=township_code, name=name).first()
        if village is None:
            continue
        chosen = sorted(rng.sample(categories, present), key=lambda c: c.position)
        for number, category in enumerate(chosen):
            uploads = _files_for(category.code, village, YEAR, index * 100 + number)
            services.archive_record_create(
                actor=actor,
                village=village,
                year=YEAR,
                category=category,
                medium=None,
                title=TITLES[category.code].format(village=village.name, year=YEAR),
                record_date=datetime.date(YEAR, rng.randint(1, 12), rng.randint(1, 28)),
                description="演示数据",
                files=uploads,
            )
            records += 1
            files += len(uploads)
    ctx.progress(f"已生成 {records} 条演示档案、{files} 个文件")


def reset(ctx) -> None:
    names = [n for pair in ArchiveFile.objects.values_list("stored_name", "thumbnail_name") for n in pair if n]
    ArchiveFile.objects.all().delete()
    ArchiveRecord.objects.all().delete()
    ArchiveVerification.objects.all().delete()
    for model in (ArchiveFile, ArchiveRecord):
        model.history.all().delete()
    transaction.on_commit(lambda: storage.delete_quietly(names))
