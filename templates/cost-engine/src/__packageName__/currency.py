"""Report currency: prices are USD, reports may show EUR or GBP at a configured rate."""

from __future__ import annotations

from dataclasses import dataclass

from . import settings

SUPPORTED_CURRENCIES = ("USD", "EUR", "GBP")
MAX_RATE = 1000.0
"""Upper bound on units per USD: far above EUR or GBP, far below a typo (or 1e308 -> inf)."""


@dataclass(frozen=True)
class CurrencyConfig:
    """``rate`` is how many units of ``code`` one US dollar buys."""

    code: str = "USD"
    rate: float = 1.0

    def __post_init__(self) -> None:
        if self.code not in SUPPORTED_CURRENCIES:
            choices = ", ".join(SUPPORTED_CURRENCIES)
            raise ValueError(f"unsupported currency {self.code!r}; choose one of {choices}")
        if not 0 < self.rate <= MAX_RATE:  # also refuses NaN
            raise ValueError(f"exchange rate must be > 0 and at most {MAX_RATE:g}, got {self.rate}")
        if self.code == "USD" and self.rate != 1:
            raise ValueError("the USD exchange rate is always 1")

    def convert(self, usd: float) -> float:
        return usd * self.rate

    def format(self, usd: float) -> str:
        """``1234.5`` USD -> ``"1,135.74 EUR"`` at rate 0.92."""
        return f"{self.convert(usd):,.2f} {self.code}"


def resolve_currency(code: str | None = None, rate: float | None = None) -> CurrencyConfig:
    """Combine the generated defaults in ``settings`` with command-line overrides.

    The configured rate only applies to the configured currency: switching to another
    non-USD currency needs an explicit rate, so a stale rate is never applied silently.
    """
    chosen = (code or settings.CURRENCY).upper()
    if rate is not None:
        return CurrencyConfig(chosen, rate)
    if chosen == "USD":
        return CurrencyConfig("USD", 1.0)
    if chosen == settings.CURRENCY:
        return CurrencyConfig(chosen, float(settings.EXCHANGE_RATE))
    raise ValueError(
        f"--rate is required for {chosen} (the configured currency is {settings.CURRENCY})"
    )
