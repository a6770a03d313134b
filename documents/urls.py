from django.urls import path

from . import board_views, chart_views, dossier_views, notice_views, print_views, sheet_views, summary_views

app_name = "documents"
urlpatterns = [
    path("score-sheets/<int:year>/<str:code>/", sheet_views.score_sheet_page, name="score_sheet"),
    path("score-sheets/<int:year>/<str:code>/pdf/", sheet_views.score_sheet_pdf, name="score_sheet_pdf"),
    path("results/<int:year>/", sheet_views.results_page, name="results"),
    path("results/<int:year>/pdf/", sheet_views.results_pdf, name="results_pdf"),
    path("results/<int:year>/<str:township>/", sheet_views.results_page, name="township_results"),
    path("results/<int:year>/<str:township>/pdf/", sheet_views.results_pdf, name="township_results_pdf"),
    path("notices/", notice_views.notice_list, name="notice_list"),
    path("notices/<int:pk>/", notice_views.notice_page, name="notice_page"),
    path("notices/<int:pk>/pdf/", notice_views.notice_pdf, name="notice_pdf"),
    path("charts/", chart_views.chart_page, name="charts"),
    path("charts/pdf/", chart_views.chart_pdf, name="charts_pdf"),
    # the county and township summaries, documents/summar*.py
    path("summary/", summary_views.summary_choose, name="summary_choose"),
    path("summary/<int:year>/", summary_views.county_summary, name="county_summary"),
    path("summary/<int:year>/pdf/", summary_views.county_summary_pdf, name="county_summary_pdf"),
    path("summary/<int:year>/<str:township>/", summary_views.township_summary, name="township_summary"),
    path("summary/<int:year>/<str:township>/pdf/", summary_views.township_summary_pdf, name="township_summary_pdf"),
    # the notice board (牌), documents/board*.py
    path("boards/batch/", board_views.batch_page, name="board_batch"),
    path("boards/<str:code>/<int:year>/", board_views.board_page, name="board_page"),
    path("boards/<str:code>/<int:year>.pdf", board_views.board_pdf, name="board_pdf"),
    # village dossiers (册) and printing many at once, documents/dossier*.py, print_*.py
    path("dossiers/<str:code>/<int:year>/", dossier_views.dossier_page, name="dossier"),
    path("dossiers/<str:code>/<int:year>/pdf/", dossier_views.dossier_pdf, name="dossier_pdf"),
    path("prints/", print_views.my_prints, name="my_prints"),
    path("prints/new/", print_views.print_new, name="print_new"),
]
