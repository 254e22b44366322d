from axes.handlers.proxy import AxesProxyHandler
from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import PasswordChangeForm
from django.contrib.auth.signals import user_login_failed
from django.utils.translation import gettext_lazy as _

from .choices import Role
from .lockout import cooloff_minutes
from .models import Location


class LocationForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    code = forms.SlugField(
        label=_("Code"),
        max_length=40,
        help_text=_("Short and unique, used in links and imports, e.g. “krakow-1”."),
    )
    address = forms.CharField(label=_("Address"), max_length=250, required=False)
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        choices=Location._meta.get_field("time_zone").choices,
        initial="Europe/Warsaw",
    )


class MemberForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    location = forms.ModelChoiceField(
        label=_("Location"), queryset=Location.objects.none(), required=False
    )
    employee_code = forms.CharField(
        label=_("Employee code"),
        max_length=40,
        required=False,
        help_text=_("Unique in the organization; surveys and imports name consultants by it."),
    )

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["location"].queryset = Location.objects.filter(organization=organization)

    def clean_employee_code(self):
        return self.cleaned_data["employee_code"].strip()


class NewMemberForm(MemberForm):
    username = forms.RegexField(
        label=_("Username"),
        max_length=150,
        regex=r"^[\w.@+-]+\Z",
        error_messages={"invalid": _("Letters, digits and @ . + - _ only.")},
    )
    password = forms.CharField(
        label=_("Initial password"),
        widget=forms.PasswordInput,
        required=False,
        help_text=_("Leave empty to add an existing user, or one who signs in another way."),
    )
    field_order = [
        "username",
        "first_name",
        "last_name",
        "email",
        "password",
        "role",
        "location",
        "employee_code",
    ]

    def clean_password(self):
        password = self.cleaned_data.get("password")
        if password:
            password_validation.validate_password(password)
        return password


class ApiKeyForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=80, help_text=_("What uses it, e.g. “POS integration”.")
    )


class OrganizationForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    min_sample = forms.IntegerField(
        label=_("Minimum sample"),
        min_value=1,
        max_value=10000,
        help_text=_("Rankings show “not enough data” for groups with fewer responses."),
    )
    # Not required: a form posted without it (an older client) keeps the current value.
    survey_cooldown_days = forms.IntegerField(
        label=_("Survey cool-down (days)"),
        min_value=1,
        max_value=3650,
        required=False,
        help_text=_("A customer invited by e-mail is not invited again within this many days."),
    )
    show_first_name_on_surveys = forms.BooleanField(
        label=_("Show the consultant's first name on surveys"),
        required=False,
        help_text=_("Customers then read “Your host today: Anna”; nothing else is shown."),
    )

    # Not required: a form posted without it (an older client) keeps the current zone.
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        choices=[("", "—"), *Location._meta.get_field("time_zone").choices],
        required=False,
        help_text=_(
            "Times are shown on it to people without a location of their own (executives, "
            "administrators, managers of several locations); the others read their "
            "location's."
        ),
    )
    # Not required: a form posted without it (an older client) keeps the current languages.
    content_language = forms.ChoiceField(
        label=_("Standards written in"),
        choices=settings.LANGUAGES,
        required=False,
        help_text=_(
            "The language managers write moments and behaviours in. Staff reading in a "
            "language without a translation see this one."
        ),
    )
    content_languages = forms.MultipleChoiceField(
        label=_("Translate the standards into"),
        choices=settings.LANGUAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Each moment, behaviour and priceless note then gets a field per language; "
            "staff read the standards in their own language."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The original is always among the languages offered: show it ticked.
        original = self.initial.get("content_language")
        chosen = list(self.initial.get("content_languages") or [])
        if original and original not in chosen:
            self.initial["content_languages"] = [original, *chosen]

    def clean(self):
        cleaned = super().clean()
        original = cleaned.get("content_language")
        if original:
            # The original is always one of the languages offered.
            chosen = set(cleaned.get("content_languages") or []) | {original}
            cleaned["content_languages"] = [
                code for code, _n in settings.LANGUAGES if code in chosen
            ]
        else:
            cleaned["content_language"] = cleaned["content_languages"] = None
        return cleaned


class GuardedPasswordChangeForm(PasswordChangeForm):
    """The password form counts wrong current passwords like wrong logins (django-axes):
    a stolen session cannot try passwords one after another, and a locked account
    cannot change its password until the lock ends or an administrator lifts it."""

    def __init__(self, user, *args, request=None, **kwargs):
        super().__init__(user, *args, **kwargs)
        self.request = request

    def clean_old_password(self):
        credentials = {"username": self.user.get_username()}
        if AxesProxyHandler.is_locked(self.request, credentials):
            raise forms.ValidationError(
                _(
                    "Too many wrong passwords. Try again in %(minutes)d minutes, or ask "
                    "your administrator to unlock your account."
                )
                % {"minutes": cooloff_minutes()},
                code="locked",
            )
        try:
            return super().clean_old_password()
        except forms.ValidationError:
            user_login_failed.send(sender=type(self), credentials=credentials, request=self.request)
            raise
