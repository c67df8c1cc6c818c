"""Reading and checking work-unit import files as Excel saves them."""
import io

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.imports import workunit_file_read, workunit_import_check
from accounts.models import WorkUnit
from accounts.services import workunit_import
from tests.factories import AgencyFactory, UserFactory, WorkUnitFactory

pytestmark = pytest.mark.django_db


def upload(content, name="unit.csv"):
    return SimpleUploadedFile(name, content, content_type="text/csv")


def xlsx_bytes(rows):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def check_file(agency, content, name="unit.csv"):
    return workunit_import_check(agency=agency, table=workunit_file_read(upload(content, name)))


def test_csv_with_bom_and_semicolons_read():
    agency = AgencyFactory()
    content = "\ufeffnama;singkatan;kode\nDinas Kesehatan;Dinkes;007\n".encode("utf-8")

    check = check_file(agency, content)

    assert check.errors == []
    assert [(row.number, row.name, row.abbreviation, row.code, row.action) for row in check.rows] == [
        (2, "Dinas Kesehatan", "Dinkes", "007", "new")
    ]


def test_csv_in_windows_1252_read():
    agency = AgencyFactory()
    content = "nama,singkatan\nBadan Perencanaan – Litbang,Bappeda\n".encode("cp1252")

    check = check_file(agency, content)

    assert check.errors == []
    assert check.rows[0].name == "Badan Perencanaan – Litbang"


def test_xlsx_codes_keep_leading_zeros():
    agency = AgencyFactory()
    content = xlsx_bytes([["Nama", "Kode"], ["Kecamatan Gading Cempaka", "0012"], ["Kecamatan Ratu Agung", 13]])

    check = check_file(agency, content, name="unit.xlsx")

    assert check.errors == []
    assert [(row.name, row.code) for row in check.rows] == [
        ("Kecamatan Gading Cempaka", "0012"),
        ("Kecamatan Ratu Agung", "13"),
    ]


def test_empty_rows_skipped_with_file_row_numbers():
    agency = AgencyFactory()
    content = "nama;kode\nDinas Sosial;01\n;\n\nDinas Sosial;02\n".encode()

    check = check_file(agency, content)

    assert check.errors == [{"row": 5, "message": "The name “Dinas Sosial” repeats row 2. Each unit may appear once."}]
    assert [row.number for row in check.rows] == [2, 5]


def test_usernames_differing_by_case_or_trailing_space_rejected():
    agency = AgencyFactory()
    content = "nama;username\nDinas A;operator.dinas\nDinas B;Operator.Dinas \nDinas C;OPERATOR.DINAS\n".encode()

    check = check_file(agency, content)

    repeated = "The username “operator.dinas” repeats row 2 (upper and lower case count as the same)."
    assert check.errors == [{"row": 3, "message": repeated}, {"row": 4, "message": repeated}]


def test_username_taken_in_portal_rejected():
    agency = AgencyFactory()
    UserFactory(username="dinkes.kota")
    content = "nama;username\nDinas Kesehatan;DINKES.kota \n".encode()

    check = check_file(agency, content)

    assert check.errors == [
        {
            "row": 2,
            "message": "The username “dinkes.kota” is already taken. Choose another one or leave the cell empty.",
        }
    ]


def test_bad_rows_reported_with_reasons():
    agency = AgencyFactory()
    content = (
        "nama;singkatan;kode;username\n"
        ";Dinkes;1;\n"
        f"{'x' * 201};;2;\n"
        "Dinas Pangan;;3;bad name!\n"
        "Dinas Pertanian;;3;\n"
    ).encode()

    check = check_file(agency, content)

    assert [error["row"] for error in check.errors] == [2, 3, 4, 5]
    assert check.errors[0]["message"] == "The name is missing. Fill in the “nama” column or delete the row."
    assert check.errors[1]["message"] == "The name is longer than 200 characters. Shorten it."
    assert check.errors[2]["message"].startswith("The username “bad name!” is invalid.")
    assert check.errors[3]["message"] == "The code “3” repeats row 4. Codes must be unique."


def test_existing_units_matched_by_code_and_name():
    agency = AgencyFactory()
    by_code = WorkUnitFactory(agency=agency, name="Dinas Lama", code="0101")
    by_name = WorkUnitFactory(agency=agency, name="Dinas Kesehatan", abbreviation="Dinkes", code="")
    content = "nama;singkatan;kode\nDinas Baru Namanya;;0101\ndinas  kesehatan;Dinkes;\n".encode()

    check = check_file(agency, content)

    assert check.errors == []
    assert [(row.unit_id, row.action) for row in check.rows] == [(by_code.pk, "update"), (by_name.pk, "update")]


def test_missing_name_column_rejected():
    agency = AgencyFactory()

    with pytest.raises(ValidationError) as raised:
        check_file(agency, b"unit;kode\nDinas;1\n")

    assert raised.value.messages[0].startswith("The first row must name the columns")


def test_broken_xlsx_rejected():
    agency = AgencyFactory()

    with pytest.raises(ValidationError) as raised:
        check_file(agency, b"PK\x03\x04 not really a zip", name="unit.xlsx")

    assert raised.value.messages[0].startswith("The file could not be read as an Excel workbook")


def test_ten_thousand_rows_checked_and_saved(django_assert_max_num_queries):
    agency = AgencyFactory()
    coordinator = UserFactory(coordinator=True, agency=agency)
    lines = ["kode;nama"] + [f"{number:05d};Unit Pelaksana Teknis {number}" for number in range(10_000)]
    content = ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")

    with django_assert_max_num_queries(3):
        check = check_file(agency, content)
    assert check.errors == []
    assert check.created == 10_000

    workunit_import(actor=coordinator, agency=agency, rows=[row.as_dict() for row in check.rows])

    assert WorkUnit.objects.filter(agency=agency).count() == 10_000
    assert WorkUnit.objects.get(agency=agency, code="00042").name == "Unit Pelaksana Teknis 42"
