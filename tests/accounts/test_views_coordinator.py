"""A coordinator's pages: work units, import, issuing accounts, slips, and their scope."""
import csv
import io

import pytest
from django.contrib import auth
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from accounts.models import ActivityAction, ActivityLog, AgencyKind, Role, User, WorkUnit
from innovations.models import Innovation
from tests.factories import DEFAULT_PASSWORD, AgencyFactory, InnovationFactory, UserFactory, WorkUnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def agency():
    return AgencyFactory(name="Pemerintah Kota Bengkulu")


@pytest.fixture
def coordinator(agency):
    return UserFactory(coordinator=True, agency=agency, username="koordinator.bengkulu")


@pytest.fixture
def coordinator_client(login, coordinator):
    return login(coordinator)


def issue_and_finish(client, url, data):
    """Post an issue form, run the batch to the end without JavaScript, and return the slips URL."""
    response = client.post(url, data)
    progress_url = response["Location"]
    assert progress_url.startswith("/ruang-kerja/akun/batch/")
    batch_id = progress_url.rstrip("/").rsplit("/", 1)[1]
    process_url = reverse("accounts:batch_process", kwargs={"batch_id": batch_id})
    slips_url = reverse("accounts:batch_slips", kwargs={"batch_id": batch_id})
    for _ in range(100):
        response = client.post(process_url)
        if response["Location"] == slips_url:
            return batch_id, slips_url
    raise AssertionError("The batch did not finish.")


def test_unit_list_shows_only_own_agency(coordinator_client, agency):
    WorkUnitFactory(agency=agency, name="Dinas Kesehatan")
    WorkUnitFactory(name="Dinas Kesehatan Kabupaten Lain")

    response = coordinator_client.get(reverse("accounts:unit_list"))

    assert [unit.name for unit in response.context["units"]] == ["Dinas Kesehatan"]
    assert "Dinas Kesehatan Kabupaten Lain" not in response.content.decode()


@pytest.mark.parametrize("count", [1, 5])
def test_unit_list_query_count(coordinator_client, agency, count, django_assert_max_num_queries):
    for number in range(count):
        unit = WorkUnitFactory(agency=agency)
        UserFactory(work_unit=unit)

    with django_assert_max_num_queries(8):
        response = coordinator_client.get(reverse("accounts:unit_list"))

    assert len(response.context["units"]) == count
    assert [unit.operator_count for unit in response.context["units"]] == [1] * count


def test_unit_create_and_edit_logged(coordinator_client, coordinator, agency):
    response = coordinator_client.post(
        reverse("accounts:unit_create"), {"name": " Dinas  Pariwisata ", "abbreviation": "Dispar", "code": "007"}
    )

    unit = WorkUnit.objects.get(agency=agency)
    assert response["Location"] == reverse("accounts:unit_edit", kwargs={"pk": unit.pk})
    assert (unit.name, unit.abbreviation, unit.code) == ("Dinas Pariwisata", "Dispar", "007")

    coordinator_client.post(
        reverse("accounts:unit_edit", kwargs={"pk": unit.pk}),
        {"name": "Dinas Pariwisata", "abbreviation": "Dispar", "code": "0070"},
    )

    unit.refresh_from_db()
    assert unit.code == "0070"
    assert list(ActivityLog.objects.order_by("id").values_list("action", "actor", "work_unit", "details")) == [
        (ActivityAction.WORK_UNIT_CREATED, coordinator.pk, unit.pk, {}),
        (ActivityAction.WORK_UNIT_CHANGED, coordinator.pk, unit.pk, {"fields": ["code"]}),
    ]


def test_unit_duplicate_code_rejected_with_field_message(coordinator_client, agency):
    WorkUnitFactory(agency=agency, code="01")

    response = coordinator_client.post(reverse("accounts:unit_create"), {"name": "Dinas Baru", "code": "01"})

    assert response.status_code == 200
    assert response.context["form"].errors["code"] == [
        "The agency already has a work unit with the code “01”. Choose another code."
    ]
    assert WorkUnit.objects.filter(agency=agency).count() == 1


def test_unit_deactivate_keeps_entries_and_closes_accounts(coordinator_client, agency):
    unit = WorkUnitFactory(agency=agency)
    operator = UserFactory(work_unit=unit)
    innovation = InnovationFactory(work_unit=unit)

    coordinator_client.post(reverse("accounts:unit_deactivate", kwargs={"pk": unit.pk}))

    unit.refresh_from_db()
    operator.refresh_from_db()
    assert not unit.is_active
    assert not operator.is_active
    assert Innovation.objects.get(pk=innovation.pk).work_unit == unit


