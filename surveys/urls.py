from django.urls import path

from .forms import views as survey_views
from .imports import views as import_views
from .invitations import views as invitation_views
from .links import views as link_views
from .responses import views as response_views

app_name = "surveys"

urlpatterns = [
    # Surveys (forms/views.py) and their links (links/views.py)
    path("", survey_views.survey_list, name="survey_list"),
    path("new/", survey_views.survey_create, name="survey_create"),
    path("<int:pk>/", survey_views.survey_detail, name="survey_detail"),
    path("<int:pk>/edit/", survey_views.survey_edit, name="survey_edit"),
    path("<int:pk>/links/new/", link_views.link_create, name="link_create"),
    path("<int:pk>/links/bulk/", link_views.links_bulk_create, name="links_bulk_create"),
    path("<int:pk>/print/", link_views.survey_print, name="survey_print"),
    path("links/<int:pk>/", link_views.link_detail, name="link_detail"),
    path("links/<int:pk>/revoke/", link_views.link_revoke, name="link_revoke"),
    path("links/<int:pk>/qr.<str:fmt>", link_views.link_qr, name="link_qr"),
    # E-mail invitations (invitations/views.py)
    path("<int:pk>/invite/", invitation_views.invitation_create, name="invitation_create"),
    path("invitations/<int:pk>/", invitation_views.invitation_detail, name="invitation_detail"),
    path("invitations/<int:pk>/retry/", invitation_views.invitation_retry, name="invitation_retry"),
    path(
        "invitations/<int:pk>/cancel/",
        invitation_views.invitation_cancel,
        name="invitation_cancel",
    ),
    # Responses (responses/views.py)
    path("responses/", response_views.response_list, name="response_list"),
    path("responses/export.<str:fmt>", response_views.response_export, name="response_export"),
    path("my-feedback/", response_views.my_feedback, name="my_feedback"),
    # CSV import (imports/views.py)
    path("responses/import/", import_views.import_upload, name="import_upload"),
    path("responses/import/<int:pk>/", import_views.import_detail, name="import_detail"),
    path("responses/import/<int:pk>/run/", import_views.import_run, name="import_run"),
    path("responses/import/<int:pk>/retry/", import_views.import_retry, name="import_retry"),
    path("responses/import/<int:pk>/cancel/", import_views.import_cancel, name="import_cancel"),
]
