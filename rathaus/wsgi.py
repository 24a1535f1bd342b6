"""WSGI entry point for production servers: `gunicorn rathaus.wsgi:application`.

Configuration comes from the environment (README.md, "Configuration for production");
docs/deploy/rathaus-web.service shows a complete gunicorn command line.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rathaus.settings")
application = get_wsgi_application()
