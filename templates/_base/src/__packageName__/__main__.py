"""Allow ``python -m`` on the package."""

from .cli import main

raise SystemExit(main())
