"""Settings for bench/archives.py: production settings, but static file URLs without a
manifest (the benchmark never fetches static files, so it needs no collectstatic)."""

from xixiang.settings import *  # noqa: F403
from xixiang.settings import STORAGES

STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
