from django.urls import path

from . import views

app_name = "roster"
urlpatterns = [
    path("", views.roster_import, name="import"),
    path("template.xlsx", views.roster_template, name="template"),
    path("export.xlsx", views.roster_export, name="export"),
    path("batches/", views.ImportBatchListView.as_view(), name="batch_list"),
    path("batches/<int:pk>/", views.batch_detail, name="batch_detail"),
    path("batches/<int:pk>/progress/", views.batch_progress, name="batch_progress"),
    path("batches/<int:pk>/commit/", views.batch_commit, name="batch_commit"),
    path("batches/<int:pk>/errors.xlsx", views.batch_errors, name="batch_errors"),
    path("batches/<int:pk>/file/", views.batch_file, name="batch_file"),
]
