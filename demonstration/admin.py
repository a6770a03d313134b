from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Action, DemonstrationType, Designation, Meeting, ResidentCadre, TeamMember


@admin.register(DemonstrationType)
class DemonstrationTypeAdmin(SimpleHistoryAdmin):
    """The type catalogue: the county adds types here."""

    list_display = ["name", "description", "position", "is_active"]
    list_editable = ["position", "is_active"]


class TeamMemberInline(admin.TabularInline):
    model = TeamMember
    extra = 0


class ResidentCadreInline(admin.TabularInline):
    model = ResidentCadre
    extra = 0


@admin.register(Designation)
class DesignationAdmin(SimpleHistoryAdmin):
    list_display = ["village", "year", "kind"]
    list_filter = ["year", "kind"]
    raw_id_fields = ["village", "plan", "contact"]
    inlines = [TeamMemberInline, ResidentCadreInline]

    def has_add_permission(self, request):
        return False  # designations are made on the demonstration pages, through the service


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    list_display = ["designation", "date", "kind", "held"]
    list_filter = ["kind", "held"]
    raw_id_fields = ["designation"]

    def has_add_permission(self, request):
        return False  # meetings are recorded on the board, which files their minutes


@admin.register(Action)
class ActionAdmin(SimpleHistoryAdmin):
    list_display = ["description", "owner", "due_date", "done"]
    list_filter = ["done"]
    raw_id_fields = ["meeting"]
