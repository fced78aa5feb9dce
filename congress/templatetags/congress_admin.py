from django import template

register = template.Library()


@register.inclusion_tag("admin/includes/calendar_warning.html")
def calendar_warning():
    """Warn staff on the admin index when a year's holidays are missing: deadlines that fall
    there are counted over weekends only until someone enters them."""
    from congress.workdays import years_missing_calendar

    return {"years": years_missing_calendar()}


@register.simple_tag(takes_context=True)
def app_list(context):
    """Django's ``admin/app_list.html`` (a copy: ``admin/includes/app_list.html``), rendered
    once per app list key (``thirdparty.AdminSite``), links shown or not and the models the
    address is in (the current-app / current-model marks), then kept: the sidebar of every
    admin page and the index's list, ~100 models each (issue 16). A list without a key (an
    app's own index) is rendered each time."""
    from django.template.defaultfilters import urlencode
    from django.utils.safestring import mark_safe

    from congress.thirdparty import KEPT

    template = context.template.engine.get_template("admin/includes/app_list.html")
    apps = context.get("app_list")
    key = getattr(apps, "cache_key", None)
    request = context.get("request")
    if not key or request is None:
        return template.render(context)
    path = urlencode(request.path)
    current = tuple(
        (index, tuple(_in(model["admin_url"], path) for model in app["models"]))
        for index, app in enumerate(apps)
        if _in(app["app_url"], path) or any(_in(model["admin_url"], path) for model in app["models"])
    )
    full_key = ("html", key, bool(context.get("show_changelinks")), current)
    html = KEPT.get(full_key)
    if html is None:
        html = template.render(context)
        KEPT.put(full_key, html)
    return mark_safe(html)


def _in(url, path) -> bool:
    """The template's ``url in path`` (False for a missing URL, as the template's ``in``)."""
    try:
        return url in path
    except TypeError:
        return False
