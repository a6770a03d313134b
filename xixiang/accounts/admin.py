from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "first_name", "role", "township", "village", "department", "is_active"]
    list_filter = ["role", "is_active", "township"]
    raw_id_fields = ["village"]
    filter_horizontal = ["assigned_villages", "groups", "user_permissions"]
    fieldsets = BaseUserAdmin.fieldsets + (
        (_("角色与范围"), {"fields": ["role", "township", "village", "department", "assigned_villages", "phone"]}),
    )
