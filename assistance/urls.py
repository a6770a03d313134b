from django.urls import path

from .views import cadre, dashboard, ledgers, records

app_name = "assistance"
urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("rollup/<str:dimension>/", dashboard.rollup, name="rollup"),
    path("checks/<str:name>/", dashboard.check_list, name="check_list"),
    path("pairings/<str:ledger>/", ledgers.PairingListView.as_view(), name="pairing_list"),
    path("pairings/<str:ledger>/new/", ledgers.pairing_create, name="pairing_create"),
    path("pairings/<str:ledger>/<int:pk>/end/", ledgers.pairing_end, name="pairing_end"),
    path("pairings/<str:ledger>/<int:pk>/change/", ledgers.pairing_change, name="pairing_change"),
    path("pairings/<str:ledger>/<int:pk>/records/new/", records.record_create, name="record_create"),
    path("records/", records.RecordListView.as_view(), name="record_list"),
    path("records/export.xlsx", records.record_export, name="record_export"),
    path("records/import/", records.record_import, name="record_import"),
    path("records/import/template.xlsx", records.record_import_template, name="record_import_template"),
    path("my/", cadre.my_households, name="my_households"),
    path("my/<int:pk>/visit/", cadre.my_visit, name="my_visit"),
    path("plans/prepare/", cadre.plans_prepare, name="plans_prepare"),
    path("plans/<str:number>/<int:year>/", cadre.plan_edit, name="plan_edit"),
    path("cards/<str:number>/<int:year>.pdf", cadre.household_card, name="household_card"),
    path("cards/batches/new/", cadre.card_batch_create, name="card_batch_create"),
    path("cards/village/<str:code>/<int:year>.pdf", cadre.village_cards, name="village_cards"),
]
