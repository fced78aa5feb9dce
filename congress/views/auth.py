"""Login, the lockout answer, and the admin's second factor (TOTP).

Login is Django's (a new session key at login). django-axes counts failures, locks the
account (and the address) after ``AXES_FAILURE_LIMIT`` failures for ``AXES_COOLOFF_TIME``
and records successes (AccessLog) and failures (AccessFailureLog)."""

import base64

import django_otp
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from congress.exceptions import ApplicationError
from congress.forms import EnrolmentCodeForm, LoginForm, OTPTokenForm
from congress.services import otp_enrolment_complete, otp_enrolment_start

LOCKED_OUT_CODE = "locked_out"


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    redirect_authenticated_user = True


def lockout_message() -> str:
    minutes = int(_cool_off_minutes())
    return _("连续登录失败次数过多，账号已锁定 %(minutes)d 分钟，请稍后再试或联系常委会办公室。") % {
        "minutes": minutes
    }


def _cool_off_minutes() -> float:
    cool_off = settings.AXES_COOLOFF_TIME
    hours = cool_off.total_seconds() / 3600 if hasattr(cool_off, "total_seconds") else float(cool_off or 0)
    return hours * 60


def lockout_response(request, original_response=None, credentials=None):
    """django-axes' answer to a locked-out login (``AXES_LOCKOUT_CALLABLE``): JSON 429 with
    ``detail`` and ``code`` for the API, the Chinese lockout page for people."""
    status = 429
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": lockout_message(), "code": LOCKED_OUT_CODE}, status=status)
    context = {"cooloff_minutes": int(_cool_off_minutes()), "failure_limit": settings.AXES_FAILURE_LIMIT}
    return render(request, settings.AXES_LOCKOUT_TEMPLATE, context, status=status)


ENROLMENT_SESSION_KEY = "congress_otp_enrolment_code"


def _enrolment_device(request):
    """The unconfirmed device whose secret may be shown: only after a valid enrolment code
    (kept in the session by its id) has opened enrolment."""
    if request.session.get(ENROLMENT_SESSION_KEY) is None:
        return None
    return TOTPDevice.objects.filter(user=request.user, confirmed=False).order_by("-pk").first()


def _back_here(request):
    target = request.get_full_path()
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/admin/"
    return HttpResponseRedirect(target)


def otp_verify(request):
    """The second factor for the admin, served in place of any admin page while the staff
    user's session is not OTP-verified (see ``AdminOTPRequiredMiddleware``).

    A user with a confirmed TOTP device types its current code. A user without one enrols in
    two steps: first the one-time enrolment code the security administrator issued (发放绑定码;
    the password alone enrols nothing), then the page shows a new device's secret (for any
    authenticator app) and the first correct code confirms it and uses the enrolment code up.
    Wrong TOTP codes are throttled by django-otp (growing delays)."""
    user = request.user
    confirmed = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    if not confirmed and _enrolment_device(request) is None:
        return _enrolment_code_step(request)
    device = None if confirmed else _enrolment_device(request)
    form = OTPTokenForm(request.POST if request.method == "POST" and "otp_token" in request.POST else None)
    status = 200
    if form.is_bound:
        if form.is_valid():
            token = form.cleaned_data["otp_token"]
            if device is not None:
                verified = device if device.verify_token(token) else None
                if verified is not None:
                    try:
                        otp_enrolment_complete(
                            user=user,
                            enrolment_code_id=request.session[ENROLMENT_SESSION_KEY],
                            device=verified,
                        )
                    except ApplicationError as exc:
                        request.session.pop(ENROLMENT_SESSION_KEY, None)
                        form.add_error(None, exc.message)
                        verified = None
                    else:
                        request.session.pop(ENROLMENT_SESSION_KEY, None)
            else:
                verified = django_otp.match_token(user, token)
            if verified is not None:
                django_otp.login(request, verified)
                return _back_here(request)
            if not form.errors:
                form.add_error("otp_token", _("验证码不正确或已过期，请重新输入。"))
        status = 400
    context = {"form": form, "enrolling": device is not None, "device": device}
    if device is not None:
        context["secret"] = base64.b32encode(device.bin_key).decode().rstrip("=")
        context["config_url"] = device.config_url
    return render(request, "registration/otp_verify.html", context, status=status)


def _enrolment_code_step(request):
    form = EnrolmentCodeForm(
        request.POST if request.method == "POST" and "enrolment_code" in request.POST else None
    )
    status = 200
    if form.is_bound:
        if form.is_valid():
            try:
                row, _device = otp_enrolment_start(
                    user=request.user, code=form.cleaned_data["enrolment_code"]
                )
            except ApplicationError as exc:
                form.add_error("enrolment_code", exc.message)
            else:
                request.session[ENROLMENT_SESSION_KEY] = row.pk
                return _back_here(request)
        status = 400
    return render(request, "registration/otp_enrolment_code.html", {"form": form}, status=status)
