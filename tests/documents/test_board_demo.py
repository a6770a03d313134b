"""Every notice board of the demo county, checked for personal data (domain.md §10)."""

import io
import re

import pytest
from pypdf import PdfReader

from assistance.models import Cadre
from documents import board_batch
from households.models import Household
from villages.models import Village
from xixiang.core.documents import render_batch
from xixiang.lib.pdf import render_pdf

pytestmark = pytest.mark.django_db

ID_NUMBER = re.compile(r"(?<![0-9])[0-9]{17}[0-9Xx](?![0-9])")


def test_the_demo_countys_boards_carry_no_id_number_or_household_phone(demo_county):
    out = io.BytesIO()
    batch = board_batch.boards_batch(Village.objects.all(), year=2009)
    outcome = render_batch(batch, out, seconds=600, render=render_pdf)
    assert (outcome.printed, outcome.failures) == (Village.objects.count(), [])
    reader = PdfReader(io.BytesIO(out.getvalue()))
    text = re.sub(r"\s+", "", "\n".join(page.extract_text() for page in reader.pages))
    assert len(reader.pages) == outcome.printed and text.count("升级晋档公示牌") == outcome.printed
    assert ID_NUMBER.search(text) is None
    household_phones = set(Household.objects.exclude(phone="").values_list("phone", flat=True))
    cadre_phones = set(Cadre.objects.exclude(phone="").values_list("phone", flat=True))  # theirs, not the office's
    assert household_phones and not [phone for phone in household_phones | cadre_phones if phone in text]
