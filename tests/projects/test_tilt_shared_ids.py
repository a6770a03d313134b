"""The tilt page passes the targeted villages' ids from `tilt` to `targeted_village_funds`: the
same rows as the plain way (the targets' subqueries evaluated again)."""

from projects import selectors


def test_the_funds_of_the_targeted_villages_are_the_same_from_the_shared_ids(demo_county, db):
    for year in (2009, 2010, 2011):
        tilt = selectors.tilt(year)
        shared = selectors.targeted_village_funds(year, tilt["targeted_ids"])
        assert shared == selectors.targeted_village_funds(year)
        assert len(shared) == tilt["targeted_villages"]
    assert any(selectors.tilt(year)["targeted_villages"] for year in (2009, 2010, 2011))
