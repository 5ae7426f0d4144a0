# telcoradar with the web app and the Celery workers; compose.yaml runs it as web, worker and beat.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    TELCORADAR_HOME=/data

RUN useradd --create-home --home-dir /home/telcoradar telcoradar \
    && mkdir /data && chown telcoradar /data

WORKDIR /src
COPY pyproject.toml README.md ./
COPY src ./src
RUN pip install '.[web,scale]'

USER telcoradar
WORKDIR /data
VOLUME ["/data"]
EXPOSE 8000
ENTRYPOINT ["telcoradar"]
CMD ["--help"]
