"""Which errors mean "the file store is not answering" (an S3-compatible store answering 5xx, or
not reachable, after botocore's own retries; a full or unreachable disk), so that a task or a
page says so in words instead of "internal error". Pure: botocore is recognised by the
exception's module, so nothing here imports it."""


def store_unavailable(error: BaseException) -> bool:
    """True for an error of the storage layer that trying again later can cure."""
    for cls in type(error).__mro__:
        if cls.__module__.startswith(("botocore.", "boto3.", "s3transfer.")):
            response = getattr(error, "response", None)
            if isinstance(response, dict):  # a ClientError: only the store's own faults (5xx)
                status = response.get("ResponseMetadata", {}).get("HTTPStatusCode") or 0
                return status >= 500
            return True  # connection refused, timeouts, closed connections
    return isinstance(error, OSError) and not isinstance(error, FileNotFoundError | PermissionError)
