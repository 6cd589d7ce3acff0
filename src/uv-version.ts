/**
 * The one uv version of a generated repository: GitHub's setup-uv `version:`, GitLab's
 * UV_VERSION and the Dockerfile's `pip install uv==` all render from this constant (and
 * test/gates/requirements.txt pins the same uv for the gates; a unit test holds them
 * together). A lock written by one uv is checked by the same uv everywhere.
 */
export const UV_VERSION = "0.13.9";
