"""The web layer queries and presents: it never reads, parses or ingests documents."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import webapp

FORBIDDEN = ("indexer.extract", "indexer.ingest")
WEBAPP = Path(webapp.__file__).parent
ROOT = WEBAPP.parent


def _forbidden(name: str) -> bool:
    return any(name == f or name.startswith(f + ".") for f in FORBIDDEN)


def test_importing_the_web_app_loads_no_parsing_module() -> None:
    modules = sorted(
        p.relative_to(ROOT).with_suffix("").as_posix().replace("/", ".")
        for p in WEBAPP.rglob("*.py")
    )
    code = (
        "import importlib, json, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name.removesuffix('.__init__'))\n"
        "from webapp import create_app\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    loaded = json.loads(out.stdout)
    assert "webapp.searchpage" in loaded
    assert [m for m in loaded if _forbidden(m)] == []


def test_no_web_module_imports_parsing_modules() -> None:
    offending = []
    for path in sorted(WEBAPP.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
            elif (
                isinstance(node, ast.Call)
                and getattr(node.func, "attr", getattr(node.func, "id", "")) == "import_module"
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                names = [str(node.args[0].value)]
            offending += [f"{path.name}:{node.lineno} {n}" for n in names if _forbidden(n)]
    assert offending == []


def test_views_use_no_sql_and_no_whoosh() -> None:
    for path in sorted(WEBAPP.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        tree = ast.parse(source)
        imported = {
            alias.name
            for node in ast.walk(tree)
            if isinstance(node, ast.Import)
            for alias in node.names
        } | {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
        assert not {m for m in imported if m.split(".")[0] in ("whoosh", "sqlalchemy")}, path
