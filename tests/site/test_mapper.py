"""The mapper page in Chromium gives what ``ambit map`` and ``ambit review`` give, and refuses what they refuse.

Maps reach the page the way a user brings them: through the "Open a map file" input, or typed
into the form and saved with "Download map (YAML)". The page's checklist order, tiers and scores,
its review steps and its error text are compared with the Python engine and loader on the same
files: the worked examples, the test maps, every broken map of ``tests/systemmap/bad_maps/`` and
broken maps generated from a valid one.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.diagnostics import render
from generator.model import Catalogue
from generator.systemmap.load import load_map
from generator.systemmap.review import build_review, riskiest_component
from generator.systemmap.select import build_map_checklist
from tests.site.conftest import NODE_MODULES, REPO, inject_axe, require_tool

EXAMPLES = REPO / "checklists" / "examples"
MAPS = [
    *sorted(p for p in EXAMPLES.glob("*.yml") if p.name != "blank.yml"),
    *sorted((REPO / "tests" / "systemmap" / "maps").glob("*.yml")),
]
BAD = sorted((REPO / "tests" / "systemmap" / "bad_maps").glob("*.yml"))
AXE = NODE_MODULES / "axe-core" / "axe.min.js"

pytestmark = pytest.mark.browser


def _open_mapper(page: Any, site_url: str) -> None:
    page.goto(site_url + "mapper/")
    page.wait_for_selector("#ambit-mapper[data-ready=true]")


def _open_file(page: Any, path: Path) -> None:
    """Choose ``path`` in the file input and wait until the page has read it."""
    page.evaluate("document.getElementById('mapper-file-status').textContent = ''")
    page.evaluate("document.getElementById('mapper-file-errors').hidden = true")
    page.set_input_files("#mapper-open", str(path))
    page.wait_for_function(  # a function, not an expression: the page's policy forbids eval
        "() => document.getElementById('mapper-file-status').textContent !== '' ||"
        " !document.getElementById('mapper-file-errors').hidden"
    )


def _page_items(page: Any) -> list[list[Any]]:
    return page.eval_on_selector_all(
        "#mapper-checklist li[data-control-id]",
        "els => els.map(e => [e.dataset.controlId, e.closest('ol').dataset.tier, Number(e.dataset.score),"
        " e.querySelector('a').getAttribute('href')])",
    )


def _page_steps(page: Any) -> list[list[Any]]:
    return page.eval_on_selector_all(
        "#mapper-review li[data-control-id]",
        "els => els.map(e => [e.dataset.controlId, Number(e.dataset.step), Number(e.dataset.minutes)])",
    )


def _loaded(cat: Catalogue, path: Path) -> Any:
    loaded = load_map(path, path.name, cat)
    assert loaded.map is not None, render(loaded.diagnostics)
    return loaded.map


@pytest.mark.parametrize("path", MAPS, ids=lambda p: p.stem)
def test_opened_map_gives_the_checklist_and_review_of_ambit(
    page: Any, site_url: str, real_catalogue: Catalogue, path: Path
) -> None:
    smap = _loaded(real_catalogue, path)
    _open_mapper(page, site_url)
    _open_file(page, path)
    assert page.inner_text("#mapper-file-status") == f"Opened {path.name}."

    expected = [
        [i.control.id, i.ranking.tier, i.ranking.score["total"]]
        for i in build_map_checklist(real_catalogue, smap).items
        if i.ranking
    ]
    shown = _page_items(page)
    assert [s[:3] for s in shown] == expected
    assert all(s[3] == f"../controls/{s[0]}/" for s in shown)  # each item links to its control page

    riskiest = riskiest_component(real_catalogue, smap).id
    assert page.eval_on_selector("#mapper-review-component", "e => e.value") == riskiest
    pack = build_review(real_catalogue, smap, riskiest)
    assert _page_steps(page) == [[s.control.id, s.number, s.minutes] for s in pack.steps]
    assert page.eval_on_selector_all(
        "#mapper-blast li[data-component-id]", "els => els.map(e => e.dataset.componentId)"
    ) == [hop.component.id for hop in pack.blast.downstream]

    # Another component with a 30-minute budget, chosen as a user would.
    other = smap.components[-1].id
    page.select_option("#mapper-review-component", other)
    page.fill("#mapper-review-minutes", "30")
    pack = build_review(real_catalogue, smap, other, 30)
    assert _page_steps(page) == [[s.control.id, s.number, s.minutes] for s in pack.steps]


def test_the_statement_and_first_tasks_show_and_an_unknown_is_answered_in_place(
    page: Any, site_url: str, real_catalogue: Catalogue
) -> None:
    from generator.systemmap.select import map_items, map_verdicts
    from generator.systemmap.statement import build_statement

    path = REPO / "tests" / "systemmap" / "maps" / "dental-group.yml"
    smap = _loaded(real_catalogue, path)
    verdicts = map_verdicts(real_catalogue, smap)
    statement = build_statement(real_catalogue, smap, map_items(real_catalogue, smap, verdicts), verdicts)
    _open_mapper(page, site_url)
    _open_file(page, path)
    rows = page.eval_on_selector_all(
        "#mapper-statement tr[data-control-id]",
        "els => els.map(e => [e.dataset.controlId, e.dataset.status, e.lastElementChild.textContent])",
    )
    assert rows == [[r.control.id, r.status, r.reason] for r in statement.rows]
    tasks = page.eval_on_selector_all("#mapper-open-facts li[data-task]", "els => els.map(e => e.dataset.task)")
    assert tasks == [f"{t.kind}:{t.subject}" for t in statement.tasks[:8]]
    assumed = page.eval_on_selector_all(
        "#mapper-checklist li[data-assumed]", "els => els.map(e => e.dataset.controlId)"
    )
    assert assumed and set(assumed) == {r.control.id for r in statement.rows if r.status == "assumed"}
    # Answering the first open question "no" in place changes the map and the checklist, as ambit map would.
    first = statement.tasks[0]
    assert first.kind == "intake"
    page.click(f"#mapper-open-facts button[data-answer='intake:{first.subject}:no']")
    page.wait_for_function(f"!document.querySelector(\"#mapper-open-facts li[data-task='intake:{first.subject}']\")")
    assert page.is_checked(f"input[data-question='{first.subject}'][value='no']")
    answered = replace(smap, intake_no=smap.intake_no | {first.subject})
    expected = [
        [i.control.id, i.ranking.tier, i.ranking.score["total"]]
        for i in build_map_checklist(real_catalogue, answered).items
        if i.ranking
    ]
    assert [s[:3] for s in _page_items(page)] == expected


def test_an_unknown_platform_is_a_first_task_answered_in_the_form(
    page: Any, site_url: str, real_catalogue: Catalogue, tmp_path: Path
) -> None:
    # A cloud account with no platform keeps the AWS root user controls, assumed; picking Azure
    # in the field the task points to leaves them out, as ambit map would.
    questions = {q.id: "no" for q in real_catalogue.intake}
    account = {"id": "acct", "type": "cloud-account", "exposure": "internet", "operation": "managed"}
    raw = {"system": "One account", "sector": "saas", "intake": questions, "components": [account]}
    path = tmp_path / "one-account.yml"
    path.write_text(yaml.safe_dump(raw, sort_keys=False), encoding="utf-8")
    _open_mapper(page, site_url)
    _open_file(page, path)
    assumed = page.eval_on_selector_all(
        "#mapper-checklist li[data-assumed]", "els => els.map(e => e.dataset.controlId)"
    )
    assert {"HST-097", "HST-136"} <= set(assumed)
    page.click("#mapper-open-facts button[data-answer='platforms:acct:']")
    assert page.evaluate("document.activeElement.id") == "m-c0-platform"
    page.select_option("#m-c0-platform", "azure")
    page.wait_for_function("!document.querySelector(\"#mapper-open-facts li[data-task='platforms:acct']\")")
    loaded = _loaded(real_catalogue, path)
    smap = replace(loaded, components=(replace(loaded.components[0], platform="azure"),))
    expected = [
        [i.control.id, i.ranking.tier, i.ranking.score["total"]]
        for i in build_map_checklist(real_catalogue, smap).items
        if i.ranking
    ]
    assert [s[:3] for s in _page_items(page)] == expected
    assert not {"HST-097", "HST-136"} & {row[0] for row in expected}


def test_map_typed_into_the_form_downloads_as_yaml_ambit_map_accepts(
    page: Any, site_url: str, real_catalogue: Catalogue, tmp_path: Path, run_ambit: Any
) -> None:
    _open_mapper(page, site_url)
    page.fill("#mapper-system", "Ward assistant")
    page.select_option("#mapper-sector", "healthcare")
    page.check("input[data-question='shared-logins'][value='yes']")
    parts = [("notes-store", "object-storage", "internal"), ("ward-app", "web-application", "internet")]
    parts.append(("ward-pcs", "shared-workstation", "internal"))
    for n, (cid, ctype, exposure) in enumerate(parts):
        page.click("#mapper-add-component")
        page.keyboard.type(cid)  # adding a component puts the cursor in its id field
        page.keyboard.press("Tab")  # the change event, as when a user moves on
        page.select_option(f"#m-c{n}-type", ctype)
        page.select_option(f"#m-c{n}-exposure", exposure)
    page.fill("#m-c0-name", "Ward notes bucket")
    page.click("#m-c0 summary")
    page.check("#m-c0 input[data-field='components:0:data_kinds'][value='health']")
    page.click("#m-c1 summary")
    page.check("#m-c1 input[data-field='components:1:runs_on'][value='ward-pcs']")
    page.click("#mapper-add-flow")
    page.select_option("#m-f0-from", "ward-app")
    page.select_option("#m-f0-to", "notes-store")
    page.fill("#m-f0-data", "ward notes")
    page.select_option("#m-f0-lifecycle", "storage")
    page.click("#mapper-add-person")
    page.fill("#m-p0-role", "Ward nurse")
    page.check("#mapper-people input[value='ward-app']")
    page.wait_for_selector("#mapper-checklist li[data-control-id]")
    shown = [s[0] for s in _page_items(page)]

    with page.expect_download() as info:
        page.click("#mapper-download")
    saved = tmp_path / "ward.yml"
    info.value.save_as(str(saved))
    data = yaml.safe_load(saved.read_text("utf-8"))
    assert data["components"][0] == {
        "id": "notes-store",
        "type": "object-storage",
        "exposure": "internal",
        "name": "Ward notes bucket",
        "data_kinds": ["health"],
    }
    assert data["intake"]["shared-logins"] is True

    code, out, err = run_ambit("map", str(saved), "-o", str(tmp_path / "out"))
    assert code == 0, out + err
    exported = json.loads((tmp_path / "out" / "checklist.json").read_text("utf-8"))
    assert [c["id"] for c in exported["controls"]] == shown

    # The map survives a reload: it is kept in this browser's storage.
    page.reload()
    page.wait_for_selector("#ambit-mapper[data-ready=true]")
    assert page.input_value("#mapper-system") == "Ward assistant"
    assert [s[0] for s in _page_items(page)] == shown

    # Renaming a component renames it in the flows and people that name it.
    page.fill("#m-c1-id", "ward-portal")
    page.press("#m-c1-id", "Tab")
    # The form is redrawn a tick after a text field's change (so the focus lands where the user
    # clicked); wait for that redraw rather than read the old field under load.
    page.wait_for_function("() => document.querySelector('#m-f0-from').value === 'ward-portal'")
    assert page.input_value("#m-f0-from") == "ward-portal"
    assert page.is_checked("#mapper-people input[value='ward-portal']")
    assert page.query_selector("#mapper-problems li") is None


def _diagnostic_text(cat: Catalogue, path: Path) -> str:
    diagnostics = load_map(path, path.name, cat).diagnostics
    assert diagnostics, f"{path.name} should have errors"
    return render(diagnostics) + f"\n{len(set(diagnostics))} error(s) found; the form was left as it was."


def _broken_variants(tmp_path: Path) -> list[Path]:
    """Broken maps made from a valid one: each schema keyword and reference check, and YAML refusals."""
    source = (REPO / "tests" / "systemmap" / "maps" / "fleet.yml").read_text("utf-8")
    data = yaml.safe_load(source)
    first = data["components"][0]
    edits: dict[str, Any] = {
        "no-system": lambda d: d.pop("system"),
        "short-system": lambda d: d.update(system="x"),
        "number-system": lambda d: d.update(system=3.0),
        "list-exposure": lambda d: d["components"][0].update(exposure=["internet"]),
        "misspelt-exposure": lambda d: d["components"][1].update(exposurr="internal"),
        "bad-operation": lambda d: d["components"][0].update(operation="cloud"),
        "repeated-kind": lambda d: d["components"][0].update(data_kinds=["personal", "personal"]),
        "empty-uses": lambda d: (
            d["people"][0].update(uses=[]) if d.get("people") else d.update(people=[{"role": "x", "uses": []}])
        ),
        "bad-intake-answer": lambda d: d.update(intake={"shared-logins": "maybe"}),
        "bad-intake-key": lambda d: d.update(intake={"Shared_Logins": True}),
        "unknown-stage": lambda d: d["flows"][0].update(lifecycle="trainin"),
        "many-problems": lambda d: (
            d["components"].append(dict(first)),
            d["flows"].append({"from": "nowhere", "to": "nowhere", "data": "x", "lifecycle": "zzz"}),
            d.update(sector="hospital"),
        ),
        "self-hosted-on-itself": lambda d: d["components"][0].update(runs_on=[first["id"]]),
        "unknown-concern": lambda d: d["components"][0].update(concerns=["shared-login"]),
        "wrong-top-level": lambda d: d.update(components={"id": "x"}),
    }
    paths = []
    for name, edit in edits.items():
        variant = yaml.safe_load(source)
        edit(variant)
        path = tmp_path / f"{name}.yml"
        path.write_text(yaml.safe_dump(variant, sort_keys=False), encoding="utf-8")
        paths.append(path)
    raw = {
        "syntax-error.yml": "system: [unclosed\ncomponents: []\n",
        "tab-indent.yml": "system: x\ncomponents:\n\t- id: a\n",
        "empty.yml": "# nothing but a comment\n",
        "two-documents.yml": "system: One map\ncomponents: []\n---\nsystem: two\n",
        "tagged.yml": "system: !!str Tagged\ncomponents: []\n",
        "alias.yml": "system: Aliased\ncomponents:\n  - &db {id: db, type: mdm, exposure: internal}\n  - *db\n",
        "not-utf8.yml": b"system: caf\xe9\ncomponents: []\n",
        "not-a-mapping.yml": "- just\n- a list\n",
        "null-value.yml": "system:\ncomponents:\n  - id: db\n    type: operational-database\n    exposure:\n",
    }
    for name, text in raw.items():
        path = tmp_path / name
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def test_broken_files_get_the_diagnostics_of_ambit_map_and_leave_the_form(
    page: Any, site_url: str, real_catalogue: Catalogue, tmp_path: Path
) -> None:
    _open_mapper(page, site_url)
    _open_file(page, MAPS[0])
    before = _page_items(page)
    system = page.input_value("#mapper-system")
    mismatches = {}
    for path in [*BAD, *_broken_variants(tmp_path)]:
        _open_file(page, path)
        shown = page.inner_text("#mapper-file-errors-text")
        expected = _diagnostic_text(real_catalogue, path)
        if "error[yaml-syntax]" in expected:
            # A syntax error is placed and worded by the parser: PyYAML's and js-yaml's differ.
            expected, shown = (text.splitlines()[0].split(": ")[1:3] for text in (expected, shown))
        if shown != expected:
            mismatches[path.name] = (expected, shown)
    assert not mismatches, "\n\n".join(f"{k}:\n python: {v[0]}\n page:   {v[1]}" for k, v in mismatches.items())
    assert _page_items(page) == before
    assert page.input_value("#mapper-system") == system


def test_bad_map_shows_position_and_code_of_the_loader(page: Any, site_url: str, real_catalogue: Catalogue) -> None:
    """Each bad map's first error, at the line:col and with the code its '# expect:' line names."""
    _open_mapper(page, site_url)
    for path in BAD:
        expect = path.read_text("utf-8").splitlines()[0].removeprefix("# expect: ").split()
        _open_file(page, path)
        first = page.inner_text("#mapper-file-errors-text").splitlines()[0]
        assert first.startswith(f"{path.name}:{expect[0]}: error[{expect[1]}]"), (path.name, first)


