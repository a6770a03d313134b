from django.urls import include, path

from . import views

app_name = "households"
urlpatterns = [
    path("", views.HouseholdListView.as_view(), name="household_list"),
    path("new/", views.household_create, name="household_create"),
    path("roster/", include("households.roster.urls")),
    path("<str:number>/", views.household_detail, name="household_detail"),
    path("<str:number>/edit/", views.household_edit, name="household_edit"),
    path("<str:number>/delete/", views.household_delete, name="household_delete"),
]
