"""Reruns for free: an ingest of unchanged inputs with unchanged options reuses a complete run's outputs.

The **output key** is a hash of everything the outputs depend on: the result cache's fingerprint
(selfeval version, patterns, code, reading libraries, the settings that change records such as
``--no-ocr``), the inputs in order (each shown path with its sha256, or the problem of an entry that
cannot be read) and the options that change outputs (the bytes of ``--overrides`` and ``--aliases``,
the input limits).  A run that wrote its outputs completely records in ``manifest.json`` the key,
each output's sha256, what it said on the terminal and its exit status, and keeps a copy of its
outputs in the cache folder, ``<cache>/outputs/<key>/`` (the ``KEEP_SETS`` most recently used sets,
``KEEP_BYTES`` at most).

A rerun with the same key

* writes nothing when ``--out`` holds that run, complete and untouched (its manifest, and every output
  it lists with the recorded size and sha256);
* else copies the outputs from the cache (each copy checked against its sha256 as it is made) and
  publishes them the way a run does (staged, then moved, manifest last);
* else reads the inputs (cached records from the result cache) and writes every output.

Nothing is reused with ``--no-cache``, with ``--db`` (the store must take the run), nor from a run that
had an input error that may not happen again (a timeout, a crashed worker, an internal error) or
could not write report.html.  Deciding takes no patterns, no jieba, no worker, no pydantic parsing:
hashing the inputs once (:func:`~extract.cache.input_shas`; the result cache gets the same hashes)
and the outputs once.  Nothing here prints.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .cache import ResultCache, file_sha256, input_shas
from .output.commit import MANIFEST_FILE, read_manifest, staged_run, terminate_raises
from .read.entries import shown_path

OUTPUTS_FOLDER = "outputs"  # in the cache folder: one sub-folder of outputs per key
KEEP_SETS = 8  # output sets kept in the cache; the least recently used go first
KEEP_BYTES = 2 << 30  # and no more than this between them (the most recent set is kept whatever its size)
STALE_S = 3600  # a half-written set older than this belongs to a run that died
TRANSIENT_ERRORS = frozenset({"timeout", "crashed", "internal"})  # may not happen again: never reused
CHUNK = 1 << 20
KEY_VERSION = "selfeval outputs 1"
#: manifest fields that belong to the run that wrote the outputs, not to the outputs themselves
RUN_FIELDS = ("complete", "selfeval", "finished", "files")


class Damaged(Exception):
    """An output in the cache is not what its manifest says."""


@dataclass
class Plan:
    """An ingest's inputs, their sha256 (None without a cache), and its output key (None: nothing reused)."""

    shas: list[str | None] | None = None
    key: str | None = None
    store: Path | None = None  # <cache>/outputs

    @property
    def kept(self) -> Path | None:
        return self.store / self.key if self.store is not None and self.key else None


@dataclass
class Reused:
    """Outputs reused: the manifest of the run that made them, and where they came from."""

    manifest: dict
    source: Path
    copied: bool


@dataclass
class Tally:
    """What one ingest run counts, and the manifest fields that let a rerun reuse its outputs."""

    records: int = 0
    errors: int = 0
    severities: Counter = field(default_factory=Counter)
    reusable: bool = True

    def add_record(self, record) -> None:
        self.records += 1
        self.severities.update(f.severity for f in record.findings)

    def add_error(self, kind: str) -> None:
        self.errors += 1
        self.reusable = self.reusable and kind not in TRANSIENT_ERRORS

    @property
    def exit_code(self) -> int:
        return 1 if self.errors else 0

    def manifest_fields(self, plan: Plan, staging: Path, said: dict) -> dict:
        """The counts, the exit status and what the run said; with a key, the outputs' sha256 too."""
        fields = {"records": self.records, "errors": self.errors, "exit": self.exit_code,
                  "said": {**said, "severities": dict(self.severities)}}
        if plan.key and self.reusable:
            fields["key"] = plan.key
            fields["sha256"] = {p.name: file_sha256(p) for p in sorted(staging.iterdir())}
        return fields


def plan_rerun(files: list, args, cache: ResultCache | None) -> Plan:
    """Hash the inputs (once) and make the output key, when the result cache is on and there is no --db."""
    if cache is None:
        return Plan()
    shas = input_shas(files)
    if getattr(args, "db", None):
        return Plan(shas)
    key = output_key(files, shas, args, cache.folder.name)
    return Plan(shas, key, cache.root / OUTPUTS_FOLDER)


def output_key(files: list, shas: list[str | None], args, stamp: str) -> str | None:
    """The hash of what the outputs depend on (see the module text); None when an option file cannot be read."""
    from .options import limits_of

    digest = hashlib.sha256(f"{KEY_VERSION}\0{stamp}\0".encode())
    for file, sha in zip(files, shas):
        path = shown_path(os.fspath(getattr(file, "path", file)))
        problem = f"{getattr(file, 'problem', None) or ''}\0{getattr(file, 'message', '')}"
        digest.update(f"{path}\0{sha or ''}\0{problem}\n".encode("utf-8", "surrogateescape"))
    for name in ("overrides", "aliases"):
        option = getattr(args, name, None)
        if option:
            sha = file_sha256(option)
            if sha is None:
                return None
            digest.update(f"--{name} {Path(option).suffix.lower()} {sha}\n".encode())
    digest.update(repr(limits_of(args)).encode())
    return digest.hexdigest()[:32]


