from rest_framework import serializers

from duikou.core.api import VersionedSerializer

from ..models import Organisation, RoleGrant, User


class OrganisationSerializer(VersionedSerializer):
    region_name = serializers.CharField(source="region.name", read_only=True)

    class Meta:
        model = Organisation
        fields = ["id", "name", "name_en", "kind", "region", "region_name", "uscc", "parent", "address",
                  "contact_name", "contact_phone", "created_at", "updated_at", "version"]
        read_only_fields = ["created_at", "updated_at"]
        extra_kwargs = {"uscc": {"validators": []}}  # validated once, by the model, in the service


class RoleGrantSerializer(serializers.ModelSerializer):
    class Meta:
        model = RoleGrant
        fields = ["role", "region"]


class UserSerializer(serializers.ModelSerializer):
    roles = RoleGrantSerializer(source="role_grants", many=True, read_only=True)
    organisation_name = serializers.CharField(source="organisation.name", read_only=True, default=None)

    class Meta:
        model = User
        fields = ["id", "username", "full_name", "email", "organisation", "organisation_name", "is_active", "roles"]
        read_only_fields = fields


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField()
    password = serializers.CharField(style={"input_type": "password"}, trim_whitespace=False)


class TokenResponseSerializer(serializers.Serializer):
    token = serializers.CharField()
