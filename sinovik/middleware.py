"""Language selection: Indonesian unless the visitor chose another language."""
from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class PortalLocaleMiddleware(LocaleMiddleware):
    """Serve Indonesian by default, and English only to visitors who switched to it.

    Django's LocaleMiddleware follows the browser's Accept-Language header, so
    a civil servant whose browser is set to English would get English pages.
    The portal's language is Indonesian; the footer's switch sets a cookie.
    """

    def process_request(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
