"""A survey link's public address and its QR code (PNG and SVG to download, inline SVG for
the print sheet), drawn with segno: pure Python, no image library needed."""

import io
import unicodedata

import segno
from django.conf import settings
from django.urls import reverse
from django.utils.text import slugify

from ..models import SurveyLink

# 10 px per module and the standard 4-module quiet zone: a version-3 code is 370 px wide,
# sharp when printed at 5 cm and still scanned from a table's width away.
PNG_SCALE = 10
BORDER = 4
# "M" recovers from 15 % damage (a coffee stain, a crease); segno raises it when it fits.
ERROR_LEVEL = "m"

# Lower-case letters that Unicode does not decompose to ASCII, for readable file names.
_CYRILLIC = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"
_LATIN = "a b v g d e e zh z i i k l m n o p r s t u f kh ts ch sh shch - y - e yu ya"
_TRANSLIT = str.maketrans(
    {
        "ł": "l",
        "đ": "d",
        "ß": "ss",
        "ø": "o",
        **{c: ("" if t == "-" else t) for c, t in zip(_CYRILLIC, _LATIN.split(), strict=True)},
    }
)


def public_url(link: SurveyLink) -> str:
    """The full address a customer opens (printed, e-mailed, encoded in the QR code)."""
    return settings.SITE_URL + reverse("public:survey_form", args=[link.token])


def short_url(link: SurveyLink) -> str:
    """The address without its scheme, to print under a QR code for typing by hand."""
    return public_url(link).split("://", 1)[-1].rstrip("/")


def make(url: str) -> segno.QRCode:
    # micro=False: Micro QR codes are not read by most phone cameras.
    return segno.make(url, error=ERROR_LEVEL, micro=False)


def png(url: str) -> bytes:
    out = io.BytesIO()
    make(url).save(out, kind="png", scale=PNG_SCALE, border=BORDER)
    return out.getvalue()


def svg(url: str, title: str = "") -> bytes:
    """A standalone SVG file (scales to any print size without blurring)."""
    out = io.BytesIO()
    make(url).save(
        out, kind="svg", scale=PNG_SCALE, border=BORDER, xmldecl=True, title=title or None
    )
    return out.getvalue()


def inline_svg(url: str, title: str = "") -> str:
    """An <svg> element without a fixed size, for embedding in HTML and sizing with CSS."""
    element = make(url).svg_inline(
        scale=1, border=BORDER, omitsize=True, title=title or None, svgclass="qr"
    )
    # Screen readers announce it as one image named by its <title>.
    return element.replace("<svg ", '<svg role="img" ', 1)


def _slug(text: str) -> str:
    return slugify(unicodedata.normalize("NFC", text).lower().translate(_TRANSLIT))


def filename(link: SurveyLink, ext: str) -> str:
    """A readable download name, e.g. qr-anna-kowalska-krk.png."""
    parts = []
    if link.consultant_id:
        parts.append(_slug(link.consultant.display_name))
    elif link.label:
        parts.append(_slug(link.label))
    if link.location_id:
        parts.append(_slug(link.location.code))
    name = "-".join(part for part in parts if part) or f"{_slug(link.survey.name)}-{link.pk}"
    return f"qr-{name}.{ext}"
