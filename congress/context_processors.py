from django.utils.functional import SimpleLazyObject

from congress import roles


def site(request):
    """The district's name and the user's roles for every template (both read lazily)."""
    from congress.selectors import district_profile

    user = getattr(request, "user", None)
    return {
        "district": SimpleLazyObject(district_profile),
        "user_roles": SimpleLazyObject(lambda: roles.role_names(user) if user else set()),
    }
