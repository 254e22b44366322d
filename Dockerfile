FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app

RUN apt-get update && apt-get install -y --no-install-recommends gettext curl \
    && rm -rf /var/lib/apt/lists/*

COPY pyproject.toml ./
RUN pip install --upgrade pip && pip install .
COPY . .
RUN pip install --no-deps -e . \
    && DEBUG=false SECRET_KEY=build-only python manage.py collectstatic --noinput \
    && useradd --create-home cxm && mkdir -p /app/media && chown -R cxm /app
USER cxm

EXPOSE 8000
CMD ["gunicorn", "cxm.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
