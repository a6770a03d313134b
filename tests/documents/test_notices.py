"""Public notices (公示): village-level only, with the publication date and a posting period of at least 5 days."""

import datetime
import re

import pytest
from django.urls import reverse

from documents.models import PublicNotice
from documents.services.notices import notice_publish
from households.models import Household, Member
from villages.models import Township
from xixiang.accounts.models import User
from xixiang.core.errors import DomainError

from .printed import assert_official, client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(demo_county, db):
    return demo_county
ID_NUMBER = re.compile(r"\d{17}[\dXx]")


def _publish(kind, township=None, days=7, who="admin"):
    return notice_publish(
        actor=User.objects.get(username=who), kind=kind, year=2009, township=township,
        published_on=datetime.date(2010, 3, 20), posting_days=days, contact_phone="0916-6212345",
    )


def _personal_data() -> set[str]:
    phones = set(Household.objects.exclude(phone="").values_list("phone", flat=True))
    phones |= set(Household.objects.values_list("head_id_number", flat=True))
    ids = set(Member.objects.exclude(id_number="").values_list("id_number", flat=True)[:5000])
    return {p for p in phones | ids if p}


def test_a_results_notice_posts_every_village_with_dates_and_no_personal_data(demo):
    notice = _publish("results")
    response = client_for("admin").get(reverse("documents:notice_pdf", args=[notice.pk]))
    pages = assert_official(response.content)
    text = "".join(pages)
    assert "关于全县2009年度村级组织升级晋档考核结果的公示" in text
    assert "公示期：2010年3月20日至2010年3月26日（共7天）" in text
    assert "五丰村" in text and "2010年3月20日" in pages[-1]
    assert not ID_NUMBER.search(text)
    assert not [value for value in _personal_data() if value in text]
    html = client_for("admin").get(reverse("documents:notice_page", args=[notice.pk])).content.decode()
    assert html.count("<tr><td>") == 267 and not ID_NUMBER.search(html)


def test_a_reward_notice_posts_the_county_and_township_lists_with_amounts(demo):
    chengguan = Township.objects.get(code="610724100")
    notice = _publish("rewards", township=chengguan, who="clerk_chengguan")
    text = "".join(assert_official(client_for("clerk_chengguan").get(
        reverse("documents:notice_pdf", args=[notice.pk])).content))
    assert "关于城关镇2009年度升级晋档奖励名单的公示" in text
    assert "五丰村" in text and "29,000.00" in text and "23,000.00" in text
    assert not ID_NUMBER.search(text)
    assert not [value for value in _personal_data() if value in text]


def test_a_notice_posted_for_fewer_than_five_days_is_refused_and_nothing_stored(demo):
    with pytest.raises(DomainError, match="公示期不得少于 5 天"):
        _publish("results", days=4)
    assert PublicNotice.objects.count() == 0


def test_a_clerk_publishes_only_their_townships_notices(demo):
    with pytest.raises(DomainError, match="只有县升级晋档办可以发布全县公示"):
        _publish("results", who="clerk_chengguan")
    with pytest.raises(DomainError, match="您不能发布该乡镇的公示"):
        _publish("results", township=Township.objects.get(code="610724108"), who="clerk_chengguan")
    assert PublicNotice.objects.count() == 0


def test_the_notice_form_publishes_and_shows_the_notice(demo):
    client = client_for("admin")
    response = client.post(reverse("documents:notice_list"), {
        "kind": "results", "year": 2009, "township": "", "published_on": "2010-03-20", "posting_days": 5,
        "contact_phone": ""})
    notice = PublicNotice.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("documents:notice_page", args=[notice.pk])
    assert notice.township is None and notice.posted_until == datetime.date(2010, 3, 24)
    assert notice.issued_by.username == "admin"
