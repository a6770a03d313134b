from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import County, Department, Group, Township, Village, VillageGrade


@admin.register(County)
class CountyAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name"]


@admin.register(Township)
class TownshipAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(Village)
class VillageAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "township", "terrain", "is_poor", "is_key_poverty"]
    list_filter = ["township", "terrain", "is_poor"]
    search_fields = ["code", "name"]
    list_select_related = ["township"]


@admin.register(Group)
class GroupAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "village"]
    search_fields = ["code", "name"]
    list_select_related = ["village"]
    raw_id_fields = ["village"]


@admin.register(VillageGrade)
class VillageGradeAdmin(SimpleHistoryAdmin):
    list_display = ["village", "year", "grade", "source"]
    list_filter = ["year", "grade"]
    raw_id_fields = ["village"]


@admin.register(Department)
class DepartmentAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "kind", "township"]
    list_filter = ["kind"]
    search_fields = ["code", "name"]
