FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app

RUN apt-get update && apt-get install -y --no-install-recommends gettext curl \
    && rm -rf /var/lib/apt/lists/*

# Exactly the versions in requirements.lock (`make lock`, for this Python on Linux), each
# checked against its hash: a substituted or unpinned package fails the build. The lock
# holds the build backend too, so the project below installs without fetching anything.
COPY requirements.lock ./
RUN pip install --require-hashes -r requirements.lock
COPY . .
RUN pip install --no-deps --no-build-isolation -e . \
    && DEBUG=false SECRET_KEY=build-only python manage.py collectstatic --noinput \
    && useradd --create-home cxm && mkdir -p /app/media && chown -R cxm /app
USER cxm

EXPOSE 8000
CMD ["gunicorn", "cxm.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
