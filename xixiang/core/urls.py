from django.urls import path

from . import document_views, views

app_name = "core"
urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("documents/<int:pk>/", document_views.document_job, name="document_job"),
    path("documents/<int:pk>/download/", document_views.document_job_download, name="document_job_download"),
]
