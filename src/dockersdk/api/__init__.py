"""The low-level Engine API client."""

from dockersdk.api.client import APIClient

__all__ = ["APIClient"]