def test_hostile_text_is_shown_as_text(page: Any, site_url: str, tmp_path: Path) -> None:
    _open_mapper(page, site_url)
    page.evaluate("window.__pwned = 0")
    hostile = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>'
    good = tmp_path / "hostile.yml"
    good.write_text(
        yaml.safe_dump(
            {
                "system": hostile,
                "components": [{"id": "db", "type": "operational-database", "exposure": "internal", "name": hostile}],
                "people": [{"role": hostile, "uses": ["db"]}],
            }
        ),
        encoding="utf-8",
    )
    _open_file(page, good)
    assert page.input_value("#mapper-system") == hostile
    assert page.input_value("#m-c0-name") == hostile
    assert page.input_value("#m-p0-role") == hostile
    bad = tmp_path / '<img src=x onerror="window.__pwned=3">.yml'
    bad.write_text(
        yaml.safe_dump({"system": "Bad", "components": [{"id": "db", "type": hostile, "exposure": "internal"}]})
    )
    _open_file(page, bad)
    assert hostile in page.inner_text("#mapper-file-errors-text")
    assert bad.name in page.inner_text("#mapper-file-errors-text")
    assert page.evaluate("window.__pwned") == 0
    assert page.query_selector_all("#ambit-mapper img, #ambit-mapper script") == []


