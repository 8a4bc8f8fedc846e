"""Writes for regions, pairings and agreements. The catalogue has no write service: it is the founding
document's text and changes only by migration."""

from duikou.core.services import instance_create, instance_delete, instance_update

from .models import Agreement, Pairing, Region


def region_create(*, user, data: dict) -> Region:
    return instance_create(model=Region, user=user, data=data)


def region_update(*, user, region: Region, data: dict, expected_version: int | None) -> Region:
    return instance_update(instance=region, user=user, data=data, expected_version=expected_version)


def pairing_create(*, user, data: dict) -> Pairing:
    return instance_create(model=Pairing, user=user, data=data)


def pairing_update(*, user, pairing: Pairing, data: dict, expected_version: int | None) -> Pairing:
    return instance_update(instance=pairing, user=user, data=data, expected_version=expected_version)


def agreement_create(*, user, data: dict) -> Agreement:
    return instance_create(model=Agreement, user=user, data=data)


def agreement_update(*, user, agreement: Agreement, data: dict, expected_version: int | None) -> Agreement:
    return instance_update(instance=agreement, user=user, data=data, expected_version=expected_version)


def agreement_delete(*, user, agreement: Agreement) -> None:
    instance_delete(instance=agreement, user=user)
