from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("xixiang.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("history/", include("xixiang.audit.urls")),
    path("system/", include("xixiang.tasks_health.urls")),
    path("", include("home.urls")),
    path("", include("xixiang.core.urls")),
    path("villages/", include("households.hierarchy_urls")),
    path("households/", include("households.urls")),
    path("archives/", include("archives.urls")),
    path("assistance/", include("assistance.urls")),
    path("assessment/", include("assessment.urls")),
    path("targets/", include("targets.urls")),
    path("projects/", include("projects.urls")),
    path("demonstration/", include("demonstration.urls")),
    path("documents/", include("documents.urls")),
]
