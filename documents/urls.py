from django.urls import path

from . import board_views

app_name = "documents"
urlpatterns = [
    # the notice board (牌), documents/board*.py
    path("boards/batch/", board_views.batch_page, name="board_batch"),
    path("boards/<str:code>/<int:year>/", board_views.board_page, name="board_page"),
    path("boards/<str:code>/<int:year>.pdf", board_views.board_pdf, name="board_pdf"),
]
