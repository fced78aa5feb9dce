# The portal's image: web (gunicorn), Celery worker and beat all run from it
# (see docker-compose.yml). Static files are collected at start, served by WhiteNoise.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    CONGRESS_VAR_DIR=/app/var \
    PORT=8000

# fonts-noto-cjk: Chinese glyphs for generated PDFs (WeasyPrint) and exports; Pango and
# HarfBuzz are the libraries WeasyPrint lays text out with (congress/pdf.py).
# postgresql-client: pg_dump / pg_restore for `manage.py backup` / `restore` (15, like the db image).
RUN apt-get update \
 && apt-get install -y --no-install-recommends fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0 \
    postgresql-client \
    libharfbuzz-subset0 \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
RUN groupadd --system congress && useradd --system --gid congress --home-dir /app congress

COPY pyproject.toml README.md ./
COPY congress ./congress
COPY deputies ./deputies
COPY meetings ./meetings
COPY appointments ./appointments
COPY proposals ./proposals
COPY supervision ./supervision
COPY budget ./budget
COPY liaison ./liaison
COPY opendata ./opendata
RUN pip install .

COPY manage.py ./
COPY templates ./templates
COPY static ./static
COPY locale ./locale

RUN mkdir -p /app/var /app/staticfiles && chown -R congress:congress /app
USER congress

EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 \
  CMD python -c "import os, sys, urllib.request; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('PORT', '8000'), timeout=8).status == 200 else 1)"

# A worker is replaced after ~5,000 requests (jittered so the workers do not restart together): a
# worker grows to ~150 MiB as it first renders every kind of page (bench/README.md, issue 16), and
# recycling bounds whatever a long life adds to that.
CMD ["sh", "-c", "gunicorn congress.wsgi:application --bind 0.0.0.0:${PORT} --workers ${WEB_CONCURRENCY:-3} --max-requests 5000 --max-requests-jitter 500 --access-logfile - --forwarded-allow-ips='*'"]
