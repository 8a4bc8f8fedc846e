"""Authentication backend: Django's own, loading the user's organisation with the user.

Every back-office page shows the user's organisation in its header, so fetching it with the user saves
one query on every request.
"""

from django.contrib.auth.backends import ModelBackend


class OrganisationModelBackend(ModelBackend):
    def get_user(self, user_id):
        from .models import User

        try:
            user = User._default_manager.select_related("organisation").get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
