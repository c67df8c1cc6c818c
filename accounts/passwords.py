"""Generated passwords for issued accounts: readable on paper, strong enough to type once."""
import secrets

# Lower-case letters and digits without 0/o and 1/i/l, which are easy to
# misread on a printed slip. 16 characters from 31 symbols give about 79 bits.
PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
PASSWORD_GROUPS = 4
PASSWORD_GROUP_LENGTH = 4


def password_generate():
    """Return a random password of four groups of four characters, such as "k7wq-2mzd-…"."""
    groups = (
        "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(PASSWORD_GROUP_LENGTH))
        for _ in range(PASSWORD_GROUPS)
    )
    return "-".join(groups)
