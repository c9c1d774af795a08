"""`parkops apikey create --park CODE --name NAME [--write] [--days N]` issues an API key for the
park's integration account (created on first use) and prints the key on its last line;
`parkops apikey revoke PREFIX` revokes one. Both are audited as done by a platform administrator
(`--by USERNAME`, default the first active one)."""

from __future__ import annotations

import datetime as dt
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from parkops.accounts.models import ApiKey, User
from parkops.accounts.services import create_user, issue_api_key, revoke_api_key
from parkops.core.scope import Role


class Command(BaseCommand):
    help = "Create or revoke API keys (create prints the key on its last line)."

    def add_arguments(self, parser):
        parser.add_argument("--by", help="platform administrator recorded as the author")
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="issue a key for a park")
        create.add_argument("--park", required=True, help="park code")
        create.add_argument("--name", required=True, help="what the key is for, e.g. 能耗采集网关")
        create.add_argument("--write", action="store_true", help="read-write (default: read-only)")
        create.add_argument("--days", type=int, default=None, help="expires after N days (default: never)")
        create.add_argument("--by", dest="by_create", help="platform administrator recorded as the author")
        revoke = sub.add_parser("revoke", help="revoke a key by its prefix")
        revoke.add_argument("prefix")
        revoke.add_argument("--by", dest="by_revoke", help="platform administrator recorded as the author")

    def handle(self, *args, **options):
        by = self._author(options.get("by") or options.get("by_create") or options.get("by_revoke"))
        try:
            if options["action"] == "create":
                self._create(by, options)
            else:
                self._revoke(by, options["prefix"])
        except (PermissionDenied, ValidationError) as exc:
            raise CommandError("; ".join(getattr(exc, "messages", [str(exc)]))) from exc

    def _author(self, username: str | None) -> User:
        users = User.objects.filter(is_active=True, is_superuser=True)
        user = users.filter(username=username).first() if username else users.order_by("pk").first()
        if user is None:
            raise CommandError(
                "no active platform administrator" + (f" named {username}" if username else "")
            )
        return user

    def _create(self, by: User, options) -> None:
        from parkops.core.models import Park

        park = Park.objects.filter(code=options["park"]).first()
        if park is None:
            raise CommandError(f"no park with code {options['park']}")
        if options["days"] is not None and options["days"] < 1:
            raise CommandError("--days must be at least 1")
        owner = (
            User.objects.filter(is_active=True, role=Role.API_CLIENT, parks=park, operator=park.operator_id)
            .order_by("pk")
            .first()
        )
        if owner is None:
            owner = create_user(
                by=by,
                username=f"api-{park.code.lower()}",
                password=secrets.token_urlsafe(32) + "-Aa1",  # never shown: the account signs in by key only
                role=Role.API_CLIENT,
                operator=park.operator,
                parks=[park],
                display_name=f"{park.name} 接口账号",
            )
            self.stdout.write(f"created integration account {owner.username}")
        expires = timezone.now() + dt.timedelta(days=options["days"]) if options["days"] else None
        key, raw = issue_api_key(
            by=by,
            owner=owner,
            name=options["name"],
            park_ids=[park.pk],
            can_write=options["write"],
            expires_at=expires,
        )
        self.stdout.write(
            f"key {key.prefix} for {park.code} ({'read-write' if key.can_write else 'read-only'}"
            f"{', expires ' + expires.date().isoformat() if expires else ''}); shown once:"
        )
        self.stdout.write(raw)

    def _revoke(self, by: User, prefix: str) -> None:
        key = ApiKey.objects.filter(prefix=prefix).first()
        if key is None:
            raise CommandError(f"no key with prefix {prefix}")
        revoke_api_key(by=by, key=key)
        self.stdout.write(f"revoked {key.prefix}")
