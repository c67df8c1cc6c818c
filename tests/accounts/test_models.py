import pytest
from django.contrib import auth
from django.db import IntegrityError, transaction
from django.urls import reverse

from accounts.models import ActivityLog, Province, Role, User, WorkUnit
from tests.factories import DEFAULT_PASSWORD, AgencyFactory, UserFactory, WorkUnitFactory

pytestmark = pytest.mark.django_db


def test_provinces_loaded_by_migration():
    assert Province.objects.count() == 38
    assert Province.objects.get(code="31").name == "DKI Jakarta"


def test_username_normalised_by_manager():
    work_unit = WorkUnitFactory()

    user = User.objects.create_user("  Budi ", password=DEFAULT_PASSWORD, work_unit=work_unit)

    user.refresh_from_db()
    assert user.username == "budi"


def test_username_differing_in_case_and_spaces_rejected():
    work_unit = WorkUnitFactory()
    User.objects.create_user("Budi", password=DEFAULT_PASSWORD, work_unit=work_unit)

    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create_user("budi ", password=DEFAULT_PASSWORD, work_unit=work_unit)

    assert list(User.objects.values_list("username", flat=True)) == ["budi"]


def test_username_case_variant_bypassing_manager_rejected():
    existing = UserFactory(username="budi")

    with pytest.raises(IntegrityError) as raised, transaction.atomic():
        User.objects.bulk_create([User(username="BUDI", role=Role.OPERATOR, work_unit=existing.work_unit)])

    assert "user_username_unique_ignoring_case" in str(raised.value)
    assert User.objects.count() == 1


def test_username_case_variant_by_update_rejected():
    UserFactory(username="budi")
    other = UserFactory(username="siti")

    with pytest.raises(IntegrityError) as raised, transaction.atomic():
        User.objects.filter(pk=other.pk).update(username="Budi")

    assert "user_username_unique_ignoring_case" in str(raised.value)
    other.refresh_from_db()
    assert other.username == "siti"


@pytest.mark.parametrize("username", [" andi", "andi ", "  andi  ", "\tandi", "andi\n"])
def test_username_with_surrounding_spaces_rejected(username):
    work_unit = WorkUnitFactory()

    with pytest.raises(IntegrityError) as raised, transaction.atomic():
        User.objects.bulk_create([User(username=username, role=Role.OPERATOR, work_unit=work_unit)])

    assert "user_username_has_no_surrounding_spaces" in str(raised.value)
    assert not User.objects.exists()


def test_natural_key_ignores_case_and_spaces():
    user = UserFactory(username="budi")

    assert User.objects.get_by_natural_key("  BUDI ") == user


def test_coordinator_without_agency_rejected():
    with pytest.raises(IntegrityError) as raised, transaction.atomic():
        User.objects.create_user("koordinator", password=DEFAULT_PASSWORD, role=Role.COORDINATOR)

    assert "user_coordinator_has_agency" in str(raised.value)
    assert not User.objects.exists()


def test_operator_without_work_unit_rejected():
    with pytest.raises(IntegrityError) as raised, transaction.atomic():
        User.objects.create_user("operator", password=DEFAULT_PASSWORD, role=Role.OPERATOR)

    assert "user_operator_has_work_unit" in str(raised.value)
    assert not User.objects.exists()


def test_operator_work_unit_removed_by_update_rejected():
    operator = UserFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.filter(pk=operator.pk).update(work_unit=None)

    operator.refresh_from_db()
    assert operator.work_unit_id is not None


def test_roles_created_with_their_scope():
    coordinator = UserFactory(coordinator=True)
    admin = UserFactory(admin=True)
    judge = UserFactory(judge=True)

    assert coordinator.is_coordinator
    assert coordinator.agency_id is not None
    assert admin.is_portal_admin
    assert not admin.is_operator
    assert judge.role == Role.JUDGE
    assert judge.work_unit_id is None


def test_superuser_defaults_to_admin_role():
    user = User.objects.create_superuser("Sekretariat", "sekretariat@contoh.go.id", DEFAULT_PASSWORD)

    assert user.username == "sekretariat"
    assert user.role == Role.ADMIN
    assert user.is_portal_admin


def test_user_str_prefers_full_name():
    assert str(UserFactory(username="budi", full_name="Budi Santoso")) == "Budi Santoso"
    assert str(UserFactory(username="siti", full_name="")) == "siti"


def test_work_unit_name_unique_per_agency_ignoring_case():
    agency = AgencyFactory()
    WorkUnitFactory(agency=agency, name="Dinas Kesehatan")

    with pytest.raises(IntegrityError), transaction.atomic():
        WorkUnitFactory(agency=agency, name="DINAS KESEHATAN")

    WorkUnitFactory(agency=AgencyFactory(), name="Dinas Kesehatan")
    assert WorkUnit.objects.filter(name__iexact="dinas kesehatan").count() == 2


def test_sign_in_ignores_case_and_surrounding_spaces(client):
    user = UserFactory(username="budi")

    response = client.post(
        reverse("account_login"), {"login": "  BUDI ", "password": DEFAULT_PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"] == "/ruang-kerja/"
    signed_in = auth.get_user(client)
    assert signed_in.is_authenticated
    assert signed_in.pk == user.pk


def test_sign_in_with_wrong_password_rejected(client):
    UserFactory(username="budi")

    response = client.post(reverse("account_login"), {"login": "budi", "password": "salah-sandi-123"})

    assert response.status_code == 200
    assert not auth.get_user(client).is_authenticated


def test_activity_log_shows_field_verbose_names():
    entry = ActivityLog(details={"fields": ["full_name", "email", "abbreviation", "no_such_field"]})

    assert entry.changed_field_labels() == ["full name", "email address", "abbreviation", "no_such_field"]
