"""AWS adapter: reads account state with boto3 and returns provider-neutral models."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import boto3
from botocore.exceptions import BotoCoreError, ClientError

from .state import (
    AccountSummary,
    Bucket,
    IamUser,
    IngressRule,
    PublicAccessBlock,
    SecurityGroup,
    Volume,
)

if TYPE_CHECKING:
    from mypy_boto3_ec2.type_defs import IpPermissionOutputTypeDef
    from mypy_boto3_s3.type_defs import GrantTypeDef

PUBLIC_GRANTEES = frozenset(
    {
        "http://acs.amazonaws.com/groups/global/AllUsers",
        "http://acs.amazonaws.com/groups/global/AuthenticatedUsers",
    }
)
NO_BLOCK_CONFIGURATION = frozenset(
    {"NoSuchPublicAccessBlockConfiguration", "NoSuchPublicAccessBlock"}
)


class IncompleteResponseError(BotoCoreError):
    """AWS documents every field of a listed resource as optional. A resource that comes
    without its id cannot be assessed or reported, and skipping it would pass it silently,
    so the scan stops and says so (the CLI reports it as an AWS error)."""

    fmt = "{operation} returned a resource without {field}: the scan cannot assess it"


def _error_code(error: ClientError) -> str:
    return str(error.response.get("Error", {}).get("Code", ""))


def _rule_from_permission(permission: IpPermissionOutputTypeDef) -> IngressRule:
    cidrs = [r["CidrIp"] for r in permission.get("IpRanges", []) if "CidrIp" in r]
    cidrs += [r["CidrIpv6"] for r in permission.get("Ipv6Ranges", []) if "CidrIpv6" in r]
    return IngressRule(
        protocol=str(permission.get("IpProtocol", "-1")),
        from_port=permission.get("FromPort"),
        to_port=permission.get("ToPort"),
        cidrs=tuple(cidrs),
    )


def acl_is_public(grants: Sequence[GrantTypeDef]) -> bool:
    """Whether an S3 ACL grants anything to everyone or to any AWS account."""
    return any(grant.get("Grantee", {}).get("URI") in PUBLIC_GRANTEES for grant in grants)


def block_from_configuration(config: Mapping[str, object]) -> PublicAccessBlock:
    """The four Block Public Access flags as S3 (or S3 Control) returns them."""
    return PublicAccessBlock(
        block_public_acls=bool(config.get("BlockPublicAcls", False)),
        ignore_public_acls=bool(config.get("IgnorePublicAcls", False)),
        block_public_policy=bool(config.get("BlockPublicPolicy", False)),
        restrict_public_buckets=bool(config.get("RestrictPublicBuckets", False)),
    )


def _principal_is_public(principal: Any) -> bool:
    if principal == "*":
        return True
    if isinstance(principal, dict):
        aws = principal.get("AWS")
        values = aws if isinstance(aws, list) else [aws]
        return "*" in values
    return False


def policy_is_public(policy_text: str) -> bool:
    """Whether a bucket policy allows anyone (``Principal: "*"``) without a condition.

    A deliberately simple reading: conditions (source VPC, org ID...) are assumed to
    restrict access. AWS Access Analyzer gives the authoritative answer.
    """
    document = json.loads(policy_text)
    statements = document.get("Statement", [])
    if isinstance(statements, dict):
        statements = [statements]
    return any(
        statement.get("Effect") == "Allow"
        and _principal_is_public(statement.get("Principal"))
        and not statement.get("Condition")
        for statement in statements
    )


class Boto3StateProvider:
    """Implements :class:`~.state.AccountStateProvider` against a real (or moto) account.

    Needs read-only permissions: the AWS managed ``SecurityAudit`` policy is enough.
    """

    def __init__(
        self, session: boto3.session.Session | None = None, regions: Sequence[str] = ()
    ) -> None:
        self.session = session or boto3.session.Session()
        self._regions = list(regions) or [self.session.region_name or "us-east-1"]

    def account_id(self) -> str:
        return self.session.client("sts").get_caller_identity()["Account"]

    def regions(self) -> list[str]:
        return list(self._regions)

    def security_groups(self) -> list[SecurityGroup]:
        groups = []
        for region in self._regions:
            ec2 = self.session.client("ec2", region_name=region)
            for page in ec2.get_paginator("describe_security_groups").paginate():
                for group in page["SecurityGroups"]:
                    group_id = group.get("GroupId")
                    if group_id is None:
                        raise IncompleteResponseError(
                            operation=f"DescribeSecurityGroups ({region})", field="GroupId"
                        )
                    groups.append(
                        SecurityGroup(
                            id=group_id,
                            name=group.get("GroupName", ""),
                            region=region,
                            vpc_id=group.get("VpcId"),
                            ingress=tuple(
                                _rule_from_permission(p) for p in group.get("IpPermissions", [])
                            ),
                        )
                    )
        return groups

    def volumes(self) -> list[Volume]:
        volumes = []
        for region in self._regions:
            ec2 = self.session.client("ec2", region_name=region)
            for page in ec2.get_paginator("describe_volumes").paginate():
                for volume in page["Volumes"]:
                    volume_id = volume.get("VolumeId")
                    if volume_id is None:
                        raise IncompleteResponseError(
                            operation=f"DescribeVolumes ({region})", field="VolumeId"
                        )
                    attachments = volume.get("Attachments", [])
                    volumes.append(
                        Volume(
                            id=volume_id,
                            region=region,
                            encrypted=bool(volume.get("Encrypted", False)),
                            attached_to=attachments[0].get("InstanceId") if attachments else None,
                        )
                    )
        return volumes

    def buckets(self) -> list[Bucket]:
        s3 = self.session.client("s3")
        buckets = []
        for entry in s3.list_buckets().get("Buckets", []):
            name = entry.get("Name")
            if name is None:
                raise IncompleteResponseError(operation="ListBuckets", field="Name")
            acl = s3.get_bucket_acl(Bucket=name)
            try:
                policy_public = policy_is_public(s3.get_bucket_policy(Bucket=name)["Policy"])
            except ClientError as error:
                if _error_code(error) != "NoSuchBucketPolicy":
                    raise
                policy_public = False
            try:
                config = s3.get_public_access_block(Bucket=name)["PublicAccessBlockConfiguration"]
                block = block_from_configuration(config)
            except ClientError as error:
                if _error_code(error) not in NO_BLOCK_CONFIGURATION:
                    raise
                block = PublicAccessBlock()
            buckets.append(
                Bucket(
                    name=name,
                    acl_public=acl_is_public(acl.get("Grants", [])),
                    policy_public=policy_public,
                    public_access_block=block,
                )
            )
        return buckets

    def account_public_access_block(self) -> PublicAccessBlock:
        """Account-level Block Public Access (S3 Control); all off when never configured."""
        s3control = self.session.client("s3control")
        try:
            response = s3control.get_public_access_block(AccountId=self.account_id())
        except ClientError as error:
            if _error_code(error) not in NO_BLOCK_CONFIGURATION:
                raise
            return PublicAccessBlock()
        return block_from_configuration(response["PublicAccessBlockConfiguration"])

    def ebs_encryption_by_default(self) -> dict[str, bool]:
        """The per-region account setting CIS 2.2.1 audits."""
        return {
            region: bool(
                self.session.client("ec2", region_name=region)
                .get_ebs_encryption_by_default()
                .get("EbsEncryptionByDefault", False)
            )
            for region in self._regions
        }

    def iam_users(self) -> list[IamUser]:
        iam = self.session.client("iam")
        users = []
        for page in iam.get_paginator("list_users").paginate():
            for user in page["Users"]:
                name = user["UserName"]
                try:
                    iam.get_login_profile(UserName=name)
                    console = True
                except ClientError as error:
                    if _error_code(error) != "NoSuchEntity":
                        raise
                    console = False
                devices = iam.list_mfa_devices(UserName=name)["MFADevices"]
                users.append(IamUser(name=name, console_access=console, mfa_enabled=bool(devices)))
        return users

    def account_summary(self) -> AccountSummary:
        summary = self.session.client("iam").get_account_summary()["SummaryMap"]
        return AccountSummary(
            root_access_keys_present=summary.get("AccountAccessKeysPresent", 0) > 0,
            root_mfa_enabled=summary.get("AccountMFAEnabled", 0) > 0,
        )
