"""What follows a change to an account, whichever screen or command made it: a new password
or a deactivation revokes the user's API tokens at once (MLPS: a token must not outlive the
password that earned it, nor the account)."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from congress.models import ApiToken, User


@receiver(post_save, sender=User, dispatch_uid="congress.user_tokens_follow_the_account")
def revoke_tokens_on_password_change_or_deactivation(sender, instance: User, created: bool, **kwargs):
    if created:
        return
    from congress.services import api_tokens_revoke_for_user

    # set_password() leaves the raw password on the instance until save() has run
    # (AbstractBaseUser._password): every way of changing a password goes through it.
    if not instance.is_active:
        api_tokens_revoke_for_user(user=instance, reason=ApiToken.RevokeReason.DEACTIVATED)
    elif getattr(instance, "_password", None) is not None:
        api_tokens_revoke_for_user(user=instance, reason=ApiToken.RevokeReason.PASSWORD_CHANGED)