def test_mapper_page_is_axe_clean_with_a_map_loaded(page: Any, site_url: str, offsite_requests: list[str]) -> None:
    require_tool(AXE, "axe-core")
    _open_mapper(page, site_url)
    _open_file(page, MAPS[0])
    page.click("#m-c0 summary")
    inject_axe(page)
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    assert [f"{v['id']}: {v['help']} {v['nodes'][0]['target']}" for v in result["violations"]] == []
    assert offsite_requests == []


def test_a_component_that_holds_no_data_stays_so_after_an_edit(
    page: Any, site_url: str, real_catalogue: Catalogue, tmp_path: Path
) -> None:
    """`data_kinds: []` says the component holds none of the kinds, which `ambit map` reads
    differently from a component whose kinds are not stated; a form edit keeps the difference."""
    questions = {q.id: "no" for q in real_catalogue.intake}
    store = {"id": "cache", "type": "object-storage", "exposure": "internal", "data_kinds": []}
    raw = {"system": "Cache", "sector": "saas", "intake": questions, "components": [store]}
    path = tmp_path / "cache.yml"
    path.write_text(yaml.safe_dump(raw, sort_keys=False), encoding="utf-8")
    _open_mapper(page, site_url)
    _open_file(page, path)
    page.click("#m-c0 summary")
    assert page.is_checked("#m-c0-kind-none")
    page.fill("#m-c0-name", "Render cache")
    page.press("#m-c0-name", "Tab")

    def downloaded(name: str) -> dict[str, Any]:
        with page.expect_download() as info:
            page.click("#mapper-download")
        saved = tmp_path / name
        info.value.save_as(str(saved))
        data: dict[str, Any] = yaml.safe_load(saved.read_text("utf-8"))
        return data

    assert downloaded("kept.yml")["components"][0]["data_kinds"] == []
    expected = [
        [i.control.id, i.ranking.tier, i.ranking.score["total"]]
        for i in build_map_checklist(real_catalogue, _loaded(real_catalogue, path)).items
        if i.ranking
    ]
    assert [s[:3] for s in _page_items(page)] == expected

    page.uncheck("#m-c0-kind-none")  # now: don't know, so the type's usual kinds are assumed
    assert "data_kinds" not in downloaded("unknown.yml")["components"][0]
    page.check("#m-c0 input[data-field='components:0:data_kinds'][value='personal']")
    page.check("#m-c0-kind-none")  # "none" clears the kinds ticked before it
    assert not page.is_checked("#m-c0 input[data-field='components:0:data_kinds'][value='personal']")
    assert downloaded("none.yml")["components"][0]["data_kinds"] == []
