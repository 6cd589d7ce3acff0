"""The normalised finding every check and importer produces."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from .compat import StrEnum


class Severity(StrEnum):
    """Severity levels, ordered from most to least severe."""

    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"
    INFO = "info"

    @property
    def rank(self) -> int:
        """Higher is more severe (critical = 4, info = 0)."""
        return len(_ORDER) - 1 - _ORDER.index(self)

    @classmethod
    def parse(cls, value: str) -> Severity:
        """Map a scanner's severity word (any case) onto this scale."""
        word = value.strip().lower()
        word = _ALIASES.get(word, word)
        try:
            return cls(word)
        except ValueError:
            return cls.INFO


_ORDER = list(Severity)
_ALIASES = {"moderate": "medium", "unknown": "info", "undefined": "info", "negligible": "info"}


def control_ref(framework: str, control_id: str) -> str:
    """A control reference as used in findings: ``"<framework>:<control id>"``."""
    return f"{framework}:{control_id}"


def split_control(ref: str) -> tuple[str, str]:
    """Split ``"soc2:CC6.1"`` into ``("soc2", "CC6.1")``."""
    framework, sep, control_id = ref.partition(":")
    if not sep or not framework or not control_id:
        msg = f"control reference must look like 'framework:control', got {ref!r}"
        raise ValueError(msg)
    return framework, control_id


class Location(BaseModel):
    """Where in a source tree a finding sits (used for SARIF physical locations)."""

    model_config = ConfigDict(frozen=True)

    path: str
    line: int | None = None


class Finding(BaseModel):
    """One failed check or scanner result, whatever produced it."""

    model_config = ConfigDict(frozen=True)

    id: str
    """Stable identifier: ``<source>:<rule>:<resource>``."""
    title: str
    severity: Severity
    resource: str
    """What is affected: an AWS resource, a file, a package or an image."""
    controls: tuple[str, ...]
    """Framework controls this finding violates, as ``framework:control`` references."""
    remediation: str
    source: str
    """Producer: ``aws``, ``bandit``, ``pip-audit`` or ``trivy``."""
    rule_id: str
    location: Location | None = None
    rule_title: str = ""
    """The rule's own title (same for every finding of the rule); defaults to rule_id."""
    rule_description: str = ""
    """What the rule checks, independent of this finding; defaults to the rule title."""
    help_uri: str = ""

    def controls_in(self, framework: str) -> list[str]:
        """The control IDs of one framework this finding maps to."""
        ids = []
        for ref in self.controls:
            fw, control_id = split_control(ref)
            if fw == framework:
                ids.append(control_id)
        return ids
