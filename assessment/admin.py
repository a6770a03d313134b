from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from xixiang.core.admin_mixins import ReadOnlyAdminMixin

from .models import AssessmentSettings, Cycle, Indicator


@admin.register(Indicator)
class IndicatorAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    """Read-only here: the catalogue is edited as a whole on /assessment/catalogue/ (sum check)."""

    list_display = ["code", "dimension", "name", "max_points", "lead_department", "source", "mapping"]


@admin.register(AssessmentSettings)
class AssessmentSettingsAdmin(SimpleHistoryAdmin):
    list_display = ["grade1_min", "grade2_min", "grade3_min", "sample_rate", "sample_min"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(Cycle)
class CycleAdmin(SimpleHistoryAdmin):
    list_display = ["year", "status", "opened_at", "finalised_at"]
    readonly_fields = [f.name for f in Cycle._meta.fields]

    def has_add_permission(self, request):
        return False
