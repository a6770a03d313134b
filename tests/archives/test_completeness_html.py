"""The completeness matrix's body, built as strings (archives.completeness_html), is what the
template loop it replaced renders (the plain way), cell for cell, for an uploader and a reader."""

import pytest
from django.template import Context, Template
from django.urls import reverse

from archives import selectors
from archives.completeness_html import matrix_body
from tests.fast_tables import body_cells
from xixiang.accounts.models import User

from .test_views_completeness import filed, pdf  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db

#: The template loop the page used before (templates/archives/completeness.html).
PLAIN = Template(
    '{% load i18n %}{% url "villages:village_list" as villages_url %}{% url "archives:record_create" as upload_url %}'
    "<tbody>{% for row in matrix.rows %}\n<tr><td>{{ row.village.township_name }}</td>\n"
    '<td><a href="{{ villages_url }}{{ row.village.code }}/?archive_year={{ matrix.year }}">'
    "{{ row.village.name }}</a></td>\n"
    '{% for c, n in row.cells %}{% if n %}<td class="cell-ok">{{ n }}</td>{% elif can_upload %}'
    '<td class="cell-missing"><a\n'
    '  href="{{ upload_url }}?village={{ row.village.code }}&amp;category={{ c.code }}&amp;year={{ matrix.year }}" '
    'title="{% translate "上传档案" %}">✗</a></td>\n'
    '{% else %}<td class="cell-missing">✗</td>{% endif %}{% endfor %}\n'
    '<td class="text-end">{{ row.present }}</td><td class="text-end">{{ row.rate }}%</td></tr>{% empty %}\n'
    '<tr><td colspan="{{ matrix.categories|length|add:4 }}" class="text-muted">'
    '{% translate "没有可显示的村" %}</td></tr>'
    "{% endfor %}</tbody>"
)


def both_ways(matrix, can_upload: bool):
    fast = matrix_body(matrix, can_upload=can_upload, villages_url=reverse("villages:village_list"),
                       upload_url=reverse("archives:record_create"))
    plain = PLAIN.render(Context({"matrix": matrix, "can_upload": can_upload}))
    return body_cells(f"<tbody>{fast}</tbody>"), body_cells(plain)


@pytest.mark.parametrize("can_upload", [True, False])
def test_the_body_is_the_template_loops_cell_for_cell(world, filed, can_upload):  # noqa: F811
    world.wufeng.name = "五丰<村>&"
    world.wufeng.save()
    matrix = selectors.completeness(User.objects.get(username="admin"), 2009)
    fast, plain = both_ways(matrix, can_upload)
    assert len(fast) == 2 and len(fast[0]) == 18 + 4
    assert fast[0][1][1].endswith(">五丰&lt;村&gt;&amp;</a>")
    assert fast == plain


def test_an_empty_matrix_says_so_as_the_template_did(world):
    matrix = selectors.completeness(User.objects.get(username="admin"), 2001, world.xiakou)
    matrix.rows = []
    fast, plain = both_ways(matrix, True)
    assert fast == plain == [[('colspan="22" class="text-muted"', "没有可显示的村")]]
