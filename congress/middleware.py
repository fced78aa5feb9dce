"""Site-wide middleware: the Content-Security-Policy (no page loads anything from outside the
site), Chinese as the default language, and the admin's second factor (TOTP) for staff."""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.urls import NoReverseMatch, reverse
from django.utils import translation

POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self' 'unsafe-inline'; font-src 'self' data:; connect-src 'self'; "
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
