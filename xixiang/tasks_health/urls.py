from django.urls import path

from . import views

app_name = "tasks_health"
urlpatterns = [
    path("workers/", views.workers, name="workers"),
]
