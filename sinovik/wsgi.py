"""WSGI entry point, as used by gunicorn: ``gunicorn sinovik.wsgi``."""
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sinovik.settings")

application = get_wsgi_application()
