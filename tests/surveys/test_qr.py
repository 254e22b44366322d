"""QR codes of survey links: the PNG and SVG downloads and the printable sheet.

segno cannot decode, so each image is read back into a grid of dark modules (the PNG by
its pixels, the SVG by its path) and compared with the matrix segno builds for the link's
address: the same grid means a phone scanning it opens that address.
"""

import io
import re
import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
import segno
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from surveys.links import qr, services

SITE = "https://cx.aurora.example"


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE


def _expected(link) -> list[list[bool]]:
    code = segno.make(f"{SITE}/s/{link.token}/", error="m", micro=False)
    return [[bool(v) for v in row] for row in code.matrix]


def _png_modules(data: bytes, size: int, scale=10, border=4) -> list[list[bool]]:
    image = Image.open(io.BytesIO(data)).convert("L")
    assert image.size == ((size + 2 * border) * scale,) * 2
    half = scale // 2
    return [
        [
            image.getpixel(((c + border) * scale + half, (r + border) * scale + half)) < 128
            for c in range(size)
        ]
        for r in range(size)
    ]


def _svg_modules(path_d: str, size: int, border=4) -> list[list[bool]]:
    """segno draws each row's dark runs as horizontal strokes: M x y, m dx dy, h n."""
    grid = [[False] * size for _ in range(size)]
    x = y = 0.0
    for op, a, b in re.findall(r"([Mmh])\s*(-?[\d.]+)(?:\s+(-?[\d.]+))?", path_d):
        if op == "M":
            x, y = float(a), float(b)
        elif op == "m":
            x, y = x + float(a), y + float(b)
        else:
            row = int(y) - border
            for col in range(int(x) - border, int(x + float(a)) - border):
                grid[row][col] = True
            x += float(a)
    return grid


def _path_of(svg_text: str) -> str:
    root = ET.fromstring(svg_text)
    paths = root.findall(".//{http://www.w3.org/2000/svg}path") or root.findall(".//path")
    assert len(paths) == 1
    return paths[0].get("d")


def test_png_download_is_the_qr_code_of_the_links_address(client_for, manager, qr_link):
    response = client_for(manager).get(reverse("surveys:link_qr", args=[qr_link.pk, "png"]))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response.content.startswith(b"\x89PNG\r\n\x1a\n")
    assert response["Content-Disposition"] == 'attachment; filename="qr-stan-test-krk.png"'
    expected = _expected(qr_link)
    assert _png_modules(response.content, len(expected)) == expected


def test_svg_download_is_well_formed_and_encodes_the_links_address(
    client_for, manager, qr_link, single_link
):
    response = client_for(manager).get(reverse("surveys:link_qr", args=[qr_link.pk, "svg"]))

    assert response["Content-Type"] == "image/svg+xml"
    assert response["Content-Disposition"] == 'attachment; filename="qr-stan-test-krk.svg"'
    svg = response.content.decode()
    assert svg.startswith("<?xml")
    expected = _expected(qr_link)
    assert _svg_modules(_path_of(svg), len(expected)) == expected
    # Not a grid any QR code would match: another link's address gives another one.
    assert _expected(single_link) != expected


def test_a_png_is_large_enough_to_print():
    data = qr.png(f"{SITE}/s/{'x' * 22}/")

    width, height = Image.open(io.BytesIO(data)).size
    assert width == height >= 290  # 10 px per module with a 4-module quiet zone


@pytest.mark.parametrize(
    "name, code, label, expected",
    [
        ("Łucja Żak", "gda", "", "qr-lucja-zak-gda.png"),
        ("Анна Щукина", "msk", "", "qr-anna-shchukina-msk.png"),
        ("Ștefan Ăvram", "", "", "qr-stefan-avram.png"),
        ("", "waw", "Table 4", "qr-table-4-waw.png"),
    ],
)
def test_download_names_are_readable_ascii(nps_survey, organization, name, code, label, expected):
    from accounts import services as account_services
    from accounts.choices import Role

    location = None
    if code:
        location = account_services.save_location(organization=organization, name=code, code=code)
    consultant = None
    if name:
        first, last = name.split()
        consultant = account_services.add_member(
            organization=organization,
            username=f"u{code}",
            role=Role.STAFF,
            first_name=first,
            last_name=last,
        )
    link = services.create_link(
        survey=nps_survey, consultant=consultant, location=location, label=label
    )

    assert qr.filename(link, "png") == expected


