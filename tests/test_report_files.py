"""The report files of the sample run: a tagged PDF in Swedish with its title (PDF/UA), the
same content as the HTML, and the record of each report's month and status (SPEC §8.3)."""
import json

import pytest
from pypdf import PdfReader

from conftest import DEMO_AS_OF, SAMPLE_PROJECTS

MONTH = DEMO_AS_OF[:7]


@pytest.mark.parametrize("project", SAMPLE_PROJECTS)
def test_the_pdf_is_tagged_in_swedish_with_the_reports_title(demo_reports, project):
    pdf = PdfReader(demo_reports / project / MONTH / "rapport.pdf")
    catalog = pdf.trailer["/Root"]
    assert bool(catalog["/MarkInfo"]["/Marked"]) and "/StructTreeRoot" in catalog  # tagged
    assert catalog["/Lang"] == "sv"
    assert bool(catalog["/ViewerPreferences"]["/DisplayDocTitle"])
    assert pdf.metadata.title.endswith("– lägesrapport november 2026")
    text = " ".join(" ".join(page.extract_text() for page in pdf.pages).split())
    assert "Måluppfyllelse" in text and "Bilaga: datakvalitet och definitioner" in text
    assert "Uppgifterna avser läget den 22 november 2026" in text


def test_each_report_records_its_month_and_that_it_is_a_draft_while_the_month_lasts(demo_reports):
    for project in SAMPLE_PROJECTS:
        about = json.loads((demo_reports / project / MONTH / "rapport.json").read_text(encoding="utf-8"))
        assert about == {"project": project, "month": MONTH, "as_of": DEMO_AS_OF, "draft": True,
                         "sha256": about["sha256"]}
    index = (demo_reports / "index.html").read_text(encoding="utf-8")
    assert f'href="PLUS/{MONTH}/rapport.pdf"' in index and "november 2026 (utkast)" in index


def test_survey_questions_are_shown_with_the_text_from_the_project_file(demo_reports):
    html = (demo_reports / "FIA" / MONTH / "rapport.html").read_text(encoding="utf-8")
    assert "Har du fått ett gott bemötande?" in html and "avslut:bemotande" not in html
