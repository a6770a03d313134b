"""A moto S3 server on loopback for the tests that use an S3-compatible store (archives, media)."""

import uuid

import pytest

CREDENTIALS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing", "region_name": "us-east-1"}


@pytest.fixture(scope="session")
def moto_endpoint():
    """One moto server for the session (each test makes its own bucket): its http://host:port."""
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


def new_bucket(endpoint: str, prefix: str) -> str:
    """A fresh bucket with a unique name starting with `prefix`, on the server at `endpoint`."""
    name = f"{prefix}-{uuid.uuid4().hex[:12]}"
    s3_client(endpoint).create_bucket(Bucket=name)
    return name


def s3_client(endpoint: str):
    """A boto3 S3 client of the server at `endpoint`."""
    import boto3

    return boto3.client("s3", endpoint_url=endpoint, **CREDENTIALS)
