from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from xixiang.core.admin_mixins import VersionedAdminMixin

from .models import AssistanceRecord, Cadre, HouseholdPairing, HouseholdPlan, LeaderPairing, UnitPairing


@admin.register(Cadre)
class CadreAdmin(SimpleHistoryAdmin):
    list_display = ["name", "level", "unit", "village", "phone", "user", "is_active"]
    list_filter = ["level", "is_active"]
    search_fields = ["name", "phone"]
    raw_id_fields = ["unit", "village", "user"]


@admin.register(LeaderPairing, UnitPairing)
class VillagePairingAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["__str__", "year", "start_date", "end_date"]
    list_filter = ["year"]
    raw_id_fields = ["village"]

    def has_change_permission(self, request, obj=None):
        return False  # pairings change through the ledger pages (end + new line), never in place


@admin.register(HouseholdPairing)
class HouseholdPairingAdmin(VillagePairingAdmin):
    raw_id_fields = ["cadre", "household"]


@admin.register(AssistanceRecord)
class AssistanceRecordAdmin(SimpleHistoryAdmin):
    list_display = ["date", "kind", "ledger", "amount", "quantity", "quantity_unit", "people_trained"]
    list_filter = ["kind", "ledger", "year"]
    raw_id_fields = ["leader_pairing", "unit_pairing", "household_pairing"]


@admin.register(HouseholdPlan)
class HouseholdPlanAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["household", "year", "target_income", "result_income"]
    raw_id_fields = ["household", "cadre", "leader"]
