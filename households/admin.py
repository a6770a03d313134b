from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from xixiang.core.admin_mixins import VersionedAdminMixin

from .models import CategoryThresholds, Household, ImportBatch, IncomeRecord, Member


class MemberInline(admin.TabularInline):
    model = Member
    extra = 0


class IncomeRecordInline(admin.TabularInline):
    model = IncomeRecord
    extra = 0
    readonly_fields = ["net_income", "per_capita_net_income"]


@admin.register(Household)
class HouseholdAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    """The admin changelist is also the benchmark's comparison for the household list."""

    list_display = ["number", "head_name", "head_id_number", "township", "village", "group",
                    "resident_count", "category", "latest_per_capita_income"]
    list_filter = ["township", "category"]
    search_fields = ["number", "head_name", "head_id_number"]
    list_select_related = ["township", "village", "group"]
    raw_id_fields = ["group"]
    inlines = [MemberInline, IncomeRecordInline]


@admin.register(CategoryThresholds)
class CategoryThresholdsAdmin(SimpleHistoryAdmin):
    list_display = ["year", "demonstration_min", "well_off_min", "subsistence_min", "care_max"]


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    """Roster imports, read-only: they are made through the import page or import_households."""

    list_display = ["id", "created_at", "created_by", "township", "original_name", "status", "error_count"]
    list_filter = ["status", "township", "source"]
    search_fields = ["original_name", "created_by__username"]
    list_select_related = ["created_by", "township"]
    exclude = ["errors", "warnings"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
