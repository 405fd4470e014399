"""access_levels.py is right whether accesslevel/list counts pages from 0 (A.3.6: pageIndex
"The default value is 0"; the simulator's default) or from 1 (switch
access_level_page_base)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from conftest import environment_for, run_script, sim_secrets

LEVELS = "modules/Hik-Connect_Team_ACS/scripts/access_levels.py"
LIST_PATH = "/api/hccgw/acspm/v1/accesslevel/list"


@pytest.fixture(params=[0, 1], ids=["from-0", "from-1"])
def base(request: Any) -> int:
    return request.param


@pytest.fixture
def server(sim_factory: Any, base: int) -> Any:
    return sim_factory(rate_limit=False, behaviour={"access_level_page_base": base})


def levels_of(server: Any) -> list[str]:
    """The ids of every access level, in the platform's order."""
    from hctsim.routes_acs import access_levels

    return list(access_levels(server.sim))


def run_levels(server: Any, tmp_path: Path, *args: str) -> Any:
    return run_script(LEVELS, *args, env=environment_for(server, tmp_path),
                      secrets=lambda: sim_secrets(server))


def asked(server: Any) -> list[int]:
    return [entry["body"]["accessLevelSearchRequest"]["pageIndex"]
            for entry in server.requests(LIST_PATH)]


def test_all_lists_every_level_once(server: Any, base: int, tmp_path: Path) -> None:
    expected = levels_of(server)
    assert 1 < len(expected) <= 500  # one page at --all's 500

    result = run_levels(server, tmp_path, "--all")

    assert result.code == 0, result.stdout
    data = result.json["data"]
    assert [level["id"] for level in data["accessLevelList"]] == expected
    assert data["total"] == data["count"] == len(expected) and data["pageBase"] == base
    # Page 1 is empty while the total counts levels: the pages start at 0.
    assert asked(server) == ([1, 0] if base == 0 else [1])


@pytest.mark.parametrize("page", [1, 2, 3])
def test_one_page_is_the_page_asked_for(server: Any, base: int, tmp_path: Path,
                                        page: int) -> None:
    expected = levels_of(server)[page - 1:page]
    assert len(levels_of(server)) == 3 and len(expected) == 1

    result = run_levels(server, tmp_path, "--page", str(page), "--page-size", "1")

    assert result.code == 0, result.stdout
    data = result.json["data"]
    assert [level["id"] for level in data["accessLevelList"]] == expected
    assert data["pageBase"] == base and base + page - 1 in data["pagesRead"]


def test_all_in_small_pages(server: Any, base: int, tmp_path: Path, monkeypatch: Any) -> None:
    from hct import acs
    from token_manager import HCTOpenClient

    for key, value in environment_for(server, tmp_path).items():
        monkeypatch.setenv(key, value)
    monkeypatch.setattr(acs, "LEVEL_PAGE_MAX", 2)  # --all in pages of 2 levels
    expected = levels_of(server)

    result = acs.list_access_levels(HCTOpenClient(), every=True)

    assert [level["id"] for level in result.data["accessLevelList"]] == expected
    pages = -(-len(expected) // 2)
    assert sorted(result.data["pagesRead"]) == list(range(base, base + pages))