def reuse_outputs(plan: Plan, out: str | os.PathLike) -> Reused | None:
    """The outputs of the run with ``plan``'s key: already in ``out`` (nothing written), or copied there
    from the cache; None when neither holds them whole."""
    if not plan.key:
        return None
    out = Path(out)
    manifest = read_manifest(out)
    if usable(manifest, plan.key) and outputs_intact(out, manifest):
        return Reused(manifest, out, copied=False)
    kept = plan.kept
    manifest = read_manifest(kept)
    if not usable(manifest, plan.key):
        return None
    try:
        copy_outputs(kept, out, manifest)
    except (Damaged, OSError):
        return None
    _touch(kept)
    return Reused(manifest, kept, copied=True)


def usable(manifest: dict | None, key: str) -> bool:
    """A complete run's manifest with ``key`` and everything a rerun needs from it (outputs named plainly,
    each with its size and sha256; what the run said; its exit status)."""
    if manifest is None or manifest.get("key") != key:
        return False
    sizes, hashes, said = manifest.get("files"), manifest.get("sha256"), manifest.get("said")
    return (isinstance(sizes, dict) and isinstance(hashes, dict) and set(sizes) == set(hashes)
            and all(_plain(name) and isinstance(sha, str) for name, sha in hashes.items())
            and all(isinstance(size, int) for size in sizes.values())
            and isinstance(said, dict) and _said_whole(said)
            and all(isinstance(manifest.get(n), int) for n in ("records", "errors", "exit")))


def _plain(name: object) -> bool:
    return isinstance(name, str) and name not in ("", MANIFEST_FILE) and not name.startswith(".") \
        and "/" not in name and "\\" not in name


def _said_whole(said: dict) -> bool:
    texts = all(isinstance(said.get(n), list) and all(isinstance(t, str) for t in said[n])
                for n in ("warnings", "notes", "shown"))
    counts = isinstance(said.get("severities"), dict) and all(isinstance(v, int) for v in said["severities"].values())
    return texts and counts and isinstance(said.get("corrected"), int)


def outputs_intact(folder: Path, manifest: dict) -> bool:
    """Every output the (:func:`usable`) manifest lists is in ``folder`` with its recorded size and sha256."""
    for name, size in manifest["files"].items():
        path = folder / name
        try:
            if path.stat().st_size != size:
                return False
        except OSError:
            return False
    return all(file_sha256(folder / name) == sha for name, sha in manifest["sha256"].items())


def copy_outputs(kept: Path, out: Path, manifest: dict) -> None:
    """Copy a kept set into ``out`` the way a run publishes (staged, manifest last); Damaged when a copy
    does not match its sha256 (then ``out`` keeps what it held)."""
    with staged_run(out) as staged, terminate_raises():
        for name, sha in manifest["sha256"].items():
            if _copy_hashed(kept / name, staged.staging / name) != sha:
                raise Damaged(name)
        fields = {k: v for k, v in manifest.items() if k not in RUN_FIELDS}
        staged.publish({**fields, "reused_from": str(kept)}, manifest.get("selfeval", ""))


def _copy_hashed(source: Path, target: Path) -> str:
    """Copy ``source`` to ``target`` in chunks; the sha256 of the bytes copied."""
    digest = hashlib.sha256()
    with source.open("rb") as src, target.open("wb") as dst:
        while chunk := src.read(CHUNK):
            digest.update(chunk)
            dst.write(chunk)
    return digest.hexdigest()


def keep_outputs(plan: Plan, out: str | os.PathLike) -> None:
    """After a run: keep a copy of ``out``'s outputs under the key (written whole, then renamed into
    place), then drop the least recently used sets past ``KEEP_SETS``.  A cache that cannot be
    written is skipped."""
    manifest = read_manifest(out)
    kept = plan.kept
    if kept is None or manifest is None or manifest.get("key") != plan.key:
        return
    try:
        plan.store.mkdir(parents=True, exist_ok=True)
        partial = Path(tempfile.mkdtemp(dir=plan.store, prefix=".tmp-"))
    except OSError:
        return
    try:
        for name, sha in manifest["sha256"].items():
            if _copy_hashed(Path(out) / name, partial / name) != sha:
                raise Damaged(name)  # changed since it was published: keep nothing
        shutil.copyfile(Path(out) / MANIFEST_FILE, partial / MANIFEST_FILE)
        if kept.exists():
            shutil.rmtree(kept)  # the same outputs, kept by an earlier run
        os.replace(partial, kept)
    except (Damaged, OSError):
        shutil.rmtree(partial, ignore_errors=True)
        return
    prune(plan.store)


def prune(store: Path, keep: int = KEEP_SETS, keep_bytes: int = KEEP_BYTES) -> None:
    """Drop the least recently used output sets past ``keep`` sets or ``keep_bytes`` bytes, and half-written
    sets of runs that died."""
    try:
        folders = [p for p in store.iterdir() if p.is_dir()]
    except OSError:
        return
    now = time.time()
    sets = sorted((p for p in folders if not p.name.startswith(".")), key=_mtime, reverse=True)
    total, kept = 0, 0
    for folder in sets:
        total += _bytes(folder)
        if kept and (kept >= keep or total > keep_bytes):
            break
        kept += 1
    stale = [p for p in folders if p.name.startswith(".tmp-") and now - _mtime(p) > STALE_S]
    for folder in [*sets[kept:], *stale]:
        shutil.rmtree(folder, ignore_errors=True)


def _bytes(folder: Path) -> int:
    try:
        return sum(entry.stat().st_size for entry in os.scandir(folder) if entry.is_file())
    except OSError:
        return 0


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def _touch(path: Path) -> None:
    try:
        os.utime(path)
    except OSError:
        pass
