"""Helpers of the score sheet, results list, notice and chart tests (PDF text, fonts, official shape)."""

import io
import re

from django.test import Client
from pypdf import PdfReader

from xixiang.accounts.models import User


def client_for(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def pdf_pages(data: bytes) -> list[str]:
    """The text of each page (spaces removed: WeasyPrint's spacing of CJK text varies)."""
    reader = PdfReader(io.BytesIO(data))
    return [re.sub(r"\s+", "", page.extract_text()) for page in reader.pages]


def pdf_fonts(data: bytes) -> set[tuple[str, bool]]:
    """(font name, embedded) for every font on every page."""
    reader = PdfReader(io.BytesIO(data))
    fonts = set()
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            descriptor = (descendants[0].get_object() if descendants else font).get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor else {}
            embedded = any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
            fonts.add((str(font["/BaseFont"]).split("+")[-1], embedded))
    return fonts


def assert_official(data: bytes) -> list[str]:
    """An official document: the issuing office, page x of y on every page, only the CJK font, embedded."""
    pages = pdf_pages(data)
    assert pages and "西乡县村级组织升级晋档、科学发展活动领导小组办公室" in pages[0]
    for number, text in enumerate(pages, start=1):
        assert f"第{number}页/共{len(pages)}页" in text
    assert {name for name, _ in pdf_fonts(data)} <= {"Xixiang-CJK", "Xixiang-CJK-Bold"}
    assert all(embedded for _, embedded in pdf_fonts(data))
    return pages
