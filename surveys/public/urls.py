"""The customer's side: no account, the token is the only credential."""

from django.urls import path

from . import views

app_name = "public"

urlpatterns = [
    path("<str:token>/", views.survey_form, name="survey_form"),
    path("<str:token>/thanks/", views.survey_thanks, name="survey_thanks"),
]
