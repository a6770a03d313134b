from django.urls import path

from . import views

app_name = "demonstration"
urlpatterns = [
    path("", views.DesignationListView.as_view(), name="designation_list"),
    path("export.xlsx", views.designation_export, name="designation_export"),
    path("new/", views.designation_create, name="designation_create"),
    path("actions/<int:pk>/done/", views.action_done, name="action_done"),
    path("meetings/<int:pk>/held/", views.meeting_hold, name="meeting_hold"),
    path("<str:code>/<int:year>/", views.board, name="board"),
    path("<str:code>/<int:year>/edit/", views.designation_update, name="designation_update"),
    path("<str:code>/<int:year>/board.pdf", views.board_pdf, name="board_pdf"),
    path("<str:code>/<int:year>/meetings/", views.MeetingListView.as_view(), name="meeting_list"),
    path("<str:code>/<int:year>/meetings/new/", views.meeting_create, name="meeting_create"),
    path("<str:code>/<int:year>/team/new/", views.team_member_add, name="team_member_add"),
    path("<str:code>/<int:year>/cadres/new/", views.resident_cadre_add, name="resident_cadre_add"),
]
