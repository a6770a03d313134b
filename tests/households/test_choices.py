"""Choice labels: one Chinese word with two meanings gets two English words (pgettext)."""

from django.utils import translation

from households.choices import Hardship, LabourAbility, Relation, Sex


def test_female_and_daughter_share_the_chinese_word_but_not_the_english_one():
    assert (str(Sex.FEMALE.label), str(Relation.DAUGHTER.label)) == ("女", "女")
    with translation.override("en"):
        assert (str(Sex.FEMALE.label), str(Relation.DAUGHTER.label)) == ("Female", "Daughter")


def test_no_labour_ability_and_no_hardship_share_the_chinese_word_but_not_the_english_one():
    assert (str(LabourAbility.NONE.label), str(Hardship.NONE.label)) == ("无", "无")
    with translation.override("en"):
        assert (str(LabourAbility.NONE.label), str(Hardship.NONE.label)) == ("Unable", "None")
