"""The report files of `esf demo`: a tagged PDF in Swedish with its title (PDF/UA), the same
content as the HTML, and the record of each report's month and status (SPEC §8.3). The demo
shows each sample project's final report of its last project month."""

import calendar
import datetime as dt
import json

import pytest
from pypdf import PdfReader

from esf.reports import swedish

from conftest import DEMO_MONTHS, SAMPLE_PROJECTS


def _last_day(month: str) -> dt.date:
    year, number = map(int, month.split("-"))
    return dt.date(year, number, calendar.monthrange(year, number)[1])


@pytest.mark.parametrize("project", SAMPLE_PROJECTS)
def test_the_pdf_is_tagged_in_swedish_with_the_reports_title(demo_reports, project):
    month = DEMO_MONTHS[project]
    pdf = PdfReader(demo_reports / project / month / "rapport.pdf")
    catalog = pdf.trailer["/Root"]
    assert bool(catalog["/MarkInfo"]["/Marked"]) and "/StructTreeRoot" in catalog  # tagged
    assert catalog["/Lang"] == "sv"
    assert bool(catalog["/ViewerPreferences"]["/DisplayDocTitle"])
    assert pdf.metadata.title.endswith(f"– lägesrapport {swedish.month(_last_day(month))}")
    text = " ".join(" ".join(page.extract_text() for page in pdf.pages).split())
    assert "Måluppfyllelse" in text and "Bilaga: datakvalitet och definitioner" in text
    assert f"Uppgifterna avser läget den {swedish.date(_last_day(month))}" in text


def test_each_report_records_its_month_and_that_it_is_final_once_the_month_has_ended(demo_reports):
    for project, month in DEMO_MONTHS.items():
        about = json.loads((demo_reports / project / month / "rapport.json").read_text(encoding="utf-8"))
        assert {k: about[k] for k in ("project", "month", "as_of", "draft")} == {
            "project": project,
            "month": month,
            "as_of": _last_day(month).isoformat(),
            "draft": False,
        }
        assert set(about["statuses"]) <= set(swedish.STATUS)
    index = (demo_reports / "index.html").read_text(encoding="utf-8")
    assert f'href="PLUS/{DEMO_MONTHS["PLUS"]}/rapport.pdf"' in index and "juli 2013" in index
    assert "utkast" not in index


def test_survey_questions_are_shown_with_the_text_from_the_project_file(demo_reports):
    html = (demo_reports / "FIA" / DEMO_MONTHS["FIA"] / "rapport.html").read_text(encoding="utf-8")
    assert "Har du fått ett gott bemötande?" in html and "avslut:bemotande" not in html
