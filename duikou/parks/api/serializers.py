from rest_framework import serializers

from duikou.accounts.models import Organisation
from duikou.core.api import VersionedSerializer
from duikou.regions.selectors import pairings_of

from ..models import BenefitAgreement, Park, ParkFigure


class ParkSerializer(VersionedSerializer):
    enterprises = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.none(), many=True, required=False)
    operator = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.none(), required=False,
                                                  allow_null=True)

    class Meta:
        model = Park
        fields = ["id", "pairing", "name", "kind", "host_region", "partner_region", "partner_park", "area",
                  "established_on", "management_model", "operator", "enterprises", "is_key",
                  "green_channel_officer", "description", "created_at", "updated_at", "version"]
        read_only_fields = ["created_at", "updated_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is None:
            return
        organisations = Organisation.objects.for_user(request.user, "view")
        self.fields["pairing"].queryset = pairings_of(user=request.user)
        self.fields["operator"].queryset = organisations
        self.fields["enterprises"].child_relation.queryset = organisations


class ParkFigureSerializer(serializers.ModelSerializer):
    reported_by = serializers.CharField(source="reported_by.username", read_only=True, default=None)
    version = serializers.IntegerField(required=False, help_text="To correct a month: the version you read.")

    class Meta:
        model = ParkFigure
        fields = ["id", "period", "output_value", "tax_revenue", "gdp", "employment", "basis", "reported_by",
                  "created_at", "updated_at", "version"]
        read_only_fields = ["created_at", "updated_at"]
        # one month per park is the service's rule (a second report corrects the first)
        validators = []


class BenefitAgreementSerializer(VersionedSerializer):
    class Meta:
        model = BenefitAgreement
        fields = ["id", "park", "title", "document_number", "signed_on", "effective_from", "effective_to",
                  "tax_host", "tax_partner", "gdp_host", "gdp_partner", "notes", "created_at", "updated_at",
                  "version"]
        read_only_fields = ["created_at", "updated_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["park"].queryset = Park.objects.for_user(request.user, "view")
        if self.instance is not None and not isinstance(self.instance, list | tuple) and hasattr(self.instance, "pk"):
            self.fields["park"].read_only = True


class LedgerRowSerializer(serializers.Serializer):
    period = serializers.CharField()
    agreement = serializers.IntegerField(source="agreement.pk", allow_null=True, default=None)
    tax_revenue = serializers.DecimalField(source="figure.tax_revenue", max_digits=14, decimal_places=2)
    tax_host = serializers.DecimalField(max_digits=14, decimal_places=2)
    tax_partner = serializers.DecimalField(max_digits=14, decimal_places=2)
    gdp = serializers.DecimalField(source="figure.gdp", max_digits=14, decimal_places=2)
    gdp_host = serializers.DecimalField(max_digits=14, decimal_places=2)
    gdp_partner = serializers.DecimalField(max_digits=14, decimal_places=2)


class LedgerYearSerializer(serializers.Serializer):
    year = serializers.CharField()
    tax = serializers.DecimalField(max_digits=16, decimal_places=2)
    tax_host = serializers.DecimalField(max_digits=16, decimal_places=2)
    tax_partner = serializers.DecimalField(max_digits=16, decimal_places=2)
    gdp = serializers.DecimalField(max_digits=16, decimal_places=2)
    gdp_host = serializers.DecimalField(max_digits=16, decimal_places=2)
    gdp_partner = serializers.DecimalField(max_digits=16, decimal_places=2)
    rows = LedgerRowSerializer(many=True)
