from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from congress.api.serializers import (
    MeSerializer,
    TermSerializer,
    TokenRequestSerializer,
    TokenResponseSerializer,
    UnitSerializer,
)
from congress.models import Term
from congress.selectors import handling_unit_list, unit_for_user


class TokenView(APIView):
    """Exchange a username and password for an API token (``Authorization: Token …``).
    Failed attempts count towards the login lockout like the login page's."""

    permission_classes = [AllowAny]
    authentication_classes: list = []
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "login"

    @extend_schema(
        request=TokenRequestSerializer,
        responses={200: TokenResponseSerializer, 400: OpenApiResponse(description=_("用户名或密码不正确"))},
        tags=["auth"],
    )
    def post(self, request):
        serializer = TokenRequestSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        token, _created = Token.objects.get_or_create(user=serializer.validated_data["user"])
        return Response({"token": token.key}, status=status.HTTP_200_OK)


class MeView(APIView):
    """The caller: roles, the unit an officer acts for, the deputy record of a deputy."""

    @extend_schema(responses=MeSerializer, tags=["auth"])
    def get(self, request):
        from deputies.selectors import deputy_for_user

        context = {"unit": unit_for_user(request.user), "deputy": deputy_for_user(request.user)}
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


@extend_schema(tags=["core"])
class TermListView(generics.ListAPIView):
    serializer_class = TermSerializer
    queryset = Term.objects.order_by("-number")
    pagination_class = None
