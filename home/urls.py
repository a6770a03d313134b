from django.urls import path

from . import views

app_name = "home"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("overview/", views.overview, name="overview"),
    path("checklist/<int:year>/", views.checklist, name="checklist"),
]
