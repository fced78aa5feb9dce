from django import template

register = template.Library()


@register.inclusion_tag("admin/includes/calendar_warning.html")
def calendar_warning():
    """Warn staff on the admin index when a year's holidays are missing: deadlines that fall
    there are counted over weekends only until someone enters them."""
    from congress.workdays import years_missing_calendar

    return {"years": years_missing_calendar()}
