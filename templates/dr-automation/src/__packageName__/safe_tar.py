"""Extract a files backup without trusting the archive or the interpreter's tar filter.

Every member is checked before anything is written: no absolute names, no ``..``, only
regular files, directories, symlinks and hard links; a symlink's target must stay inside
the destination without passing through another link (chains are how CVE-2025-4517
escapes ``tarfile``'s ``data`` filter on unpatched interpreters); nothing is ever written
through a symlink, in the archive or already on disk. Symlinks are restored as symlinks.
"""

from __future__ import annotations

import os
import shutil
import stat
import tarfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

_MAX_PROBLEMS = 10
_O_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


class UnsafeArchiveError(ValueError):
    """The archive holds a member that could write outside the destination."""


@dataclass(frozen=True)
class RestoreStats:
    files: int
    bytes: int
    symlinks: int

    def as_details(self) -> dict[str, int]:
        """Manifest ``details``; ``symlinks`` only when there are any (older manifests)."""
        details = {"files": self.files, "bytes": self.bytes}
        if self.symlinks:
            details["symlinks"] = self.symlinks
        return details


def _parts(name: str) -> tuple[str, ...] | str:
    """The member's path components, or why the name is unsafe."""
    if not name or "\x00" in name:
        return "empty or NUL in name"
    if name.startswith("/") or PurePosixPath(name).is_absolute() or "\\" in name:
        return "absolute or backslash name"
    parts = tuple(p for p in name.split("/") if p not in ("", "."))
    if ".." in parts:
        return "'..' in name"
    if not parts:
        return "names the destination itself"
    return parts


def _link_target(
    member_parts: tuple[str, ...], linkname: str, links: set[tuple[str, ...]]
) -> tuple[str, ...] | str:
    """Resolve a symlink's target lexically; refuse escapes and paths through other links."""
    if not linkname or linkname.startswith("/") or "\x00" in linkname:
        return f"symlink to {linkname!r} points outside the destination"
    current = list(member_parts[:-1])
    for part in linkname.split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            if not current:
                return f"symlink to {linkname!r} points outside the destination"
            current.pop()
            continue
        current.append(part)
        # Lexical resolution is only what the kernel does if no component is a link.
        if tuple(current) in links:
            return f"symlink to {linkname!r} goes through a link"
    return tuple(current)


def check_members(members: list[tarfile.TarInfo]) -> list[tuple[tuple[str, ...], tarfile.TarInfo]]:
    """Every member with its checked path components; raises with all problems at once."""
    problems: list[str] = []
    checked: list[tuple[tuple[str, ...], tarfile.TarInfo]] = []
    links = set()
    regular: set[tuple[str, ...]] = set()
    for member in members:
        parts = _parts(member.name)
        if isinstance(parts, str):
            problems.append(f"{member.name!r}: {parts}")
            continue
        if member.issym():
            links.add(parts)
        checked.append((parts, member))
    for parts, member in checked:
        where = "/".join(parts)
        if any(parts[:i] in links for i in range(1, len(parts))):
            problems.append(f"{where!r}: written through a link")
        if member.issym():
            target = _link_target(parts, member.linkname, links)
            if isinstance(target, str):
                problems.append(f"{where!r}: {target}")
        elif member.islnk():
            link_parts = _parts(member.linkname)
            if isinstance(link_parts, str) or link_parts not in regular:
                problems.append(f"{where!r}: hard link to {member.linkname!r} outside the archive")
        elif member.isreg():
            regular.add(parts)
        elif not member.isdir():
            problems.append(f"{where!r}: special file (device or FIFO)")
    if problems:
        shown = "; ".join(problems[:_MAX_PROBLEMS])
        more = len(problems) - _MAX_PROBLEMS
        raise UnsafeArchiveError(
            f"unsafe archive, nothing restored: {shown}" + (f" (+{more} more)" if more > 0 else "")
        )
    return checked


def _no_symlink_on_disk(dest: Path, parts: tuple[str, ...]) -> None:
    for i in range(1, len(parts)):
        if (dest.joinpath(*parts[:i])).is_symlink():
            raise UnsafeArchiveError(
                f"{dest.joinpath(*parts[:i])} is a symlink; refusing to write through it"
            )


def existing_paths(dest: Path, checked: list[tuple[tuple[str, ...], tarfile.TarInfo]]) -> list[str]:
    """Members that would replace something already in ``dest`` (directories are merged)."""
    found = []
    for parts, member in checked:
        path = dest.joinpath(*parts)
        if path.is_symlink() or (path.exists() and not (member.isdir() and path.is_dir())):
            found.append(str(path))
    return found


def extract(tar: tarfile.TarFile, dest: Path, *, overwrite: bool) -> RestoreStats:
    """Check, then extract every member into ``dest``; modes, times (and owners as root) kept."""
    checked = check_members(tar.getmembers())
    for parts, _member in checked:
        _no_symlink_on_disk(dest, parts)
    clash = existing_paths(dest, checked)
    if clash and not overwrite:
        listed = ", ".join(clash[:_MAX_PROBLEMS])
        raise FileExistsError(
            f"restore would replace {len(clash)} existing path(s): {listed}; use --force"
        )
    dest.mkdir(parents=True, exist_ok=True)
    as_root = hasattr(os, "geteuid") and os.geteuid() == 0
    files = size = symlinks = 0
    directories: list[tuple[Path, tarfile.TarInfo]] = []
    for parts, member in checked:
        path = dest.joinpath(*parts)
        path.parent.mkdir(parents=True, exist_ok=True)
        if member.isdir():
            if not path.is_dir():
                path.unlink(missing_ok=True)
                path.mkdir()
            directories.append((path, member))
            continue
        if path.is_dir() and not path.is_symlink():
            # --force replaces files, never a whole directory the backup did not contain.
            raise FileExistsError(f"{path} is a directory; the backup has a file there")
        if path.is_symlink() or path.exists():
            path.unlink()
        if member.issym():
            path.symlink_to(member.linkname)
            symlinks += 1
        elif member.islnk():
            os.link(dest.joinpath(*str(member.linkname).split("/")), path)
            files += 1
            size += path.stat().st_size
            continue
        else:
            source = tar.extractfile(member)
            if source is None:  # pragma: no cover - a regular member always has data
                raise UnsafeArchiveError(f"{member.name!r}: no data")
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_NOFOLLOW
            with source, os.fdopen(os.open(path, flags, 0o600), "wb") as handle:
                shutil.copyfileobj(source, handle)
            path.chmod(stat.S_IMODE(member.mode) & 0o777)
            os.utime(path, (member.mtime, member.mtime))
            files += 1
            size += member.size
        if as_root:
            os.lchown(path, member.uid, member.gid)
    # Directory modes last and deepest first, so a read-only directory can still be filled.
    for path, member in sorted(directories, key=lambda d: len(d[0].parts), reverse=True):
        if as_root:
            os.lchown(path, member.uid, member.gid)
        path.chmod(stat.S_IMODE(member.mode) & 0o777)
        os.utime(path, (member.mtime, member.mtime))
    return RestoreStats(files, size, symlinks)
