from django.urls import path

from . import views

app_name = "projects"
urlpatterns = [
    path("", views.ProjectListView.as_view(), name="project_list"),
    path("export.xlsx", views.project_export, name="project_export"),
    path("import/", views.project_import, name="project_import"),
    path("import/template.xlsx", views.project_template, name="project_template"),
    path("new/", views.project_create, name="project_create"),
    path("<int:pk>/", views.project_detail, name="project_detail"),
    path("<int:pk>/edit/", views.project_edit, name="project_edit"),
    path("<int:pk>/allocations/new/", views.allocation_create, name="allocation_create"),
    path("allocations/", views.AllocationListView.as_view(), name="allocation_list"),
    path("allocations/export.xlsx", views.allocation_export, name="allocation_export"),
    path("allocations/<int:pk>/edit/", views.allocation_edit, name="allocation_edit"),
    path("allocations/<int:pk>/delete/", views.allocation_delete, name="allocation_delete"),
    path("reports/funds/", views.funds_report, name="funds_report"),
    path("reports/funds/export.xlsx", views.funds_report_export, name="funds_report_export"),
    path("reports/tilt/", views.tilt_report, name="tilt_report"),
    path("reports/tilt/export.xlsx", views.tilt_report_export, name="tilt_report_export"),
    path("reports/tasks/", views.tasks_report, name="tasks_report"),
    path("reports/tasks/export.xlsx", views.tasks_report_export, name="tasks_report_export"),
]
