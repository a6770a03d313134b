"""The client's address behind the county's nginx (deploy/nginx.conf).

Behind a proxy every request comes from 127.0.0.1, so django-axes would lock a username out
for every address at once. When the request comes from one of `XIXIANG_TRUSTED_PROXIES`, the
address is the last one in X-Forwarded-For (the one the proxy wrote; whatever a client put
before it is not trusted); otherwise REMOTE_ADDR. Used as `AXES_CLIENT_IP_CALLABLE`.
"""

from django.conf import settings


def client_ip(request) -> str | None:
    remote = request.META.get("REMOTE_ADDR")
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if remote in settings.TRUSTED_PROXIES and forwarded.strip():
        return forwarded.split(",")[-1].strip()
    return remote
