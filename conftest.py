"""Test-run environment, set before Django's settings are read."""

import os
import tempfile

os.environ.setdefault("DJANGO_TASKS_BACKEND", "immediate")
os.environ.setdefault("XIXIANG_VAR_DIR", tempfile.mkdtemp(prefix="xixiang-test-"))
