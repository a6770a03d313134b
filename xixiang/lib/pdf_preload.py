"""Imported once by the forkserver that limited PDF renders fork from (see pdf.render_pdf_limited):
Django set up and WeasyPrint loaded, so each render's child starts in milliseconds, not seconds."""

import gc

import django
from django.apps import apps

if not apps.ready:
    django.setup()

import weasyprint  # noqa: E402, F401

import xixiang.lib.pdf_fetcher  # noqa: E402, F401

# What the preload made stays shared with every forked child: the collector must not touch
# (and so copy) those objects in each child (Python docs: gc.freeze before fork). Measured on
# a 15-board chunk: the forkserver and render child's Pss 244 → 209 MB.
gc.freeze()
