"""Provider adapters. Each one implements :class:`Provider` for one cloud."""

from .base import Provider, ProviderError

__all__ = ["Provider", "ProviderError"]
