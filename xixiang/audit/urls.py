from django.urls import path

from . import views

app_name = "audit"
urlpatterns = [
    path("<str:model_key>/<int:pk>/", views.object_history, name="object_history"),
]
