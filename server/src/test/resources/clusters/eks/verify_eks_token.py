"""Checks a presigned EKS token URL against the reference tools (used by EksTokenMotoTest).

usage: verify_eks_token.py <presigned url> <eks cluster name> <access key> <secret key> <region>

1. Signs the same request the way `aws eks get-token` does (botocore STS presign with the
   x-k8s-aws-id header injected before signing), at the URL's X-Amz-Date, and reports botocore's
   signature so the caller can compare it with its own.
2. Fetches the URL, as the EKS authenticator does, from moto's STS GetCallerIdentity (moto
   in-process; moto_server cannot route a presigned GET because it dispatches on the
   Authorization header or the form body, neither of which a presigned GET has).
Prints one JSON object.
"""
import datetime
import json
import sys
from urllib.parse import parse_qs, urlsplit

import botocore.auth
import botocore.session
import requests
from moto import mock_aws

url, cluster, access_key, secret_key, region = sys.argv[1:6]
parts = urlsplit(url)
query = {k: v[0] for k, v in parse_qs(parts.query).items()}
signed_at = datetime.datetime.strptime(query["X-Amz-Date"], "%Y%m%dT%H%M%SZ")
botocore.auth.get_current_datetime = lambda *a, **k: signed_at

session = botocore.session.get_session()
sts = session.create_client(
    "sts",
    region_name=region,
    endpoint_url=f"{parts.scheme}://{parts.netloc}",
    aws_access_key_id=access_key,
    aws_secret_access_key=secret_key,
)


def retrieve_id(params, context, **kwargs):
    if "x-k8s-aws-id" in params:
        context["x-k8s-aws-id"] = params.pop("x-k8s-aws-id")


def inject_header(request, **kwargs):
    if "x-k8s-aws-id" in request.context:
        request.headers["x-k8s-aws-id"] = request.context["x-k8s-aws-id"]


sts.meta.events.register("provide-client-params.sts.GetCallerIdentity", retrieve_id)
sts.meta.events.register("before-sign.sts.GetCallerIdentity", inject_header)
reference = sts.generate_presigned_url(
    "get_caller_identity", Params={"x-k8s-aws-id": cluster}, ExpiresIn=60, HttpMethod="GET")
ref_query = {k: v[0] for k, v in parse_qs(urlsplit(reference).query).items()}

with mock_aws():
    response = requests.get(url, headers={"x-k8s-aws-id": cluster}, timeout=30)

print(json.dumps({
    "referenceUrl": reference,
    "referenceSignature": ref_query.get("X-Amz-Signature"),
    "referenceSignedHeaders": ref_query.get("X-Amz-SignedHeaders"),
    "motoStatus": response.status_code,
    "motoBody": response.text,
}))
