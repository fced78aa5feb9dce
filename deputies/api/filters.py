import django_filters
from django.utils.translation import gettext_lazy as _

from deputies.models import Deputy


class DeputyRegistryFilter(django_filters.FilterSet):
    """Filters of the staff registry and resource database (seed 十四): by term, group,
    sector, education and gender, and by words in the job or the specialty."""

    occupation = django_filters.CharFilter(
        field_name="occupation", lookup_expr="icontains", label=_("工作单位及职务")
    )
    specialty = django_filters.CharFilter(
        field_name="specialty", lookup_expr="icontains", label=_("专业特长")
    )

    class Meta:
        model = Deputy
        fields = ["term", "group", "constituency", "sector", "education", "gender", "is_active"]