def test_other_agency_pages_not_found(coordinator_client, agency):
    other_unit = WorkUnitFactory(name="Dinas di Kota Lain")
    other_operator = UserFactory(work_unit=other_unit)
    other_coordinator = UserFactory(coordinator=True, agency=other_unit.agency)
    urls = [
        ("get", reverse("accounts:unit_edit", kwargs={"pk": other_unit.pk})),
        ("post", reverse("accounts:unit_edit", kwargs={"pk": other_unit.pk})),
        ("post", reverse("accounts:unit_deactivate", kwargs={"pk": other_unit.pk})),
        ("post", reverse("accounts:unit_reactivate", kwargs={"pk": other_unit.pk})),
        ("post", reverse("accounts:account_reissue", kwargs={"pk": other_operator.pk})),
        ("post", reverse("accounts:account_deactivate", kwargs={"pk": other_operator.pk})),
        ("post", reverse("accounts:account_reissue", kwargs={"pk": other_coordinator.pk})),
    ]

    for method, url in urls:
        response = getattr(coordinator_client, method)(url)
        assert response.status_code == 404, url

    other_operator.refresh_from_db()
    other_unit.refresh_from_db()
    assert other_operator.is_active and other_unit.is_active
    assert not ActivityLog.objects.exists()


def test_other_users_batch_slips_and_csv_not_found(coordinator_client, agency, login):
    unit = WorkUnitFactory(agency=agency)
    batch_id, slips_url = issue_and_finish(
        coordinator_client, reverse("accounts:operator_issue"), {"units": [unit.pk], "count": 1}
    )
    other = login(UserFactory(coordinator=True))
    urls = [
        reverse("accounts:batch_progress", kwargs={"batch_id": batch_id}),
        slips_url,
        reverse("accounts:batch_csv", kwargs={"batch_id": batch_id}),
    ]

    for url in urls:
        assert other.get(url).status_code == 404, url
    assert other.post(reverse("accounts:batch_process", kwargs={"batch_id": batch_id})).status_code == 404
    assert other.post(reverse("accounts:batch_close", kwargs={"batch_id": batch_id})).status_code == 404
    assert coordinator_client.get(slips_url).status_code == 200


def test_issue_for_units_of_other_agency_rejected(coordinator_client):
    other_unit = WorkUnitFactory()

    response = coordinator_client.post(reverse("accounts:operator_issue"), {"units": [other_unit.pk], "count": 1})

    assert response["Location"] == reverse("accounts:unit_list")
    assert not User.objects.filter(work_unit=other_unit).exists()


def test_operator_accounts_issued_with_slips_and_csv(coordinator_client, coordinator, agency):
    health = WorkUnitFactory(agency=agency, name="Dinas Kesehatan", abbreviation="Dinkes")
    roads = WorkUnitFactory(agency=agency, name="Dinas Pekerjaan Umum dan Penataan Ruang", abbreviation="")

    batch_id, slips_url = issue_and_finish(
        coordinator_client, reverse("accounts:operator_issue"), {"units": [health.pk, roads.pk], "count": 2}
    )

    operators = list(User.objects.filter(role=Role.OPERATOR).order_by("username"))
    assert [(user.username, user.work_unit_id) for user in operators] == [
        ("dinas-pekerjaan-umum-dan-penataan-ruang.kota-bengkulu", roads.pk),
        ("dinas-pekerjaan-umum-dan-penataan-ruang.kota-bengkulu.2", roads.pk),
        ("dinkes.kota-bengkulu", health.pk),
        ("dinkes.kota-bengkulu.2", health.pk),
    ]
    assert all(user.must_change_password and user.has_usable_password() for user in operators)

    page = coordinator_client.get(slips_url).content.decode()
    download = coordinator_client.get(reverse("accounts:batch_csv", kwargs={"batch_id": batch_id}))
    text = download.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert rows[0] == ["instansi", "unit_kerja", "peran", "username", "password", "alamat_portal"]
    assert len(rows) == 5
    for row in rows[1:]:
        user = User.objects.get(username=row[3])
        assert user.check_password(row[4])
        assert row[4] in page
        assert row[0] == "Pemerintah Kota Bengkulu"
    assert ActivityLog.objects.filter(action=ActivityAction.ACCOUNT_ISSUED, actor=coordinator).count() == 4
    for entry in ActivityLog.objects.all():
        for row in rows[1:]:
            assert row[4] not in str(entry.details)


