"""Site-wide middleware: the Content-Security-Policy (no page loads anything from outside the
site), Chinese as the default language, and the admin's second factor (TOTP) for staff."""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.urls import NoReverseMatch, reverse
from django.utils import translation

# Scripts only from our own static files: no inline <script>, no on…= handlers, no eval
# (tests/test_csp.py walks every page). Styles keep 'unsafe-inline': htmx injects its indicator
# <style> and templates use style= attributes; a style cannot run script.
POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self'; font-src 'self' data:; connect-src 'self'; "
    "frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
)


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = getattr(settings, "CONTENT_SECURITY_POLICY", POLICY)

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.policy)
        return response


class LocaleMiddleware(DjangoLocaleMiddleware):
    """Simplified Chinese for everyone unless the visitor switched language with
    ``/i18n/setlang/`` (the language cookie). Django's own middleware would follow the
    browser's Accept-Language, so an English browser would get English by default."""

    def process_request(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        try:
            language = translation.get_supported_language_variant(language) if language else None
        except LookupError:
            language = None
        translation.activate(language or settings.LANGUAGE_CODE)
        request.LANGUAGE_CODE = translation.get_language()


class AdminOTPRequiredMiddleware:
    """With ``CONGRESS_ADMIN_REQUIRE_OTP`` on, a staff user reaches the admin only after
    verifying a TOTP device in this session (django-otp's ``user.is_verified()``). Until then
    every admin URL answers with the verification page (or first-time enrolment when the user
    has no confirmed device). Runs in ``process_view``, after the CSRF check."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not getattr(settings, "CONGRESS_ADMIN_REQUIRE_OTP", False):
            return None
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not user.is_staff:
            return None
        if user.is_verified():
            return None
        try:
            admin_root = reverse("admin:index")
            exempt = {reverse("admin:logout"), reverse("admin:login")}
        except NoReverseMatch:  # pragma: no cover - the admin is always installed here
            return None
        if not request.path.startswith(admin_root) or request.path in exempt:
            return None
        from congress.views.auth import otp_verify

        return otp_verify(request)


# The views where a username and password are tried: the login page, the admin's login and
# the API token endpoint.
LOGIN_VIEWS = frozenset({"login", "admin:login", "api-token"})
ADDRESS_THROTTLED_CODE = "address_throttled"


def address_throttled_message() -> str:
    from django.utils.translation import gettext

    return gettext("此地址登录失败次数过多，请 %(minutes)d 分钟后再试。") % {
        "minutes": settings.CONGRESS_LOGIN_ADDRESS_WINDOW_MINUTES
    }


class LoginAddressThrottleMiddleware:
    """Slows an address that cycles usernames: once it has
    ``CONGRESS_LOGIN_ADDRESS_FAILURE_LIMIT`` failed logins (any accounts) within
    ``CONGRESS_LOGIN_ADDRESS_WINDOW_MINUTES``, its login attempts are answered 429 (Chinese
    page, or JSON for the API) without being tried. The accounts it guessed at stay open to
    their owners elsewhere: the lockout is by account, never by address (settings)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = getattr(request, "resolver_match", None)
        if request.method != "POST" or match is None or match.view_name not in LOGIN_VIEWS:
            return None
        from congress.selectors import login_failures_from_address

        limit = settings.CONGRESS_LOGIN_ADDRESS_FAILURE_LIMIT
        address = request.META.get("REMOTE_ADDR", "")
        window = settings.CONGRESS_LOGIN_ADDRESS_WINDOW_MINUTES
        if not limit or login_failures_from_address(address=address, minutes=window) < limit:
            return None
        message = address_throttled_message()
        if request.path.startswith("/api/"):
            from django.http import JsonResponse

            return JsonResponse({"detail": message, "code": ADDRESS_THROTTLED_CODE}, status=429)
        from django.shortcuts import render

        return render(request, "registration/address_throttled.html", {"message": message}, status=429)
