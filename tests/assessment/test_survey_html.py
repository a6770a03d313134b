"""The survey village page's sample rows, built as strings (assessment.survey_html), are what the
template loop they replaced renders (`{{ field.as_widget }}` per income item), cell for cell: on
opening (a stored response, the registry's resident count, a number outside the surveyor's
households) and after a refused save (what was typed, `aria-invalid` on the field in error);
and the page's query count does not grow with the sample."""

import pytest
from django.template import Context, Template

from assessment import scope, selectors
from assessment.forms import SurveyRowForm
from assessment.models import SampleDraw
from assessment.survey_html import sample_body
from tests.fast_tables import body_cells
from xixiang.accounts.models import User

from ..factories import HouseholdFactory

pytestmark = pytest.mark.django_db

URL = "/assessment/2009/survey/610724100201/"

#: The template loop the page used before (templates/assessment/survey_village.html).
PLAIN = Template(
    "<tbody>{% for position, number, household, response, form in forms %}<tr>\n"
    '<td>{{ position|default_if_none:"—" }}</td><td>{{ number }}</td><td>{{ household.head_name|default:"—" }}</td>\n'
    "{% for field in form %}<td>{{ field.as_widget }}</td>{% endfor %}\n"
    '<td class="text-end">{{ response.net_income|default_if_none:"—" }}</td></tr>{% endfor %}</tbody>'
)


def both_ways(aw, username: str, data=None):
    user = User.objects.get(username=username)
    sheet = selectors.survey_sheet(aw.cycle, aw.wufeng, scope.survey_households(user))
    forms = [(row.position, row.number, row.household, row.response,
              SurveyRowForm(data, prefix=row.number, initial=row.initial)) for row in sheet.rows]
    for *_rest, form in forms:
        form.is_valid() if data is not None else None
    fast = body_cells(f"<tbody>{sample_body(forms)}</tbody>")
    return fast, body_cells(PLAIN.render(Context({"forms": forms})))


@pytest.fixture
def sampled(scoring_cycle):
    """五丰村's sample: its own household (head renamed with markup) answered, a second one of
    五丰村 not yet, and 江榜村's household (outside surveyor1's villages), with a position short."""
    aw = scoring_cycle
    own = aw.own_household
    own.head_name = "王<大>&\"'"
    own.save()
    second = HouseholdFactory(group=aw.wufeng_group, head_name="李四", resident_count=5)
    numbers = [own.number, second.number, aw.other_household.number]
    SampleDraw.objects.filter(village=aw.wufeng).update(household_numbers=numbers, positions=[0, 1])
    draw = aw.cycle.draws.get(village=aw.wufeng)
    from assessment import services

    services.survey_response_save(
        actor=aw.users["surveyor1"], draw=draw, household_number=own.number, total_income="20000.5",
        business_expenses="5000", taxes_and_fees="0", depreciation="400", gifts_outside="500", resident_members="3",
    )
    return aw


@pytest.mark.parametrize("username", ["surveyor1", "admin"])
def test_the_rows_are_the_template_loops_cell_for_cell(sampled, username):
    fast, plain = both_ways(sampled, username)
    assert len(fast) == 3 and len(fast[0]) == 3 + 6 + 1
    own = fast[0]
    assert own[2] == ("", "王&lt;大&gt;&amp;&quot;&#x27;")
    assert own[3][1] == (f'<input type="text" name="{sampled.own_household.number}-total_income" value="20000.50" '
                         f'maxlength="20" class="form-control" id="id_{sampled.own_household.number}-total_income">')
    assert own[-1] == ('class="text-end"', "14100.50")
    assert 'value="5"' in fast[1][-2][1] and fast[1][-1][1] == ""  # the registry's count; no response yet
    other = "—" if username == "surveyor1" else sampled.other_household.head_name  # outside surveyor1's villages
    assert fast[2][0][1] == "—" and fast[2][2][1] == other
    assert fast == plain


def test_after_a_refused_save_the_typed_values_and_the_error_match(sampled):
    number = sampled.own_household.number
    data = {f"{number}-total_income": '1<"&' * 6, f"{number}-resident_members": "3"}
    fast, plain = both_ways(sampled, "surveyor1", data)
    assert 'aria-invalid="true"' in fast[0][3][1] and "1&lt;&quot;&amp;" in fast[0][3][1]
    assert 'aria-invalid' not in fast[0][8][1] and 'value="3"' in fast[0][8][1]
    assert fast == plain


def test_the_page_shows_the_rows_in_eight_queries_whatever_the_sample(sampled, django_assert_num_queries):
    client = sampled.client_for("surveyor1")
    client.get(URL)
    with django_assert_num_queries(8):
        body = client.get(URL).content.decode()
    assert 'name="' + sampled.own_household.number + '-total_income" value="20000.50"' in body
    more = [HouseholdFactory(group=sampled.wufeng_group).number for _ in range(5)]
    draw = SampleDraw.objects.get(village=sampled.wufeng)
    SampleDraw.objects.filter(pk=draw.pk).update(household_numbers=draw.household_numbers + more)
    with django_assert_num_queries(8):
        body = client.get(URL).content.decode()
    assert all(f'name="{n}-resident_members"' in body for n in more)
