from django.urls import path

from . import views

app_name = "targets"
urlpatterns = [
    path("", views.plan_overview, name="plan"),
    path("villages/", views.VillageTargetListView.as_view(), name="village_list"),
    path("villages/export.xlsx", views.plan_export, name="plan_export"),
    path("villages/template.xlsx", views.plan_template, name="plan_template"),
    path("villages/import/", views.plan_import, name="plan_import"),
    path("township/<str:code>/", views.township_detail, name="township"),
    path("township/<str:code>/edit/", views.township_edit, name="township_edit"),
    path("township/<str:code>/approve/", views.township_approve, name="township_approve"),
    path("village/<str:code>/", views.village_detail, name="village"),
    path("village/<str:code>/edit/", views.village_edit, name="village_edit"),
    path("village/<str:code>/approve/", views.village_approve, name="village_approve"),
    path("commitments/<int:year>/village/<str:code>/", views.village_commitment_edit, name="village_commitment"),
    path("commitments/<int:year>/township/<str:code>/", views.township_commitment_edit,
         name="township_commitment"),
    path("commitments/<int:pk>.pdf", views.commitment_pdf, name="commitment_pdf"),
]
