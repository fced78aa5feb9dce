"""The core API: tokens, the caller, units and terms. Thin: parse, call, shape."""

from django.contrib.auth import authenticate, user_logged_in
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, generics, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from congress.api.actions import ActionView
from congress.api.serializers import (
    ApiTokenSerializer,
    ErrorSerializer,
    MeSerializer,
    TermSerializer,
    TokenRequestSerializer,
    TokenResponseSerializer,
    UnitSerializer,
)
from congress.exceptions import ApplicationError
from congress.hooks import profiles_for
from congress.models import ApiToken, Term
from congress.selectors import api_token_get_for_user, api_token_list_for_user, handling_unit_list
from congress.services import api_token_issue, api_token_revoke
from congress.units import acting_unit

INVALID_CREDENTIALS = _("用户名或密码不正确。")


class LoginLocked(exceptions.APIException):
    """Too many failed logins: django-axes has locked the account or the address."""

    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    default_code = "locked_out"

    def __init__(self):
        from congress.views.auth import lockout_message

        super().__init__(detail=lockout_message())


class TokenView(APIView):
    """Exchange a username and password for an API token (``Authorization: Token …``), valid
    for ``CONGRESS_API_TOKEN_TTL_HOURS`` and shown only this once. An account that may use
    the admin also sends ``otp``, its authenticator's current code (unless it is an
    integration account). Failed attempts count towards the login lockout like the login
    page's (django-axes)."""

    permission_classes = [AllowAny]
    authentication_classes: list = []
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "login"

    @extend_schema(
        operation_id="auth_token_create",
        request=TokenRequestSerializer,
        responses={
            200: TokenResponseSerializer,
            400: OpenApiResponse(
                ErrorSerializer, description=_("用户名或密码不正确、缺少字段，或动态验证码缺少、不正确")
            ),
            429: OpenApiResponse(ErrorSerializer, description=_("连续登录失败，账号已锁定")),
        },
        tags=["auth"],
    )
    def post(self, request):
        serializer = TokenRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        # axes keeps its state on Django's request, not on DRF's wrapper.
        django_request = request._request
        user = authenticate(
            request=django_request,
            username=serializer.validated_data["username"],
            password=serializer.validated_data["password"],
        )
        if getattr(django_request, "axes_locked_out", False):
            raise LoginLocked()
        if user is None or not user.is_active:
            raise ApplicationError(INVALID_CREDENTIALS, code="invalid_credentials")
        token, key = api_token_issue(
            user=user,
            otp=serializer.validated_data.get("otp", ""),
            address=django_request.META.get("REMOTE_ADDR"),
        )
        # A token is a login: axes records it (AccessLog) and resets the failure count,
        # Django updates last_login. No session is created for the API client: axes would
        # create one to hash its key into the AccessLog (a row and a cookie per token), so
        # the signal goes out with no session on the request, as for a client without cookies.
        session = django_request.__dict__.pop("session", None)
        try:
            user_logged_in.send(sender=user.__class__, request=django_request, user=user)
        finally:
            if session is not None:
                django_request.session = session
        return Response({"token": key, "expires_at": token.expires_at}, status=status.HTTP_200_OK)


@extend_schema(tags=["auth"])
class ApiTokenListView(generics.ListAPIView):
    """The caller's own API tokens (in force, expired and revoked), newest first."""

    serializer_class = ApiTokenSerializer
    pagination_class = None
    filter_backends: list = []

    def get_queryset(self):
        return api_token_list_for_user(self.request.user)


class ApiTokenRevokeView(ActionView):
    """Revoke one of the caller's own tokens at once (another user's: 404)."""

    output_class = ApiTokenSerializer

    @extend_schema(
        operation_id="auth_tokens_revoke",
        request=None,
        responses={200: ApiTokenSerializer, 400: ErrorSerializer, 404: ErrorSerializer},
        tags=["auth"],
    )
    def post(self, request, pk):
        return super().post(request, pk=pk)

    def find(self, request, pk):
        return api_token_get_for_user(user=request.user, pk=pk)

    def allowed(self, request, obj):
        return obj.user_id == request.user.pk

    def perform(self, request, obj, data):
        return api_token_revoke(token=obj, actor=request.user, reason=ApiToken.RevokeReason.OWNER)

    def answer(self, request, obj, result):
        return Response(ApiTokenSerializer(result, context={"request": request}).data)


class MeView(APIView):
    """The caller: roles, the unit an officer acts for, the deputy record of a deputy."""

    @extend_schema(operation_id="me_retrieve", responses=MeSerializer, tags=["auth"])
    def get(self, request):
        # ``deputy`` comes from the deputies app's profile (congress.hooks); the serializer
        # shows null when no app provides it.
        context = {"unit": acting_unit(request.user), **profiles_for(request.user)}
        return Response(MeSerializer(request.user, context=context).data)


@extend_schema(tags=["core"])
class UnitListView(generics.ListAPIView):
    """Handling units (一府两院, departments, streets, the town …), for pickers."""

    serializer_class = UnitSerializer
    filterset_fields = ["kind"]
    search_fields = ["name", "short_name"]
    ordering_fields = ["name", "sort_order"]

    def get_queryset(self):
        return handling_unit_list()


@extend_schema(tags=["core"], responses={200: UnitSerializer, 404: ErrorSerializer})
class UnitDetailView(generics.RetrieveAPIView):
    serializer_class = UnitSerializer

    def get_queryset(self):
        return handling_unit_list()


@extend_schema(tags=["core"])
class TermListView(generics.ListAPIView):
    serializer_class = TermSerializer
    queryset = Term.objects.order_by("-number")
    pagination_class = None
