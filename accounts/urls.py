from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from . import views

app_name = "accounts"

urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="accounts/login.html", redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password/",
        views.GuardedPasswordChangeView.as_view(
            template_name="accounts/password_change.html",
            success_url=reverse_lazy("accounts:password_change_done"),
        ),
        name="password_change",
    ),
    path(
        "password/done/",
        auth_views.PasswordChangeDoneView.as_view(
            template_name="accounts/password_change_done.html"
        ),
        name="password_change_done",
    ),
    path("switch/", views.switch_organization, name="switch_organization"),
    path("settings/", views.organization_settings, name="organization"),
    path("settings/people/", views.people, name="people"),
    path("settings/people/new/", views.member_create, name="member_create"),
    path("settings/people/<int:pk>/", views.member_edit, name="member_edit"),
    path("settings/people/<int:pk>/unlock/", views.member_unlock, name="member_unlock"),
    path("settings/locations/", views.locations, name="locations"),
    path("settings/locations/<int:pk>/", views.location_edit, name="location_edit"),
    path("settings/api-keys/", views.api_keys, name="api_keys"),
    path("settings/api-keys/<int:pk>/revoke/", views.api_key_revoke, name="api_key_revoke"),
]
