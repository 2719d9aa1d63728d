# Production image. Two commands of the same image:
#   docker run IMAGE                                    -> web: migrate, deploy workflows/, gunicorn :8000
#   docker run IMAGE flask --app webapp scheduler run   -> deadline scheduler (run one or more)
# DATABASE_URL and SECRET_KEY come from the environment (see README).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 APP_ENV=production \
    INSTANCE_PATH=/var/lib/zhongzhi

# WeasyPrint's Pango/HarfBuzz, and Noto CJK so Chinese documents embed a real font.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b \
      fonts-noto-cjk \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt
COPY webapp webapp
COPY scheduler scheduler
COPY workflows workflows
COPY forms forms
COPY migrations migrations

RUN useradd --system --home /var/lib/zhongzhi zhongzhi \
 && mkdir -p /var/lib/zhongzhi && chown zhongzhi /var/lib/zhongzhi
USER zhongzhi
EXPOSE 8000

CMD ["sh", "-c", "flask --app webapp db upgrade && flask --app webapp deploy && exec gunicorn --workers ${WEB_WORKERS:-2} --bind 0.0.0.0:8000 'webapp:create_app()'"]
