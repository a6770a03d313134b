"""The summary's note on the reward lists' ties reads as a sentence in each language."""

import pytest
from django.template.loader import render_to_string
from django.utils import translation

TIES = [{"names": ["三合村", "店子村"], "key_name": "产业发展小计"}, {"names": ["甲村", "乙村"], "key_name": "A1"}]


@pytest.mark.parametrize("language, text", [
    ("zh-hans", "三合村、店子村（产业发展小计）；甲村、乙村（A1）"),
    ("en", "三合村 and 店子村 (产业发展小计); 甲村 and 乙村 (A1)"),
])
def test_the_ties_are_listed_in_the_pages_language(language, text):
    with translation.override(language):
        assert render_to_string("documents/_summary_ties.html", {"ties": TIES}).strip() == text