def test_closed_batch_passwords_gone(coordinator_client, agency):
    unit = WorkUnitFactory(agency=agency)
    batch_id, slips_url = issue_and_finish(
        coordinator_client, reverse("accounts:operator_issue"), {"units": [unit.pk], "count": 1}
    )

    response = coordinator_client.post(reverse("accounts:batch_close", kwargs={"batch_id": batch_id}))

    assert response["Location"] == reverse("accounts:unit_list")
    assert coordinator_client.get(slips_url).status_code == 404
    assert coordinator_client.get(reverse("accounts:batch_csv", kwargs={"batch_id": batch_id})).status_code == 404


def test_batch_of_three_hundred_issued_in_short_requests(coordinator_client, agency, settings):
    settings.SINOVIK_ISSUE_CHUNK_SIZE = 20
    units = [WorkUnitFactory(agency=agency) for _ in range(100)]

    response = coordinator_client.post(
        reverse("accounts:operator_issue"), {"units": [unit.pk for unit in units], "count": 3}
    )
    batch_id = response["Location"].rstrip("/").rsplit("/", 1)[1]
    process_url = reverse("accounts:batch_process", kwargs={"batch_id": batch_id})
    progress = []
    while True:
        data = coordinator_client.post(process_url, HTTP_ACCEPT="application/json").json()
        progress.append(data["done"])
        if data["finished"]:
            break

    assert progress == list(range(20, 301, 20))
    assert User.objects.filter(role=Role.OPERATOR, work_unit__agency=agency).count() == 300
    assert data["slips_url"] == reverse("accounts:batch_slips", kwargs={"batch_id": batch_id})


def test_reissue_gives_new_password_and_ends_sessions(coordinator_client, agency):
    unit = WorkUnitFactory(agency=agency)
    operator = UserFactory(work_unit=unit)
    operator_client = Client()
    assert operator_client.login(username=operator.username, password=DEFAULT_PASSWORD)
    assert operator_client.get(reverse("workspace:dashboard")).status_code == 200

    batch_id, slips_url = issue_and_finish(
        coordinator_client, reverse("accounts:account_reissue", kwargs={"pk": operator.pk}), {}
    )

    operator.refresh_from_db()
    assert not operator.check_password(DEFAULT_PASSWORD)
    assert operator.must_change_password
    response = operator_client.get(reverse("workspace:dashboard"))
    assert response["Location"] == "/akun/login/?next=/ruang-kerja/"
    assert not auth.get_user(operator_client).is_authenticated
    assert ActivityLog.objects.filter(action=ActivityAction.ACCOUNT_REISSUED, target_user=operator).count() == 1


def test_import_preview_saves_nothing_then_confirm_saves(coordinator_client, coordinator, agency):
    content = "\ufeffnama;singkatan;kode;username\nDinas Kesehatan;Dinkes;001;\nDinas Sosial;Dinsos;002;dinsos.bkl\n"
    upload = SimpleUploadedFile("unit.csv", content.encode("utf-8"), content_type="text/csv")

    response = coordinator_client.post(reverse("accounts:unit_import"), {"file": upload})

    assert response.status_code == 200
    assert not WorkUnit.objects.filter(agency=agency).exists()
    token = response.context["token"]
    assert "Saving will add 2 work units, change 0 and leave 0 as they are." in " ".join(
        response.content.decode().split()
    )

    response = coordinator_client.post(reverse("accounts:unit_import_confirm", kwargs={"token": token}))

    assert list(WorkUnit.objects.filter(agency=agency).order_by("code").values_list("name", "code")) == [
        ("Dinas Kesehatan", "001"),
        ("Dinas Sosial", "002"),
    ]
    assert response["Location"].startswith("/ruang-kerja/akun/batch/")
    batch_id = response["Location"].rstrip("/").rsplit("/", 1)[1]
    coordinator_client.post(reverse("accounts:batch_process", kwargs={"batch_id": batch_id}))
    assert User.objects.get(username="dinsos.bkl").work_unit.name == "Dinas Sosial"


def test_import_with_errors_saves_nothing(coordinator_client, agency):
    content = "nama;kode\nDinas Kesehatan;001\n;002\nDinas Sosial;001\n"
    upload = SimpleUploadedFile("unit.csv", content.encode("cp1252"), content_type="text/csv")

    response = coordinator_client.post(reverse("accounts:unit_import"), {"file": upload})

    html = " ".join(response.content.decode().split())
    assert "The file has 2 errors. Nothing was saved." in html
    assert "Row 3: The name is missing. Fill in the “nama” column or delete the row." in html
    assert "Row 4: The code “001” repeats row 2. Codes must be unique." in html
    assert response.context["token"] is None
    assert not WorkUnit.objects.filter(agency=agency).exists()


