"""The form of an e-mail invitation: recipients pasted or uploaded, and a language."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import LANGUAGE_CHOICES

# A pasted list or an uploaded file of recipients; about 20,000 lines of e-mail addresses.
MAX_UPLOAD = 1024 * 1024


class InvitationForm(forms.Form):
    """Recipients pasted or uploaded as CSV, and the language of the e-mail."""

    recipients = forms.CharField(
        label=_("Recipients"),
        required=False,
        max_length=MAX_UPLOAD,
        widget=forms.Textarea(
            attrs={
                "rows": 8,
                "placeholder": "anna@example.com, E001, R-1043\njan@example.com",
                "spellcheck": "false",
            }
        ),
        help_text=_(
            "One customer per line: e-mail, then optionally the consultant's employee code "
            "and an interaction reference (a receipt or ticket number), separated by commas."
        ),
    )
    file = forms.FileField(
        label=_("…or a CSV file"),
        required=False,
        help_text=_("Columns: email, consultant, interaction_ref (a header line is optional)."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,text/csv,text/plain"}),
    )
    language = forms.ChoiceField(label=_("Language of the e-mail"), choices=LANGUAGE_CHOICES)

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        if upload:
            if upload.size > MAX_UPLOAD:
                raise forms.ValidationError(_("The file is larger than 1 MB."))
            try:
                # utf-8-sig: spreadsheet programs often start "CSV UTF-8" with a BOM.
                data["text"] = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError as exc:
                raise forms.ValidationError(
                    _("The file is not UTF-8 text. Save it as “CSV UTF-8” and upload it again.")
                ) from exc
        else:
            data["text"] = data.get("recipients") or ""
        if not data["text"].strip() and not self.errors:
            raise forms.ValidationError(_("Paste at least one e-mail address or upload a file."))
        return data
