from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import PasswordChangeView
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.forms import add_errors
from common.shortcuts import get_or_404

from . import lockout, selectors, services
from .choices import Role
from .decorators import role_required
from .forms import (
    ApiKeyForm,
    GuardedPasswordChangeForm,
    LocationForm,
    MemberForm,
    NewMemberForm,
    OrganizationForm,
)
from .middleware import SESSION_KEY
from .models import Membership


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Send each role to the page it works from."""
    membership = request.membership
    if membership is None:
        return render(request, "no_organization.html", status=403)
    if membership.is_staff_member:
        return redirect("standards:my_standards")
    if membership.role == "executive":
        return redirect("dashboards:overview")
    return redirect("touchpoints:journey_list")


@login_required
@require_POST
def switch_organization(request: HttpRequest) -> HttpResponse:
    """Make another of the user's organizations the current one."""
    try:
        organization_id = int(request.POST.get("organization", ""))
    except ValueError:
        organization_id = 0
    if (
        not selectors.memberships_for_user(request.user)
        .filter(organization_id=organization_id)
        .exists()
    ):
        raise Http404
    request.session[SESSION_KEY] = organization_id
    return redirect("home")


def _member_or_404(request, pk: int) -> Membership:
    return get_or_404(selectors.member_for, request.organization, pk)


@role_required(Role.ADMIN)
def people(request: HttpRequest) -> HttpResponse:
    members = list(selectors.members_for(request.organization))
    locked = lockout.locked_until(m.user.username for m in members)
    for member in members:
        member.locked_until = locked.get(member.user.username)
    context = {"members": members, "nav": "settings"}
    with timezone.override(request.membership.zone):
        return render(request, "accounts/people.html", context)


@role_required(Role.ADMIN)
@require_POST
def member_unlock(request: HttpRequest, pk: int) -> HttpResponse:
    """Lift a lockout after too many wrong passwords (the person called to say it was
    them)."""
    member = _member_or_404(request, pk)
    services.unlock_member(membership=member)
    messages.success(request, _("%s can sign in again.") % member.display_name)
    return redirect("accounts:people")


class GuardedPasswordChangeView(PasswordChangeView):
    """Django's password form, counting wrong current passwords (forms.py)."""

    form_class = GuardedPasswordChangeForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}


@role_required(Role.ADMIN)
def member_create(request: HttpRequest) -> HttpResponse:
    form = NewMemberForm(request.POST or None, organization=request.organization)
    if request.method == "POST" and form.is_valid():
        try:
            member = services.add_member(organization=request.organization, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("%s was added.") % member.display_name)
            return redirect("accounts:people")
    return render(
        request,
        "accounts/member_form.html",
        {"form": form, "nav": "settings"},
        status=400 if form.errors else 200,
    )


@role_required(Role.ADMIN)
def member_edit(request: HttpRequest, pk: int) -> HttpResponse:
    member = _member_or_404(request, pk)
    initial = {
        "first_name": member.user.first_name,
        "last_name": member.user.last_name,
        "email": member.user.email,
        "role": member.role,
        "location": member.location,
        "employee_code": member.employee_code,
    }
    form = MemberForm(request.POST or None, initial=initial, organization=request.organization)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_member(membership=member, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("%s was saved.") % member.display_name)
            return redirect("accounts:people")
    return render(
        request,
        "accounts/member_form.html",
        {"form": form, "member": member, "nav": "settings"},
        status=400 if form.errors else 200,
    )


@role_required(Role.ADMIN)
def locations(request: HttpRequest) -> HttpResponse:
    form = LocationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            location = services.save_location(
                organization=request.organization, **form.cleaned_data
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Location %s was added.") % location.name)
            return redirect("accounts:locations")
    return render(
        request,
        "accounts/locations.html",
        {
            "locations": selectors.locations_for(request.organization),
            "form": form,
            "nav": "settings",
        },
        status=400 if form.errors else 200,
    )


@role_required(Role.ADMIN)
def location_edit(request: HttpRequest, pk: int) -> HttpResponse:
    location = get_or_404(selectors.location_for, request.organization, pk)
    initial = {f: getattr(location, f) for f in ("name", "code", "address", "time_zone")}
    form = LocationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_location(
                organization=request.organization, location=location, **form.cleaned_data
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Location %s was saved.") % location.name)
            return redirect("accounts:locations")
    return render(
        request,
        "accounts/location_form.html",
        {"form": form, "location": location, "nav": "settings"},
        status=400 if form.errors else 200,
    )


@role_required(Role.ADMIN)
def api_keys(request: HttpRequest) -> HttpResponse:
    form = ApiKeyForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        _key, new_key = services.create_api_key(
            organization=request.organization, name=form.cleaned_data["name"], by=request.user
        )
        form = ApiKeyForm()
    return render(
        request,
        "accounts/api_keys.html",
        {
            "keys": selectors.api_keys_for(request.organization),
            "form": form,
            "new_key": new_key,
            "nav": "settings",
        },
        status=400 if form.errors else 200,
    )


@role_required(Role.ADMIN)
@require_POST
def api_key_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    key = get_or_404(selectors.api_keys_for(request.organization).get, pk=pk)
    services.revoke_api_key(api_key=key)
    messages.success(request, _("API key “%s” was revoked.") % key.name)
    return redirect("accounts:api_keys")


@role_required(Role.ADMIN)
def organization_settings(request: HttpRequest) -> HttpResponse:
    organization = request.organization
    form = OrganizationForm(
        request.POST or None,
        initial={field: getattr(organization, field) for field in OrganizationForm.base_fields},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_organization(organization=organization, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Organization settings were saved."))
            return redirect("accounts:organization")
    return render(
        request,
        "accounts/organization.html",
        {"form": form, "nav": "settings"},
        status=400 if form.errors else 200,
    )