def test_import_confirm_of_other_user_not_found(coordinator_client, agency, login):
    upload = SimpleUploadedFile("unit.csv", b"nama\nDinas Kesehatan\n", content_type="text/csv")
    token = coordinator_client.post(reverse("accounts:unit_import"), {"file": upload}).context["token"]
    other = login(UserFactory(coordinator=True))

    response = other.post(reverse("accounts:unit_import_confirm", kwargs={"token": token}))

    assert response.status_code == 404
    assert not WorkUnit.objects.exists()


def test_coordinator_manages_bumd_of_own_region(coordinator_client, agency):
    bumd = AgencyFactory(name="PDAM Tirta Dharma Kota Bengkulu", kind=AgencyKind.REGIONAL_COMPANY, parent=agency)
    unit = WorkUnitFactory(agency=bumd, name="Bagian Pelayanan Pelanggan")
    other_bumd = AgencyFactory(kind=AgencyKind.REGIONAL_COMPANY)
    other_unit = WorkUnitFactory(agency=other_bumd)

    response = coordinator_client.get(reverse("accounts:unit_list"))

    assert [u.name for u in response.context["units"]] == ["Bagian Pelayanan Pelanggan"]
    assert coordinator_client.get(reverse("accounts:unit_edit", kwargs={"pk": unit.pk})).status_code == 200
    assert coordinator_client.get(reverse("accounts:unit_edit", kwargs={"pk": other_unit.pk})).status_code == 404


def test_operator_and_judge_denied(login):
    for user in (UserFactory(), UserFactory(judge=True)):
        response = login(user).get(reverse("accounts:unit_list"))
        assert response.status_code == 403


def test_activity_log_scoped_to_agency(coordinator_client, coordinator, agency, login):
    own = WorkUnitFactory(agency=agency, name="Dinas Milik Sendiri")
    other = WorkUnitFactory(name="Dinas Tetangga")
    admin = UserFactory(admin=True)
    from accounts import services

    services.workunit_deactivate(actor=coordinator, work_unit=own)
    services.workunit_deactivate(actor=admin, work_unit=other)

    entries = coordinator_client.get(reverse("accounts:activity_list")).context["entries"]
    assert [(entry.work_unit.name, entry.action) for entry in entries] == [
        ("Dinas Milik Sendiri", ActivityAction.WORK_UNIT_DEACTIVATED)
    ]
    admin_entries = login(admin).get(reverse("accounts:activity_list")).context["entries"]
    assert len(admin_entries) == 2


@pytest.mark.parametrize("count", [1, 6])
def test_activity_list_query_count(coordinator_client, coordinator, agency, count, django_assert_max_num_queries):
    from accounts import services

    for _ in range(count):
        services.workunit_deactivate(actor=coordinator, work_unit=WorkUnitFactory(agency=agency))

    with django_assert_max_num_queries(7):
        response = coordinator_client.get(reverse("accounts:activity_list"))

    assert len(response.context["entries"]) == count


@pytest.mark.parametrize("count", [1, 4])
def test_unit_edit_operator_list_query_count(coordinator_client, agency, count, django_assert_max_num_queries):
    unit = WorkUnitFactory(agency=agency)
    for _ in range(count):
        UserFactory(work_unit=unit)

    with django_assert_max_num_queries(7):
        response = coordinator_client.get(reverse("accounts:unit_edit", kwargs={"pk": unit.pk}))

    assert len(response.context["operators"]) == count


def test_import_xlsx_of_ten_thousand_rows_through_pages(coordinator_client, agency):
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Kode", "Nama", "Singkatan"])
    for number in range(10_000):
        sheet.append([f"{number:05d}", f"Unit Pelaksana Teknis {number}", ""])
    content = io.BytesIO()
    workbook.save(content)
    upload = SimpleUploadedFile("unit.xlsx", content.getvalue(), content_type="application/octet-stream")

    preview = coordinator_client.post(reverse("accounts:unit_import"), {"file": upload})

    assert preview.context["check"].created == 10_000
    assert len(preview.context["preview_rows"]) == 200
    assert "And 9800 more rows." in preview.content.decode()
    assert not WorkUnit.objects.filter(agency=agency).exists()

    coordinator_client.post(reverse("accounts:unit_import_confirm", kwargs={"token": preview.context["token"]}))

    assert WorkUnit.objects.filter(agency=agency).count() == 10_000
    assert WorkUnit.objects.get(agency=agency, code="00007").name == "Unit Pelaksana Teknis 7"
    entry = ActivityLog.objects.get(action=ActivityAction.WORK_UNITS_IMPORTED)
    assert entry.details == {"created": 10_000, "updated": 0, "rows": 10_000}
