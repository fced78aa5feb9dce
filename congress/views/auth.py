from django.contrib.auth import views as auth_views

from congress.forms import LoginForm


class LoginView(auth_views.LoginView):
    """Django's login (a new session key at login); django-axes counts failures and locks
    the account after the configured number, and records successes and failures."""

    form_class = LoginForm
    redirect_authenticated_user = True
