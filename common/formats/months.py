"""The month names of Django's date formats ("F", as in "7 December 2026" and "December
2026"), listed so that makemessages keeps our translations of them.

Django's Romanian catalogue capitalises them ("7 Decembrie 2026"), which Romanian writes in
lower case ("7 decembrie 2026"). Our catalogue is read before Django's, so its Romanian
entries fix that everywhere a date is formatted; the Polish and Russian entries repeat
Django's (standalone month names, as in a "Grudzień 2026" heading).
"""

from django.utils.translation import gettext_noop

MONTH_NAMES = [
    gettext_noop("January"),
    gettext_noop("February"),
    gettext_noop("March"),
    gettext_noop("April"),
    gettext_noop("May"),
    gettext_noop("June"),
    gettext_noop("July"),
    gettext_noop("August"),
    gettext_noop("September"),
    gettext_noop("October"),
    gettext_noop("November"),
    gettext_noop("December"),
]
