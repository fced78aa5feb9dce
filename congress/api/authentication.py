"""``Authorization: Token <key>`` against the hashed, expiring tokens of
``congress.models.ApiToken`` (in place of DRF's authtoken, which kept keys in clear forever)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from congress.selectors import api_token_for_key
from congress.services import api_token_touch

TOKEN_INVALID = _("令牌无效、已过期或已吊销。")


class ApiTokenAuthentication(TokenAuthentication):
    keyword = "Token"

    def authenticate_credentials(self, key):
        token = api_token_for_key(key)
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed(TOKEN_INVALID)
        api_token_touch(token=token)
        return token.user, token
