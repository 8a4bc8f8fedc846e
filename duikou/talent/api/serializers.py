from rest_framework import serializers

from duikou.accounts.models import Organisation
from duikou.core.api import VersionedSerializer

from ..forms import northeastern_organisations, regions_for_experts
from ..models import Engagement, Expert
from ..selectors import contact_display, contact_visible, expert_name_display

PUBLIC_FIELDS = ["id", "name", "title_category", "field_of_expertise", "industry", "affiliation", "region",
                 "offers_consulting", "offers_joint_research", "offers_part_time", "offers_training", "biography"]


class PublicExpertSerializer(serializers.ModelSerializer):
    """A public profile, as an anonymous client reads it: never the contact, never the consent record."""

    class Meta:
        model = Expert
        fields = PUBLIC_FIELDS
        read_only_fields = PUBLIC_FIELDS


class ExpertSerializer(VersionedSerializer):
    """The contact is shown as on the pages: in clear only to the coordinators of the expert's region and
    the national roles (``contact_shown`` says which it is); withheld otherwise."""

    contact_shown = serializers.SerializerMethodField()

    class Meta:
        model = Expert
        fields = [*PUBLIC_FIELDS[:7], "organisation", *PUBLIC_FIELDS[7:], "contact_phone", "contact_email",
                  "contact_shown", "public_profile", "consent_recorded_at", "consent_evidence", "created_at",
                  "updated_at", "version"]
        read_only_fields = ["created_at", "updated_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is None:
            return
        self.fields["region"].queryset = regions_for_experts(request.user)
        self.fields["organisation"].queryset = Organisation.objects.for_user(request.user, "view")

    def _contact(self, instance):
        request = self.context.get("request")
        return contact_display(expert=instance, visible=contact_visible(user=getattr(request, "user", None),
                                                                        expert=instance))

    def get_contact_shown(self, instance) -> bool:
        return self._contact(instance)["shown"]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        contact = self._contact(instance)
        data["contact_phone"], data["contact_email"] = contact["contact_phone"], contact["contact_email"]
        return data


class EngagementSerializer(VersionedSerializer):
    """``expert_name`` is withheld for a user who may not see the engaged expert."""

    expert_name = serializers.SerializerMethodField()

    class Meta:
        model = Engagement
        fields = ["id", "expert", "expert_name", "organisation", "support_form", "start", "end", "outcome", "status",
                  "pairing", "created_at", "updated_at", "version"]
        read_only_fields = ["pairing", "created_at", "updated_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is None:
            return
        self.fields["expert"].queryset = Expert.objects.for_user(request.user, "view")
        self.fields["organisation"].queryset = northeastern_organisations(request.user)

    def get_expert_name(self, instance) -> str:
        return expert_name_display(engagement=instance)
