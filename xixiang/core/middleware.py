"""The project's middleware: Chinese first, NUL bytes refused, no-store, session time-outs.

Chinese first: the language is the one the user chose (cookie), else zh-hans. Django's
LocaleMiddleware would follow the browser's Accept-Language; county computers often have
English browsers, and the county wants Chinese unless someone picks English.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import SuspiciousOperation
from django.http import Http404
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.translation import gettext as _


class ChineseFirstLocaleMiddleware(LocaleMiddleware):
    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _ in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class RefuseNulBytesMiddleware:
    """A NUL byte in the path answers 404, in the query string 400, before any view runs.

    PostgreSQL refuses text with NUL characters with an error (a 500 for `/households/%00/`);
    no code, name or search term of ours contains one. POST bodies are left to the forms
    (Django's CharField refuses NUL), since reading them here would consume streamed uploads.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path:
            raise Http404
        if any("\x00" in key or "\x00" in value for key, value in request.GET.items()):
            raise SuspiciousOperation("NUL byte in the query string")
        return self.get_response(request)


class NoStoreMiddleware:
    """Every page and file the application serves carries `Cache-Control: no-store`.

    Household pages, history, exports, PDFs, roster batches and archive files all hold personal
    data, and the login page is the only page without; one rule for every dynamic response keeps
    a shared county computer's browser cache (and any proxy) empty of them. Static files are
    served by WhiteNoise before this middleware and keep their long cache lifetimes.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response["Cache-Control"] = "no-store"
        return response


class SessionTimeoutMiddleware:
    """Signs a user out after `SESSION_IDLE_SECONDS` without a request, and in any case
    `SESSION_ABSOLUTE_SECONDS` after the session began (at login; for a session that began
    before this rule existed, at its first request).

    The time of the last request is written at most every `SESSION_ACTIVITY_WRITE_SECONDS`,
    so an ordinary page view does not write the session. Runs after the authentication
    middleware and before `LoginRequiredMiddleware`, which then sends the user to the login page.
    """

    STARTED_KEY = "xixiang_session_started"
    SEEN_KEY = "xixiang_session_seen"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            self._check(request, time.time())
        return self.get_response(request)

    @classmethod
    def session_began(cls, sender, request, user, **kwargs) -> None:
        """`user_logged_in` receiver: the session's clock starts now."""
        now = time.time()
        request.session[cls.STARTED_KEY] = now
        request.session[cls.SEEN_KEY] = now

    def _check(self, request, now: float) -> None:
        session = request.session
        started = session.setdefault(self.STARTED_KEY, now)
        seen = session.get(self.SEEN_KEY, now)
        if now - seen > settings.SESSION_IDLE_SECONDS:
            self._sign_out(request, _("您已超过 %(minutes)d 分钟未操作，系统已自动退出，请重新登录。") % {
                "minutes": settings.SESSION_IDLE_SECONDS // 60})
        elif now - started > settings.SESSION_ABSOLUTE_SECONDS:
            self._sign_out(request, _("本次登录已超过 %(hours)d 小时，请重新登录。") % {
                "hours": settings.SESSION_ABSOLUTE_SECONDS // 3600})
        elif now - seen >= settings.SESSION_ACTIVITY_WRITE_SECONDS or self.SEEN_KEY not in session:
            session[self.SEEN_KEY] = now

    @staticmethod
    def _sign_out(request, message: str) -> None:
        logout(request)
        messages.info(request, message)
