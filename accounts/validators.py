"""A password validator against the words a guesser would try first on this portal."""
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

PORTAL_WORDS = ("sinovik",)
# Shorter words ("kota", "dinas" aside) are too common to reject on their own.
MIN_WORD_LENGTH = 4


def _words(text):
    return {word for word in re.findall(r"[^\W\d_]+", (text or "").lower()) if len(word) >= MIN_WORD_LENGTH}


class PortalWordsValidator:
    """Reject passwords that contain the portal's name or a word of the user's agency or work unit.

    Words are compared case-insensitively, and only words of four or more letters count.
    """

    def _forbidden_words(self, user):
        words = set(PORTAL_WORDS)
        if user is None:
            return words
        agency = getattr(user, "agency", None)
        work_unit = getattr(user, "work_unit", None)
        if work_unit is not None:
            words |= _words(work_unit.name) | _words(work_unit.abbreviation)
            agency = agency or work_unit.agency
        if agency is not None:
            words |= _words(agency.name)
        return words

    def validate(self, password, user=None):
        lowered = password.lower()
        found = sorted(word for word in self._forbidden_words(user) if word in lowered)
        if found:
            raise ValidationError(
                _(
                    "The password contains “%(word)s”, a word tied to the portal, your agency or "
                    "your work unit. Choose a password without it."
                ),
                code="password_has_portal_word",
                params={"word": found[0]},
            )

    def get_help_text(self):
        return _(
            "Your password can’t contain “SiNovik” or a word of the name of your agency or work unit."
        )
