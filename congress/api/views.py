"""The core API: tokens, the caller, units and terms. Thin: parse, call, shape."""

from django.contrib.auth import authenticate, user_logged_in
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, generics, status
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from congress.api.serializers import (
    ErrorSerializer,
    MeSerializer,
    TermSerializer,
    TokenRequestSerializer,
    TokenResponseSerializer,
    UnitSerializer,
)
from congress.exceptions import ApplicationError
from congress.hooks import profiles_for
from congress.models import Term
from congress.selectors import handling_unit_list
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
    """Exchange a username and password for an API token (``Authorization: Token …``).
    Failed attempts count towards the login lockout like the login page's (django-axes)."""

    permission_classes = [AllowAny]
    authentication_classes: list = []
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "login"

    @extend_schema(
        operation_id="auth_token_create",
        request=TokenRequestSerializer,
        responses={
            200: TokenResponseSerializer,
            400: OpenApiResponse(ErrorSerializer, description=_("用户名或密码不正确，或缺少字段")),
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
        # A token is a login: axes records it (AccessLog) and resets the failure count,
        # Django updates last_login. No session is created for the API client.
        user_logged_in.send(sender=user.__class__, request=django_request, user=user)
        token, _created = Token.objects.get_or_create(user=user)
        return Response({"token": token.key}, status=status.HTTP_200_OK)


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
