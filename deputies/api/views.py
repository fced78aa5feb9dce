"""The deputies API: the staff registry, the public directory, the deputy's own record, and
groups and constituencies for pickers. Thin: selectors read, services write."""

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from congress import roles
from congress.api.permissions import HasRole
from congress.api.public_cache import PublicCacheMixin
from congress.audit import log_personal_data_read
from congress.exceptions import PermissionDeniedError
from deputies.api.filters import DeputyRegistryFilter
from deputies.api.serializers import (
    ConstituencySerializer,
    DeputyGroupSerializer,
    DeputyOutputSerializer,
    DeputyOwnProfileInputSerializer,
    MyDeputyOutputSerializer,
    PublicDeputySerializer,
)
from deputies.models import Constituency, Deputy, DeputyGroup
from deputies.permissions import can_edit_deputy_profile, can_view_deputy_private_fields
from deputies.selectors import (
    current_term,
    deputy_directory,
    deputy_for_user,
    deputy_get_public,
    deputy_get_visible,
    deputy_registry_list,
)
from deputies.services import deputy_update_own_profile

RegistryReaders = HasRole.of(roles.STAFF, roles.MEMBER, roles.SYSADMIN)


def _audit_private_read(request, deputies) -> None:
    """The private fields of deputies other than the caller went out: one audit row per
    response, naming them (``congress.audit``)."""
    user = request.user
    ids = [d.pk for d in deputies if d.user_id != user.pk and can_view_deputy_private_fields(user, d)]
    if ids:
        log_personal_data_read(
            request=request,
            object_type=Deputy._meta.label_lower,
            object_ids=ids,
            fields=Deputy.PRIVATE_FIELDS,
        )


def _update_own_profile(request, deputy):
    """PATCH body → service. 400 with Chinese field messages, 403 without the object right."""
    if not can_edit_deputy_profile(request.user, deputy):
        raise PermissionDeniedError()
    serializer = DeputyOwnProfileInputSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    deputy_update_own_profile(deputy=deputy, actor=request.user, **serializer.validated_data)
    return deputy_get_visible(user=request.user, pk=deputy.pk)


@extend_schema(tags=["deputies"])
class DeputyListView(generics.ListAPIView):
    """All deputies with every field, for committee staff and members (the resource
    database): filter by term, group, sector, education, gender, job and specialty; ``search``
    looks in name, job and specialty. Deputies, unit officers and the public: 403."""

    serializer_class = DeputyOutputSerializer
    permission_classes = [IsAuthenticated, RegistryReaders]
    filterset_class = DeputyRegistryFilter
    search_fields = ["name", "occupation", "specialty"]
    ordering_fields = ["name", "birth_date", "person_key"]

    def get_queryset(self):
        return deputy_registry_list(user=self.request.user)

    def paginate_queryset(self, queryset):
        self.shown = super().paginate_queryset(queryset)
        return self.shown

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        _audit_private_read(request, self.shown or [])
        return response


@extend_schema(tags=["deputies"])
class DeputyDetailView(APIView):
    """One deputy with every field. Staff and members open any; a deputy opens only their own
    row (any other id is 404). PATCH: the deputy's own public fields, phone and e-mail."""

    @extend_schema(responses=DeputyOutputSerializer)
    def get(self, request, pk: int):
        deputy = deputy_get_visible(user=request.user, pk=pk)
        _audit_private_read(request, [deputy])
        return Response(DeputyOutputSerializer(deputy, context={"request": request}).data)

    @extend_schema(request=DeputyOwnProfileInputSerializer, responses=DeputyOutputSerializer)
    def patch(self, request, pk: int):
        deputy = _update_own_profile(request, deputy_get_visible(user=request.user, pk=pk))
        return Response(DeputyOutputSerializer(deputy, context={"request": request}).data)


@extend_schema(tags=["deputies"])
class MyDeputyView(APIView):
    """The logged-in deputy's own record: read it; choose which fields are public and update
    phone and e-mail (everything else is read-only). 404 for an account that is no deputy."""

    def get_deputy(self):
        deputy = deputy_for_user(self.request.user)
        if deputy is None:
            raise Http404
        return deputy

    @extend_schema(responses=MyDeputyOutputSerializer)
    def get(self, request):
        return Response(MyDeputyOutputSerializer(self.get_deputy(), context={"request": request}).data)

    @extend_schema(request=DeputyOwnProfileInputSerializer, responses=MyDeputyOutputSerializer)
    def patch(self, request):
        deputy = _update_own_profile(request, self.get_deputy())
        return Response(MyDeputyOutputSerializer(deputy, context={"request": request}).data)


@extend_schema(
    tags=["public"],
    parameters=[OpenApiParameter("search", str, description="姓名或代表组"), OpenApiParameter("group", int)],
)
class PublicDeputyListView(PublicCacheMixin, generics.ListAPIView):
    """Serving deputies of the current term for anyone. Only fields each deputy marked public
    carry a value; search looks only in name and group, which are public for everyone."""

    serializer_class = PublicDeputySerializer
    permission_classes = [AllowAny]
    filter_backends: list = []  # the selector filters; no ordering or search on hidden fields

    def get_queryset(self):
        term = current_term()
        if term is None:
            raise Http404
        search = (self.request.query_params.get("search") or "").strip()[:50]
        try:
            group_id = int(self.request.query_params.get("group") or 0) or None
        except ValueError:
            group_id = None
        return deputy_directory(term=term, search=search, group_id=group_id)


@extend_schema(tags=["public"], responses=PublicDeputySerializer)
class PublicDeputyDetailView(PublicCacheMixin, APIView):
    permission_classes = [AllowAny]

    def get(self, request, pk: int):
        deputy = deputy_get_public(pk=pk)
        return Response(PublicDeputySerializer(deputy, context={"request": request}).data)


class _TermScopedList(generics.ListAPIView):
    """Lists of one term (``?term=<id>``, default the current term), public: these are the
    names the public directory shows anyway."""

    permission_classes = [AllowAny]
    pagination_class = None
    filter_backends: list = []

    def term_id(self):
        try:
            return int(self.request.query_params.get("term") or 0) or getattr(current_term(), "pk", None)
        except ValueError:
            return None


@extend_schema(tags=["deputies"], parameters=[OpenApiParameter("term", int)])
class DeputyGroupListView(_TermScopedList):
    serializer_class = DeputyGroupSerializer

    def get_queryset(self):
        return (
            DeputyGroup.objects.filter(term_id=self.term_id())
            .select_related("organization")
            .order_by("sort_order", "name")
        )


@extend_schema(tags=["deputies"], parameters=[OpenApiParameter("term", int)])
class ConstituencyListView(_TermScopedList):
    serializer_class = ConstituencySerializer

    def get_queryset(self):
        return Constituency.objects.filter(term_id=self.term_id()).order_by("number")
