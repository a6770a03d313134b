from django.urls import path

from . import hierarchy_views as views

# The hierarchy pages keep the `villages:` URL names; they are built here (see hierarchy_views).
app_name = "villages"
urlpatterns = [
    path("townships/", views.township_list, name="township_list"),
    path("townships/<str:code>/", views.township_detail, name="township_detail"),
    path("", views.VillageListView.as_view(), name="village_list"),
    path("<str:code>/", views.village_detail, name="village_detail"),
    path("<str:code>/edit/", views.village_edit, name="village_edit"),
    path("<str:code>/groups/new/", views.group_create, name="group_create"),
    path("groups/<str:code>/", views.group_detail, name="group_detail"),
    path("groups/<str:code>/edit/", views.group_edit, name="group_edit"),
]
