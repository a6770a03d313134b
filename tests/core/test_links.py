"""url_per_key gives what reverse() gives, key by key."""

from django.urls import reverse

from xixiang.core.links import url_per_key


def test_each_key_gets_the_url_reverse_gives():
    sheet = url_per_key("documents:score_sheet", 2009)
    survey = url_per_key("assessment:survey_village", 2010)
    for code in ("610724100201", "610724108299"):
        assert sheet(code) == reverse("documents:score_sheet", args=[2009, code])
        assert survey(code) == reverse("assessment:survey_village", args=[2010, code])
