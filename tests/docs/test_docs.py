"""The documentation site (issue #17): it builds in strict mode, its reference holds every
public name, and its guides' Python is the tested examples.

The site is built once per session into a temporary directory with ``mkdocs build
--strict`` (``mkdocs.yml`` sets the validation of links and anchors to warnings, so a
broken internal link, an unknown cross-reference, a docstring griffe cannot parse or a
missing ``--8<--`` section fails the build). ``make docs-check`` runs this module.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from mkdocstrings import Inventory

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts" / "docs"))

import public_api  # noqa: E402

DOCS = ROOT / "docs"
FENCE = re.compile(r"^```python\n(.*?)^```", re.DOTALL | re.MULTILINE)
SNIPPET = re.compile(r'^--8<-- "(examples/[\w/]+\.py):(\w+)"$')


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 0, f"mkdocs build --strict failed:\n{done.stderr[-6000:]}"
    return out


@pytest.fixture(scope="session")
def inventory(site: Path) -> set[str]:
    with open(site / "objects.inv", "rb") as file:
        return set(Inventory.parse_sphinx(file))


def test_every_public_module_has_a_page(site: Path, inventory: set[str]) -> None:
    modules = [m.path for m in public_api.public_modules()]
    assert len(modules) > 90
    for module in modules:
        assert module in inventory, f"{module} is not in the reference"
        page = "dockersdk.models.html" if module == public_api.MODELS else f"{module}.html"
        assert (site / "reference" / page).is_file(), page


def test_every_public_name_is_in_the_reference(site: Path, inventory: set[str]) -> None:
    names = public_api.all_names()
    assert len(names) > 1000
    missing = [n.path for n in names if n.home not in inventory]
    assert not missing, f"public names not documented: {missing}"
    # A name documented elsewhere is linked from the page of each module that exports it.
    for n in names:
        if not n.here and n.kind != "module":
            page = (site / "reference" / f"{n.module}.html").read_text()
            assert f"#{n.home}" in page, f"{n.module}'s page does not link {n.name} ({n.home})"


def test_every_model_field_says_its_api_key(site: Path) -> None:
    page = (site / "reference" / "models" / "containers.html").read_text()
    state = page[page.index('id="dockersdk.models.ContainerState.health"') :][:4000]
    assert "API key <code>Health</code>, since API 1.39" in state
    settings = (site / "reference" / "models" / "networks.html").read_text()
    removed = settings[settings.index('id="dockersdk.models.NetworkSettings.ip_address"') :]
    assert "Removed in API 1.52" in removed[:4000]


def test_the_run_keywords_are_documented(site: Path) -> None:
    page = (site / "reference" / "dockersdk.types.html").read_text()
    key = page[page.index('id="dockersdk.types.ContainerRunKwargs.mem_limit"') :][:4000]
    assert "int | str | None" in re.sub(r"<[^>]+>", "", key)
    assert "Engine API field <code>HostConfig.Memory</code>: Memory limit in bytes." in key


def test_guides_python_is_included_from_the_examples() -> None:
    """Every Python block of the site's own pages is one ``--8<--`` line per section of a
    file in examples/ (which make test runs and type-checks): no copied code."""
    pages = sorted(DOCS.rglob("*.md"))
    assert len(pages) >= 9
    included = 0
    for page in pages:
        for block in FENCE.findall(page.read_text()):
            for line in block.strip().splitlines():
                match = SNIPPET.match(line)
                assert match, f"{page.relative_to(ROOT)}: Python that is not an example: {line!r}"
                path, section = match.groups()
                source = (ROOT / path).read_text()
                assert f"# --8<-- [start:{section}]" in source, f"{path} has no {section}"
                included += 1
    assert included >= 20
