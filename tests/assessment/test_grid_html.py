"""The score grid's body, built as strings (assessment.grid_html), is what the template loop it
replaced renders (an `{% include "assessment/_grid_cell.html" %}` per cell), cell for cell: for a
department with a computed and an editable column, in the scoring state (inputs) and after it
(read-only), and the page's query count does not grow with the villages."""

import pytest
from django.template import Context, Template
from django.urls import reverse

from assessment import scope, selectors, services
from assessment.grid_html import grid_body
from tests.fast_tables import body_cells
from xixiang.accounts.models import User

from ..factories import GroupFactory, HouseholdFactory, VillageFactory

pytestmark = pytest.mark.django_db

GRID = reverse("assessment:grid", args=[2009])

#: The template loop the page used before (templates/assessment/grid.html).
PLAIN = Template(
    "<tbody>{% for row in rows %}<tr>\n"
    "<td>{{ row.village.township.name }}</td><td>{{ row.village.name }}</td>\n"
    "{% for indicator, value, version in row.cells %}"
    '{% include "assessment/_grid_cell.html" with village=row.village oob=False %}{% endfor %}\n'
    '<td class="text-center" id="done-{{ row.village.code }}">{% if row.done %}✓{% endif %}</td>\n'
    "</tr>{% endfor %}</tbody>"
)


def both_ways(cycle, username: str, editable: bool):
    user = User.objects.get(username=username)
    indicators = list(scope.grid_indicators(user, cycle, None))
    rows = selectors.grid_rows(cycle, indicators, scope.grid_villages(user))
    fast = grid_body(rows, editable=editable, cell_url=reverse("assessment:grid_cell", args=[cycle.year]))
    plain = PLAIN.render(Context({"rows": rows, "cycle": cycle, "editable": editable}))
    return body_cells(f"<tbody>{fast}</tbody>"), body_cells(plain)


@pytest.fixture
def entered(scoring_cycle):
    """五丰村 renamed with markup, its B3 entered twice (version 2), its survey household answered
    (A1's estimate shows); 江榜村 without any."""
    aw = scoring_cycle
    aw.wufeng.name = "五丰<村>&\"'"
    aw.wufeng.save()
    admin = aw.users["admin"]
    for raw, version in (("80", 0), ("87.5", 1)):
        services.score_set(actor=admin, cycle=aw.cycle, village=aw.wufeng, indicator=aw.indicator("B3"), raw=raw,
                           version=version)
    draw = aw.cycle.draws.get(village=aw.wufeng)
    services.survey_response_save(
        actor=aw.users["surveyor1"], draw=draw, household_number=draw.household_numbers[0], total_income="20000",
        business_expenses="5000", taxes_and_fees="100", depreciation="400", gifts_outside="500", resident_members="3",
    )
    return aw


@pytest.mark.parametrize("editable", [True, False])
def test_the_body_is_the_template_loops_cell_for_cell(entered, editable):
    fast, plain = both_ways(entered.cycle, "scorer_fupin", editable)
    assert len(fast) == 2 and len(fast[0]) == 2 + 2 + 1  # township, village, A1, B3, done
    wufeng = fast[0]
    assert wufeng[1] == ("", "五丰&lt;村&gt;&amp;&quot;&#x27;")
    assert wufeng[2] == ('id="cell-610724100201-A1" class="p-0"',
                         '<span class="d-block px-2 text-end text-muted">4666.67</span>')
    if editable:
        assert 'value="87.50"' in wufeng[3][1] and '"version": "2"' in wufeng[3][1]
        assert 'aria-label="五丰&lt;村&gt;&amp;&quot;&#x27; B3"' in wufeng[3][1]
    else:
        assert wufeng[3][1] == '<span class="d-block px-2 text-end">87.50</span>'
    assert fast[1][2][1].endswith(">—</span>") and fast[1][3][1].count('value=""') == (1 if editable else 0)
    assert fast == plain


def test_a_done_row_and_a_read_only_column_match_too(entered):
    """scorer_shuili's one column (B1), 五丰村 entered: its ✓; every department's columns for the
    administrator's first department."""
    aw = entered
    services.score_set(actor=aw.users["admin"], cycle=aw.cycle, village=aw.wufeng, indicator=aw.indicator("B1"),
                       raw="85")
    fast, plain = both_ways(aw.cycle, "scorer_shuili", True)
    assert fast[0][-1] == ('class="text-center" id="done-610724100201"', "✓") and fast[1][-1][1] == ""
    assert fast == plain
    fast, plain = both_ways(aw.cycle, "admin", True)
    assert len(fast[0]) == 2 + aw.cycle.indicators.count() + 1
    assert fast == plain


def test_no_villages_no_rows(scoring_cycle):
    assert grid_body([], editable=True, cell_url="/x/") == ""


def test_the_page_shows_the_rows(entered):
    body = entered.client_for("scorer_fupin").get(GRID).content.decode()
    assert 'id="cell-610724100201-B3"' in body and 'aria-label="江榜村 B3"' in body
    assert '<span id="grid-progress">1 / 2</span>' in body


@pytest.mark.parametrize("username, queries", [("scorer_fupin", 10), ("admin", 10)])
def test_the_grid_takes_the_same_queries_whatever_the_number_of_villages(
    entered, username, queries, django_assert_num_queries
):
    client = entered.client_for(username)
    client.get(GRID)
    with django_assert_num_queries(queries):
        assert client.get(GRID).status_code == 200
    village = VillageFactory(township=entered.wufeng.township, code="610724100299", name="新村")
    HouseholdFactory(group=GroupFactory(village=village, code="61072410029901"))
    with django_assert_num_queries(queries):
        body = client.get(GRID).content.decode()
    assert 'id="done-610724100299"' in body


def test_the_grids_progress_is_the_counted_progress(entered):
    aw = entered
    for username in ("scorer_fupin", "scorer_shuili", "admin"):
        user = User.objects.get(username=username)
        indicators = list(scope.grid_indicators(user, aw.cycle, None))
        villages = scope.grid_villages(user)
        rows = selectors.grid_rows(aw.cycle, indicators, villages)
        assert selectors.grid_progress(rows) == selectors.progress(aw.cycle, indicators, villages)
    services.score_set(actor=aw.users["admin"], cycle=aw.cycle, village=aw.wufeng, indicator=aw.indicator("B1"),
                       raw="85")
    user = User.objects.get(username="scorer_shuili")
    indicators = list(scope.grid_indicators(user, aw.cycle, None))
    villages = scope.grid_villages(user)
    rows = selectors.grid_rows(aw.cycle, indicators, villages)
    assert selectors.grid_progress(rows) == selectors.progress(aw.cycle, indicators, villages) == (1, 2)
