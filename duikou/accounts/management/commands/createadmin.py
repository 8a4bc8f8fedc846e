"""Create an administrator account on a fresh installation (which has no account and no default password).

    python manage.py createadmin security --role security_admin --organisation "国家发展和改革委员会 信息中心"

The account gets a random one-time password, printed once, which must be changed at first login. The
security administrator then creates every other account in the back office."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from duikou.core.models import AuditAction
from duikou.core.roles import NATIONAL_ROLES, SEPARATED_ADMIN_ROLES, Role
from duikou.core.services import audit_record

from ...models import Organisation, RoleGrant, User
from ...services import generate_initial_password

ALLOWED = sorted(SEPARATED_ADMIN_ROLES | NATIONAL_ROLES)


class Command(BaseCommand):
    help = "Create an administrator account with a one-time password (first start of a new installation)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=ALLOWED)
        parser.add_argument("--organisation", default="国家发展和改革委员会",
                            help="Name of the central government body the account belongs to (created if missing).")
        parser.add_argument("--full-name", default="")
        parser.add_argument("--email", default="")

    @transaction.atomic
    def handle(self, *args, username, role, organisation, full_name, email, **options):
        if User.objects.filter(username=username).exists():
            raise CommandError(f"An account named {username!r} already exists; choose another username.")
        org, _ = Organisation.objects.get_or_create(
            name=organisation, region=None, defaults={"kind": Organisation.Kind.CENTRAL})
        password = generate_initial_password()
        user = User(username=username, organisation=org, full_name=full_name, email=email,
                    must_change_password=True)
        user.set_password(password)
        user.full_clean()
        user.save()
        grant = RoleGrant(user=user, role=Role(role))
        grant.full_clean()
        grant.save()
        audit_record(action=AuditAction.CREATE, username="manage.py createadmin", instance=user,
                     changes={"username": [None, username], "role": [None, role]})
        self.stdout.write(self.style.SUCCESS(f"Created {username} ({Role(role).label})."))
        self.stdout.write(f"One-time password: {password}")
        self.stdout.write("It must be changed at first login. It is not stored anywhere else: note it now.")
