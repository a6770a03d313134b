"""`manage.py render_summary --year Y [--township CODE] -o FILE.pdf`: the county summary (or one
township's) as an A4 PDF, read as the county administrator reads it (documents/summaries.py)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from villages.models import Township
from xixiang.accounts.choices import Role
from xixiang.accounts.models import User
from xixiang.core.errors import DomainError
from xixiang.lib.pdf import render_pdf

from ...summaries import summary, summary_html


class Command(BaseCommand):
    help = "Renders the county summary (or a township's, --township) of a year as an A4 PDF."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--township", default="", help="the township's 9-digit code (default: the county)")
        parser.add_argument("-o", "--output", required=True, help="the PDF file to write")

    def handle(self, *args, year, township, output, **options):
        place = None
        if township:
            place = Township.objects.filter(code=township).first()
            if place is None:
                raise CommandError(f"找不到编码为 {township} 的乡镇")
        # the summary reads through a user's scopes: the county's, as an unsaved administrator
        reader = User(username="render_summary", role=Role.ADMIN)
        try:
            doc = summary(reader, year, place)
        except DomainError as error:
            raise CommandError(error.message) from error
        content = render_pdf(summary_html(doc))
        Path(output).write_bytes(content)
        self.stdout.write(f"{output}: {len(content):,} bytes")
