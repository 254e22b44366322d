"""English as our readers in Poland, Moldova and Romania read it: Django's English is
American (12/07/2026 reads as 12 July here, 3:54 p.m. is foreign on a rota), so dates are
day-month or ISO, times are on the 24-hour clock and weeks start on Monday."""

DATE_FORMAT = "j M Y"  # 7 Dec 2026
TIME_FORMAT = "H:i"  # 15:48
DATETIME_FORMAT = "j M Y, H:i"  # 7 Dec 2026, 15:48
YEAR_MONTH_FORMAT = "F Y"  # December 2026
MONTH_DAY_FORMAT = "j M"  # 7 Dec
SHORT_DATE_FORMAT = "Y-m-d"  # 2026-12-07
SHORT_DATETIME_FORMAT = "Y-m-d H:i"  # 2026-12-07 15:48
FIRST_DAY_OF_WEEK = 1  # Monday

# What a typed date may look like: ISO first, then day before month. The American
# month-first forms are left out on purpose, so 07/12/2026 can only mean 7 December.
DATE_INPUT_FORMATS = [
    "%Y-%m-%d",  # 2026-12-07
    "%d/%m/%Y",  # 07/12/2026
    "%d.%m.%Y",  # 07.12.2026
    "%d %b %Y",  # 07 Dec 2026
    "%d %B %Y",  # 07 December 2026
]
TIME_INPUT_FORMATS = [
    "%H:%M",  # 15:48
    "%H:%M:%S",  # 15:48:30
    "%H:%M:%S.%f",
]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d %H:%M:%S",  # 2026-12-07 15:48:30
    "%Y-%m-%d %H:%M:%S.%f",
    "%Y-%m-%d %H:%M",  # 2026-12-07 15:48
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",  # 07/12/2026 15:48
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y %H:%M",  # 07.12.2026 15:48
]
