/**
 * How to install a generated project without uv. `--group` (PEP 735 dependency groups)
 * needs pip 25.1, and the pip a fresh venv brings is older on the Pythons we support
 * (3.11 ships 23.x/24.x), so the line upgrades pip inside the venv first. Shown by the
 * README and by the CLI's next steps; the gates run it as the README prints it.
 */
export const PIP_FALLBACK = `python3 -m venv .venv && . .venv/bin/activate && python -m pip install --upgrade "pip>=25.1" && pip install -e . --group dev`;
