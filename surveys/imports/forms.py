"""The upload form of a CSV import."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .files import MAX_FILE_BYTES


class ImportUploadForm(forms.Form):
    """A CSV file of responses; the service checks its encoding, header and rows."""

    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "UTF-8, comma or semicolon separated, at most 5 MB. Required columns: "
            "submitted_at, metric, score."
        ),
        error_messages={
            "required": _("Choose a CSV file to upload."),
            "empty": _("The file is empty."),
        },
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(
                _(
                    "The file is %(size).1f MB; at most %(max)d MB can be imported at once. "
                    "Split it into smaller files."
                )
                % {"size": upload.size / 1024 / 1024, "max": MAX_FILE_BYTES // 1024 // 1024}
            )
        return upload
