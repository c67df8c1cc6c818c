"""Message ids of Django and django-allauth whose Indonesian wording the portal standardises.

Their own catalogues mix "sandi" and "kata sandi", write "anda" in lower case
and use the non-standard "silahkan". Listing the ids here puts them in the
portal's catalogue (locale/id), which takes precedence over the packages'
catalogues, so every screen uses the same terms. Nothing imports this module
at run time: only makemessages reads it.
"""
from django.utils.translation import gettext_noop, ngettext_lazy

OVERRIDDEN_MESSAGES = [
    gettext_noop("Password"),
    gettext_noop("password"),
    gettext_noop("Old password"),
    gettext_noop("New password"),
    gettext_noop("New password confirmation"),
    gettext_noop("Password confirmation"),
    gettext_noop("Enter the same password as before, for verification."),
    gettext_noop("The two password fields didn’t match."),
    gettext_noop("Please type your current password."),
    gettext_noop("The username and/or password you specified are not correct."),
    gettext_noop("Your password can’t be too similar to your other personal information."),
    gettext_noop("Your password can’t be a commonly used password."),
    gettext_noop("Your password can’t be entirely numeric."),
    ngettext_lazy(
        "Your password must contain at least %(min_length)d character.",
        "Your password must contain at least %(min_length)d characters.",
        "min_length",
    ),
    gettext_noop("Remember Me"),
    gettext_noop("Please contact us if you have any trouble resetting your password."),
]
