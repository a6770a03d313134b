"""Heavy libraries load where they are used, not when Django starts: a web or task process that
renders no PDF, draws no chart and reads or writes no workbook does not carry WeasyPrint,
pygal, openpyxl (with numpy) or python-calamine (~70 MB), and the render forkserver does not
copy them into the batch process that forks from it (bench/printing.py: board batch memory)."""

import json
import subprocess
import sys

HEAVY = ("weasyprint", "pygal", "openpyxl", "numpy", "python_calamine")

PROBE = """
import json, sys, django
django.setup()
after_setup = [name for name in {heavy!r} if name in sys.modules]
from django.urls import get_resolver
get_resolver().url_patterns  # every view module, as a web worker's first request loads them
after_urls = [name for name in {heavy!r} if name in sys.modules]
from xixiang.lib import excel, svg_charts
svg_charts.bar_chart(title="t", labels=["a"], series=[svg_charts.Series("s", [1])])
excel.write_workbook("t", ["h"], [["v"]])
print(json.dumps([after_setup, after_urls, [name for name in {heavy!r} if name in sys.modules]]))
"""


def test_django_and_every_view_module_load_without_the_heavy_libraries(tmp_path):
    result = subprocess.run(
        [sys.executable, "-c", PROBE.format(heavy=HEAVY)],
        env={"DJANGO_SETTINGS_MODULE": "xixiang.settings", "XIXIANG_VAR_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"},
        capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stderr
    after_setup, after_urls, after_use = json.loads(result.stdout.strip().splitlines()[-1])
    assert (after_setup, after_urls) == ([], [])
    assert {"pygal", "openpyxl"} <= set(after_use)  # and they load when used