def test_a_link_without_consultant_label_or_location_is_named_after_the_survey(nps_survey):
    link = services.create_link(survey=nps_survey)

    assert qr.filename(link, "svg") == f"qr-dinner-nps-{link.pk}.svg"


# --- The print sheet ----------------------------------------------------------------------------


def _cards(html: str) -> list[str]:
    return re.findall(r'<article class="printcard".*?</article>', html, re.S)


def test_print_sheet_has_one_card_per_open_reusable_link(
    client_for, admin_member, nps_survey, qr_link, single_link, second_consultant
):
    sara = services.create_link(survey=nps_survey, kind="reusable", consultant=second_consultant)
    revoked = services.create_link(survey=nps_survey, kind="reusable", label="Old table")
    services.revoke_link(link=revoked)
    expired = services.create_link(
        survey=nps_survey, kind="reusable", expires_at=timezone.now() + timedelta(seconds=1)
    )
    expired.expires_at = timezone.now() - timedelta(days=1)
    expired.save()

    # Adam, an admin, prints every location's cards (Alice, of Kraków, only Kraków's).
    html = client_for(admin_member).get(reverse("surveys:survey_print", args=[nps_survey.pk]))
    html = html.content.decode()

    cards = _cards(html)
    assert len(cards) == 2
    # Sorted by location: Kraków (Stan) before Warszawa (Sara).
    assert "You were served by Stan" in cards[0] and "Kraków Rynek" in cards[0]
    assert "You were served by Sara" in cards[1]
    assert f"cx.aurora.example/s/{qr_link.token}" in cards[0]
    assert f"cx.aurora.example/s/{sara.token}" in cards[1]
    assert single_link.token not in html
    assert "Print" in html


def test_print_sheet_cards_carry_the_qr_code_of_their_link(client_for, manager, qr_link):
    html = client_for(manager).get(reverse("surveys:survey_print", args=[qr_link.survey_id]))

    card = _cards(html.content.decode())[0]
    svg = re.search(r"<svg.*?</svg>", card, re.S).group(0)
    expected = _expected(qr_link)
    assert _svg_modules(_path_of(svg), len(expected)) == expected


def test_print_sheet_asks_the_question_in_the_chosen_language(client_for, manager, qr_link):
    url = reverse("surveys:survey_print", args=[qr_link.survey_id])

    html = client_for(manager).get(url, {"lang": "pl"}).content.decode()

    card = _cards(html)[0]
    assert qr_link.survey.question_pl in card
    assert 'lang="pl"' in card
    assert qr_link.survey.question_en not in card


def test_print_sheet_of_chosen_links_only(client_for, manager, nps_survey, qr_link, single_link):
    url = reverse("surveys:survey_print", args=[nps_survey.pk])

    html = client_for(manager).get(url, {"links": f"{single_link.pk}"}).content.decode()

    cards = _cards(html)
    assert len(cards) == 1 and single_link.token in cards[0]
    assert f'name="links" value="{single_link.pk}"' in html  # kept when switching language


def test_print_sheet_ignores_links_of_other_surveys(
    client_for, manager, nps_survey, csat_survey, qr_link
):
    other = services.create_link(survey=csat_survey, kind="reusable")
    url = reverse("surveys:survey_print", args=[nps_survey.pk])

    html = client_for(manager).get(url, {"links": f"{qr_link.pk},{other.pk}"}).content.decode()

    assert len(_cards(html)) == 1 and other.token not in html


def test_print_sheet_with_malformed_link_ids_is_not_found(client_for, manager, nps_survey):
    url = reverse("surveys:survey_print", args=[nps_survey.pk])

    assert client_for(manager).get(url, {"links": "1,two"}).status_code == 404


def test_print_sheet_groups_four_cards_to_a_page(
    client_for, manager, nps_survey, organization, location
):
    for i in range(5):
        services.create_link(survey=nps_survey, kind="reusable", label=f"Table {i}")

    html = client_for(manager).get(reverse("surveys:survey_print", args=[nps_survey.pk]))

    sheets = re.findall(r'<section class="qrsheet".*?</section>', html.content.decode(), re.S)
    assert [len(_cards(sheet)) for sheet in sheets] == [4, 1]


def test_an_empty_print_sheet_says_how_to_make_qr_codes(client_for, manager, nps_survey):
    html = client_for(manager).get(reverse("surveys:survey_print", args=[nps_survey.pk]))

    assert "There is no open reusable link to print yet." in html.content.decode()
