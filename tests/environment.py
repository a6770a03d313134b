"""Test-run environment, loaded as a pytest plugin (`-p tests.environment` in pytest.ini).

A plugin is imported before pytest-django reads the settings; a conftest.py would be too late.
"""

import os
import tempfile

os.environ.setdefault("DJANGO_TASKS_BACKEND", "immediate")
os.environ.setdefault("XIXIANG_VAR_DIR", tempfile.mkdtemp(prefix="xixiang-test-"))
