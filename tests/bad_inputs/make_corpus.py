"""Write the bad-input corpus: files/ and manifest.json. Run by hand after changing a case:

    .venv/bin/python tests/bad_inputs/make_corpus.py

Each case is what a ward team might really upload, type or pass on the command line. The manifest
says, for each way in (``upload``: the explorer's file reader and column mapping, then ``spc``;
``cli``: ``qikit spc``), whether the input should be read (``ok``, with what must be read) or
refused (``error``, with words the message must contain).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).resolve().parent
FILES = HERE / "files"

WEEKS = [dt.date(2024, 4, 1) + dt.timedelta(weeks=k) for k in range(20)]
VALUES = [12, 9, 14, 11, 10, 13, 8, 12, 15, 9, 11, 10, 12, 14, 9, 13, 11, 10, 12, 9]
DAYS = [300 + 5 * (k % 4) for k in range(20)]


def rows(dates=None, values=None, days=None):
    dates = dates or [d.isoformat() for d in WEEKS]
    values = values or [str(v) for v in VALUES]
    days = days or [str(d) for d in DAYS]
    return list(zip(dates, values, days, strict=True))


def csv_text(table, header=("week", "incidents", "bed_days"), sep=","):
    lines = [sep.join(header)] + [sep.join(row) for row in table]
    return "\n".join(lines) + "\n"


def with_value(k: int, value: str, column: int = 1):
    table = [list(r) for r in rows()]
    table[k][column] = value
    return [tuple(r) for r in table]


UTF8 = "utf-8"
CASES: list[dict] = []


def case(id, description, content, *, name=None, upload=None, cli=None, mapping=None, args=None):
    """Add a case. ``content`` is text (written as UTF-8), bytes, or a Workbook."""
    name = name or f"{id}.csv"
    path = FILES / name
    if isinstance(content, Workbook):
        content.save(path)
    elif isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding=UTF8, newline="")
    entry = {
        "id": id,
        "file": name,
        "description": description,
        "mapping": mapping or {"x": "week", "y": "incidents", "n": "bed_days"},
        "cli_args": args or ["--x", "week", "--y", "incidents", "--n", "bed_days", "--chart", "u"],
    }
    if upload is not None:
        entry["upload"] = upload
    if cli is not None:
        entry["cli"] = cli
    CASES.append(entry)


def ok(rows, first_y=None, first_x=None):
    out = {"outcome": "ok", "rows": rows}
    if first_y is not None:
        out["first_y"] = first_y
    if first_x is not None:
        out["first_x"] = first_x
    return out


def error(*words):
    return {"outcome": "error", "contains": list(words)}


def workbook(table, header=("week", "incidents", "bed_days"), title=None):
    book = Workbook()
    sheet = book.active
    if title:
        sheet.append([title])
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    sheet.append(list(header))
    for row in table:
        sheet.append(list(row))
    return book


def build() -> None:
    FILES.mkdir(exist_ok=True)
    for old in FILES.iterdir():
        old.unlink()
    good = rows()
    real = [(d, v, n) for d, v, n in zip(WEEKS, VALUES, DAYS, strict=True)]

    # ----- empty and nearly empty --------------------------------------------------------
    case("empty", "a 0-byte file", "", upload=error("empty"), cli=error("could not be read"))
    case(
        "blank_lines",
        "only blank lines",
        "\n \n\n",
        upload=error("blank space"),
        cli=error("could not be read"),
    )
    case(
        "header_only",
        "column headings, no rows",
        csv_text([]),
        upload=error("no rows"),
        cli=error("no"),
    )
    case(
        "one_row",
        "a single week",
        csv_text(good[:1]),
        upload=error("only 1 number"),
        cli=ok(1),
    )
    case(
        "all_values_blank",
        "the value column is empty",
        csv_text([(d, "", n) for d, _, n in good]),
        upload=error("has no numbers"),
        cli=error("incidents"),
    )
    case(
        "wrong_column_name",
        "the value column is called 'count'",
        csv_text(good, header=("week", "count", "bed_days")),
        upload=error("'incidents' is not in the file", "count"),
        cli=error("'incidents'"),
    )

    # ----- encodings and separators ------------------------------------------------------
    text = (
        csv_text(good, header=("week", "incidents", "bed_days", "ward"))
        .replace("\n", ",Pen-y-Bryn Café\n")
        .replace("bed_days,Pen-y-Bryn Café", "bed_days,ward", 1)
    )
    case(
        "latin1",
        "saved by old Excel as Windows-1252 (é in a ward name)",
        text.encode("cp1252"),
        upload=ok(20, 12),
        cli=ok(20),
    )
    case(
        "utf16",
        "saved by Excel as 'Unicode text' (UTF-16 with BOM)",
        csv_text(good).encode("utf-16"),
        upload=ok(20, 12),
        cli=ok(20),
    )
    case(
        "utf8_bom",
        "UTF-8 with a byte-order mark",
        b"\xef\xbb\xbf" + csv_text(good).encode(),
        upload=ok(20, 12),
        cli=ok(20),
    )
    case(
        "semicolons",
        "semicolon-separated (European Excel)",
        csv_text(good, sep=";"),
        upload=ok(20, 12),
        cli=ok(20),
    )
    case(
        "tabs",
        "tab-separated text",
        csv_text(good, sep="\t"),
        name="tabs.txt",
        upload=ok(20, 12),
        cli=ok(20),
    )
    decimal = [(d.replace("-", "/"), f"{v},5", n) for d, v, n in good]
    case(
        "decimal_commas",
        "semicolons with decimal commas (12,5 means twelve and a half)",
        csv_text(decimal, sep=";"),
        upload=ok(20, 12.5),
        cli=ok(20),
    )
    case(
        "ragged_rows",
        "some rows have an extra cell",
        csv_text(good).replace("2024-04-15,14,310", "2024-04-15,14,310,oops"),
        upload=error("could not be read"),
        cli=error("could not be read"),
    )
    case(
        "spaces_in_headings",
        "headings with spaces around them",
        csv_text(good, header=(" week ", "incidents ", " bed_days")),
        upload=ok(20, 12),
        cli=error("'incidents '"),
    )

    # ----- Excel ----------------------------------------------------------------------------
    case(
        "excel_good",
        "a tidy Excel sheet with real dates",
        workbook(real),
        name="excel_good.xlsx",
        upload=ok(20, 12, "2024-04-01"),
        cli=ok(20),
    )
    case(
        "excel_merged_title",
        "a merged title row above the headings",
        workbook(real, title="Oak ward: violence 2024"),
        name="excel_merged_title.xlsx",
        upload=error("'week' is not in the file"),
        cli=error("'incidents'"),
    )
    two_headers = "Oak ward violence,,\n" + csv_text(good)
    case(
        "csv_title_row",
        "a title row above the headings, saved as CSV",
        two_headers,
        upload=error("'week' is not in the file"),
        cli=error("'incidents'"),
    )
    case(
        "excel_numbers_as_text",
        "numbers stored as text in Excel",
        workbook([(d.isoformat(), str(v), str(n)) for d, v, n in real]),
        name="excel_numbers_as_text.xlsx",
        upload=ok(20, 12),
        cli=ok(20),
    )
    formulas = workbook(real)
    for r in range(2, 22):
        formulas.active[f"B{r}"] = f"=C{r}/25"
    case(
        "excel_formulas",
        "formulas with no saved results (made by a program, not Excel)",
        formulas,
        name="excel_formulas.xlsx",
        upload=error("incidents"),
        cli=error("incidents"),
    )
    empty_first = Workbook()
    empty_first.active.title = "Notes"
    data = empty_first.create_sheet("Data")
    data.append(["week", "incidents", "bed_days"])
    for row in real:
        data.append(list(row))
    case(
        "excel_empty_first_sheet",
        "the data is on the second sheet",
        empty_first,
        name="excel_empty_first_sheet.xlsx",
        upload=error("no rows"),
        cli=error("empty"),
    )
    case(
        "not_excel",
        "random bytes named .xlsx",
        bytes(range(256)) * 4,
        name="not_excel.xlsx",
        upload=error("could not be opened as an Excel"),
        cli=error("could not be read"),
    )
    case(
        "old_excel",
        "an old .xls workbook",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500),
        name="old_excel.xls",
        upload=error("Save As"),
        cli=error("xlsx"),
    )
    case(
        "pdf",
        "a PDF report",
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n",
        name="report.pdf",
        upload=error("not a CSV or Excel"),
        cli=error("could not be read"),
    )

    # ----- text in numbers ------------------------------------------------------------------
    case(
        "text_in_numbers",
        "'twelve' typed in a number column",
        csv_text(with_value(3, "twelve")),
        upload=error("should hold numbers", "row(s) 5"),
        cli=error("incidents"),
    )
    case(
        "na_markers",
        "N/A typed for a missing week",
        csv_text(with_value(2, "N/A")),
        upload=ok(19, 12),
        cli=ok(19),
    )
    case(
        "dash_for_missing",
        "a dash for a missing week",
        csv_text(with_value(2, "-")),
        upload=error("should hold numbers"),
        cli=error("incidents"),
    )
    case(
        "thousands_separators",
        "bed days written 1,234",
        csv_text([(d, v, f'"1,{n}"') for d, v, n in good]),
        upload=ok(20, 12),
        cli=ok(20),
    )
    case(
        "percent_signs",
        "values written with % signs",
        csv_text([(d, f"{v}%", n) for d, v, n in good]),
        upload=ok(20, 12),
        cli=ok(20),
    )
    case(
        "formula_text",
        "formulas saved as text in a CSV (=SUM, +, @)",
        csv_text(with_value(1, "=SUM(B2:B4)")),
        upload=error("should hold numbers", "=SUM"),
        cli=error("incidents"),
    )
    case(
        "formula_plus",
        "a cell starting with +",
        csv_text(with_value(4, "+cmd|' /C calc'!A0")),
        upload=error("should hold numbers"),
        cli=error("incidents"),
    )
    case(
        "formula_at",
        "a cell starting with @",
        csv_text(with_value(5, "@SUM(1+1)")),
        upload=error("should hold numbers"),
        cli=error("incidents"),
    )

    # ----- dates ------------------------------------------------------------------------------
    uk = [d.strftime("%d/%m/%Y") for d in WEEKS]
    case(
        "dates_uk",
        "dates written 01/04/2024 (day first)",
        csv_text(rows(dates=uk)),
        upload=ok(20, 12, "2024-04-01"),
        cli=ok(20, first_x="2024-04-01"),
    )
    words = [d.strftime("%d-%b-%Y") for d in WEEKS]
    case(
        "dates_words",
        "dates written 01-Apr-2024",
        csv_text(rows(dates=words)),
        upload=ok(20, 12, "2024-04-01"),
        cli=ok(20, first_x="2024-04-01"),
    )
    iso = [d.isoformat() for d in WEEKS]
    case(
        "dates_iso",
        "dates written 2024-04-01",
        csv_text(rows(dates=iso)),
        upload=ok(20, 12, "2024-04-01"),
        cli=ok(20, first_x="2024-04-01"),
    )
    mixed = [uk[k] if k % 3 == 0 else words[k] if k % 3 == 1 else iso[k] for k in range(20)]
    case(
        "dates_mixed",
        "the three date styles mixed in one column",
        csv_text(rows(dates=mixed)),
        upload=ok(20, 12, "2024-04-01"),
        cli=ok(20, first_x="2024-04-01"),
    )
    case(
        "impossible_date",
        "31/02/2024 in the date column",
        csv_text(rows(dates=uk[:4] + ["31/02/2024"] + uk[5:])),
        upload=error("should hold dates", "31/02/2024"),
        cli=error("week"),
    )
    case(
        "total_row",
        "a 'Total' row at the bottom",
        csv_text(good + [("Total", str(sum(VALUES)), str(sum(DAYS)))]),
        upload=error("should hold dates", "Total"),
        cli=error("week"),
    )
    case(
        "duplicate_weeks",
        "the same week twice",
        csv_text(good[:6] + good[5:]),
        upload=error("repeats 2024-05-06"),
        cli=error("2024-05-06"),
    )

    # ----- impossible numbers -----------------------------------------------------------------
    case(
        "negative_counts",
        "a negative count of incidents",
        csv_text(with_value(6, "-3")),
        upload=error("negative"),
        cli=error("negative"),
    )
    case(
        "huge_values",
        "a value of 1e308",
        csv_text(with_value(6, "1e308")),
        upload=error("incidents"),
        cli=error("incidents"),
    )
    case(
        "infinite",
        "'inf' typed as a value",
        csv_text(with_value(6, "inf")),
        upload=error("incidents"),
        cli=error("incidents"),
    )
    case(
        "numerator_over_denominator",
        "more patients with the care than patients (p chart)",
        csv_text(with_value(7, "400")),
        args=["--x", "week", "--y", "incidents", "--n", "bed_days", "--chart", "p"],
        upload=error("more than"),
        cli=error("more than"),
    )
    case(
        "zero_denominator",
        "a week with 0 bed days",
        csv_text(with_value(2, "0", column=2)),
        upload=error("zero or negative"),
        cli=error("bed_days"),
    )
    case(
        "negative_denominator",
        "a negative denominator",
        csv_text(with_value(2, "-300", 2)),
        upload=error("zero or negative"),
        cli=error("bed_days"),
    )

    # ----- patient-identifiable data -------------------------------------------------------------
    nhs = ["9434765919", "4010232137", "943 476 5870"]
    people = "\n".join(
        f"{WEEKS[k].isoformat()},{VALUES[k]},{DAYS[k]},{nhs[k % 3]}" for k in range(20)
    )
    case(
        "nhs_numbers",
        "a column of valid NHS numbers",
        "week,incidents,bed_days,nhs_number\n" + people + "\n",
        upload=error("NHS number", "aggregate or synthetic"),
        cli=error("NHS number"),
    )
    names = "\n".join(
        f"{WEEKS[k].isoformat()},{VALUES[k]},{DAYS[k]},John Smith born 12/03/1985"
        for k in range(20)
    )
    case(
        "names_and_birth_dates",
        "a name and date of birth in a notes column",
        "week,incidents,bed_days,notes\n" + names + "\n",
        upload=error("aggregate or synthetic"),
        cli=error("aggregate or synthetic"),
    )


def main() -> None:
    build()
    # Made at test time rather than stored: 100,000 rows, and a file over the 10 MB limit.
    generated = [
        {
            "id": "rows_100k",
            "file": "rows_100k.csv",
            "generate": "rows",
            "count": 100_000,
            "description": "100,000 weeks of data",
            "mapping": {"x": "week", "y": "incidents"},
            "cli_args": ["--x", "week", "--y", "incidents", "--chart", "i"],
            "upload": ok(100_000),
            "spc": False,
        },
        {
            "id": "over_10_mb",
            "file": "over_10_mb.csv",
            "generate": "bytes",
            "count": 11_000_000,
            "description": "a file larger than the 10 MB upload limit",
            "mapping": {"x": "week", "y": "incidents"},
            "cli_args": ["--y", "incidents"],
            "upload": error("largest file"),
        },
    ]
    manifest = {"cases": CASES + generated}
    (HERE / "manifest.json").write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n")
    print(f"{len(CASES) + len(generated)} file cases written to {FILES}")


if __name__ == "__main__":
    main()
