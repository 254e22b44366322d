"""The one CSV/XLSX writer: Excel reads the encoding, and never runs typed formulas."""

import io
from datetime import UTC, date, datetime

from openpyxl import load_workbook

from common.files import csv_bytes, write_xlsx

ROWS = [["=1+1", "+48 600", "@sum", "-x", "plain", None, 7, date(2026, 1, 5)]]
COLUMNS = ["a", "b", "c", "d", "e", "f", "g", "h"]


def test_csv_starts_with_the_bom_and_defuses_formulas():
    text = csv_bytes(COLUMNS, ROWS).decode("utf-8")
    assert text.startswith("\ufeffa,b,")
    assert text.splitlines()[1] == "'=1+1,'+48 600,'@sum,'-x,plain,,7,2026-01-05"


def test_csv_writes_times_to_the_second():
    text = csv_bytes(["when"], [[datetime(2026, 1, 5, 9, 30, 15, 123, tzinfo=UTC)]])
    assert text.decode("utf-8").splitlines()[1] == "2026-01-05T09:30:15+00:00"


def test_xlsx_keeps_formula_like_text_as_text():
    buffer = io.BytesIO()
    write_xlsx(buffer, sheet_name="x" * 40, columns=COLUMNS, rows=ROWS)
    sheet = load_workbook(io.BytesIO(buffer.getvalue())).active
    assert sheet.title == "x" * 31
    first = sheet[2][0]
    assert first.value == "=1+1"
    assert first.data_type == "s"
    assert sheet[2][7].number_format == "yyyy-mm-dd"
