"""Generated passwords and the portal-words validator."""
import math

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from accounts.passwords import PASSWORD_ALPHABET, PASSWORD_GROUP_LENGTH, PASSWORD_GROUPS, password_generate
from accounts.validators import PortalWordsValidator
from tests.factories import AgencyFactory, UserFactory, WorkUnitFactory

pytestmark = pytest.mark.django_db


def test_generated_password_strong_and_readable():
    password = password_generate()

    groups = password.split("-")
    assert len(groups) == PASSWORD_GROUPS
    assert all(len(group) == PASSWORD_GROUP_LENGTH for group in groups)
    assert set(password) - {"-"} <= set(PASSWORD_ALPHABET)
    assert not set("01ilo") & set(PASSWORD_ALPHABET)
    assert PASSWORD_GROUPS * PASSWORD_GROUP_LENGTH * math.log2(len(PASSWORD_ALPHABET)) >= 64


def test_generated_password_passes_validators():
    user = UserFactory()

    for _ in range(50):
        validate_password(password_generate(), user)


@pytest.mark.parametrize(
    "password, word",
    [
        ("SiNovik-rahasia-99", "sinovik"),
        ("bengkulu-indah-2026", "bengkulu"),
        ("DINKES-indah-2026", "dinkes"),
        ("KESEHATANku2026", "kesehatan"),
    ],
)
def test_portal_words_rejected(password, word):
    unit = WorkUnitFactory(
        agency=AgencyFactory(name="Pemerintah Kota Bengkulu"), name="Dinas Kesehatan", abbreviation="Dinkes"
    )
    user = UserFactory(work_unit=unit)

    with pytest.raises(ValidationError) as raised:
        PortalWordsValidator().validate(password, user)

    assert raised.value.params == {"word": word}


def test_short_words_and_long_passphrase_allowed():
    unit = WorkUnitFactory(agency=AgencyFactory(name="Pemerintah Kabupaten Aru"), name="Unit Pos", abbreviation="UP")
    user = UserFactory(work_unit=unit)
    # "aru", "pos" and "up" are shorter than four letters, so they may appear.
    passphrase = "pos di aru ramah setiap pagi dan sore " * 4

    PortalWordsValidator().validate(passphrase, user)
    validate_password(passphrase, user)


def test_short_password_rejected():
    with pytest.raises(ValidationError) as raised:
        validate_password("pendek7", UserFactory())

    assert "This password is too short. It must contain at least 8 characters." in raised.value.messages
