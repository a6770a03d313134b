"""Imported once by the forkserver that limited PDF renders fork from (see pdf.render_pdf_limited):
Django set up and WeasyPrint loaded, so each render's child starts in milliseconds, not seconds."""

import django
from django.apps import apps

if not apps.ready:
    django.setup()

import weasyprint  # noqa: E402, F401
