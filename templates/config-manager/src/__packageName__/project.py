"""A configuration project on disk: inventory, resources and Jinja2 templates.

Layout::

    <project>/inventory.yaml
    <project>/resources.yaml
    <project>/templates/*.j2
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib.resources import as_file, files
from pathlib import Path
from typing import Any

import jinja2
import yaml
from yaml.composer import ComposerError

from .inventory import load_inventory
from .models import ConfigError, Inventory, Resource, Vars
from .resources import load_resources

INVENTORY_FILE = "inventory.yaml"
RESOURCES_FILE = "resources.yaml"
TEMPLATES_DIR = "templates"


class TemplateRenderError(ConfigError):
    """A template could not be rendered (typically an undefined variable)."""


@dataclass(frozen=True)
class Project:
    root: Path
    inventory: Inventory
    resources: list[Resource]
    environment: jinja2.Environment

    def render(self, template: str, variables: Vars, *, host: str) -> str:
        """Render ``template`` for ``host``; any undefined variable is an error."""
        try:
            return self.environment.get_template(template).render(variables)
        except jinja2.TemplateNotFound as exc:
            raise TemplateRenderError(
                f"template {template!r} not found in {self.root / TEMPLATES_DIR}"
            ) from exc
        except jinja2.UndefinedError as exc:
            raise TemplateRenderError(
                f"template {template!r} for host {host!r}: {exc.message}"
            ) from exc
        except jinja2.TemplateSyntaxError as exc:
            raise TemplateRenderError(
                f"template {template!r} line {exc.lineno}: {exc.message}"
            ) from exc


# Anchors and aliases are handy (`vars: *base`), but nested aliases multiply: nine
# levels of nine references are 387 million nodes once something walks the result.
MAX_ALIASES = 100


class BoundedAliasLoader(yaml.SafeLoader):
    """``yaml.SafeLoader`` that refuses documents with more than MAX_ALIASES aliases."""

    aliases = 0

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            self.aliases += 1
            if self.aliases > MAX_ALIASES:
                raise ComposerError(
                    None, None, f"more than {MAX_ALIASES} aliases (alias bomb?)", None
                )
        return super().compose_node(parent, index)


def _read_yaml(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        hint = (
            "give the project directory with --project DIR, or try the bundled example with --demo"
            if path.name == INVENTORY_FILE
            else "every project needs one"
        )
        raise ConfigError(f"{path}: file not found; {hint}") from exc
    try:
        loader = BoundedAliasLoader(text)
        try:
            return loader.get_single_data()
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: invalid YAML: {exc}") from exc


def make_environment(templates: Path) -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        # Config files are not HTML: escape only templates that are markup.
        autoescape=jinja2.select_autoescape(("html", "htm", "xml"), default=False),
    )


def load_project(root: Path) -> Project:
    """Load and validate a project directory (see the module docstring)."""
    if not root.is_dir():
        raise ConfigError(f"{root}: not a project directory")
    return Project(
        root=root,
        inventory=load_inventory(_read_yaml(root / INVENTORY_FILE)),
        resources=load_resources(_read_yaml(root / RESOURCES_FILE)),
        environment=make_environment(root / TEMPLATES_DIR),
    )


@contextmanager
def example_project() -> Iterator[Project]:
    """The example project bundled with the package (used by ``--demo``)."""
    if not __package__:  # typed optional: a file run as a script has no package
        raise RuntimeError(f"{__name__} must be imported from its package to find its data")
    with as_file(files(__package__) / "data" / "example") as path:
        yield load_project(path)
