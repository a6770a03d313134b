from django.urls import path

from .views import cycles, grid, inspection, results, survey, survey_report

app_name = "assessment"
urlpatterns = [
    path("", cycles.cycle_list, name="cycle_list"),
    path("catalogue/", cycles.catalogue, name="catalogue"),
    path("<int:year>/", cycles.cycle_detail, name="cycle_detail"),
    path("<int:year>/action/", cycles.cycle_action, name="cycle_action"),
    path("<int:year>/finalise/", cycles.cycle_finalise, name="cycle_finalise"),
    path("<int:year>/grid/", grid.grid, name="grid"),
    path("<int:year>/grid/cell/", grid.grid_cell, name="grid_cell"),
    path("<int:year>/grid/export.xlsx", grid.grid_export, name="grid_export"),
    path("<int:year>/grid/upload/", grid.grid_upload, name="grid_upload"),
    path("<int:year>/inspection/", inspection.inspection_list, name="inspection_list"),
    path("<int:year>/inspection/<str:code>/", inspection.inspection_village, name="inspection_village"),
    path("<int:year>/inspection/<str:code>/ballots/", inspection.ballot_save, name="ballot_save"),
    path("<int:year>/inspection/<str:code>/spot-check/", inspection.spot_check_save, name="spot_check_save"),
    path("<int:year>/inspection/<str:code>/adjust/", inspection.adjustment_save, name="adjustment_save"),
    path("<int:year>/survey/", survey.survey_list, name="survey_list"),
    path("<int:year>/survey/<str:code>/", survey.survey_village, name="survey_village"),
    path("<int:year>/survey/<str:code>/redraw/", survey.survey_redraw, name="survey_redraw"),
    path("<int:year>/survey-report/", survey_report.survey_report, name="survey_report"),
    path("<int:year>/survey-report/export.xlsx", survey_report.survey_report_export, name="survey_report_export"),
    path("<int:year>/results/", results.ResultListView.as_view(), name="results"),
    path("<int:year>/results/export.xlsx", results.results_export, name="results_export"),
    path("<int:year>/results/<str:code>/", results.score_sheet, name="score_sheet"),
    path("<int:year>/results/<str:code>/export.xlsx", results.score_sheet_export, name="score_sheet_export"),
    path("<int:year>/statistics/", results.statistics, name="statistics"),
    path("<int:year>/statistics/export.xlsx", results.statistics_export, name="statistics_export"),
    path("<int:year>/rewards/", results.rewards, name="rewards"),
    path("<int:year>/rewards/export.xlsx", results.rewards_export, name="rewards_export"),
    path("<int:year>/whatif/", results.whatif, name="whatif"),
]
