from django.urls import path

from .views import administration, files, records, reports

app_name = "archives"
urlpatterns = [
    path("", records.RecordListView.as_view(), name="record_list"),
    path("new/", records.record_create, name="record_create"),
    path("records/<int:pk>/", records.record_detail, name="record_detail"),
    path("records/<int:pk>/edit/", records.record_edit, name="record_edit"),
    path("records/<int:pk>/files/", records.record_files_add, name="record_files_add"),
    path("records/<int:pk>/delete/", records.record_delete, name="record_delete"),
    path("records/<int:pk>/restore/", administration.record_restore, name="record_restore"),
    path("files/<int:pk>/", files.file_detail, name="file_detail"),
    path("files/<int:pk>/download/", files.file_download, name="file_download"),
    path("files/<int:pk>/preview/", files.file_preview, name="file_preview"),
    path("files/<int:pk>/thumbnail/", files.file_thumbnail, name="file_thumbnail"),
    path("files/<int:pk>/delete/", files.file_delete, name="file_delete"),
    path("files/<int:pk>/restore/", administration.file_restore, name="file_restore"),
    path("completeness/", reports.completeness, name="completeness"),
    path("completeness/export.xlsx", reports.completeness_export, name="completeness_export"),
    path("villages/<str:code>/booklet/", reports.village_booklet, name="village_booklet"),
    path("verification/", administration.verification, name="verification"),
    path("verification/start/", administration.verification_start, name="verification_start"),
    path("trash/", administration.trash, name="trash"),
]
