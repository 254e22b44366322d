"""Russian without the "г." after the year: our sentences end with a date ("Опубликовано
7 декабря 2026."), and Django's "7 декабря 2026 г." then ends in a double full stop. The
bare year reads as naturally."""

DATE_FORMAT = "j E Y"  # 7 декабря 2026
DATETIME_FORMAT = "j E Y, G:i"  # 7 декабря 2026, 15:54
YEAR_MONTH_FORMAT = "F Y"  # Декабрь 2026
