"""Which pages the site has and what each says: one function per kind of page.

``generate_pages`` returns ``{src_uri: markdown}``; the MkDocs hook adds them to the build as
generated files, so nothing is written into tracked folders. Every page links to the others by
source URI (see ``generator.site.uris``), so MkDocs checks each link in strict mode.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from functools import partial
from typing import Any

from generator.downloads.formats import file_names
from generator.export.files import site_exports
from generator.model import Catalogue, Control
from generator.select import Checklist, all_checklists
from generator.site import tags, uris
from generator.site.changelog import releases
from generator.site.checklist_view import layer_view, sector_view
from generator.site.coverage import coverage
from generator.site.offline import OFFLINE_ZIP
from generator.site.relations import Neighbours, Relations, build_relations, layer_neighbours
from generator.site.render import front_matter, render_template

Page = tuple[str, str]

HANDWRITTEN_SECTIONS = ("method/", "mapper/", "examples/")
"""Hand-written folders the "start here" page links to when they exist."""


@dataclass(frozen=True)
class SiteContext:
    """What every page template can see, whatever page it renders."""

    cat: Catalogue
    rel: Relations
    checklists: list[Checklist]
    anchors: dict[str, dict[str, str]]
    directory_urls: bool
    handwritten: frozenset[str]

    def link_from(self, uri: str) -> Callable[[str], str]:
        """A function giving the Markdown link from page ``uri`` to another page."""
        return partial(uris.relative, uri)

    def html_link_from(self, uri: str) -> Callable[[str], str]:
        """A function giving the raw-HTML ``href`` from the built page of ``uri`` to another page."""
        return partial(uris.page_href, uri, directory_urls=self.directory_urls)

    def reference_link(self, uri: str, key: str, item_id: str) -> str:
        """Markdown link target from page ``uri`` to a framework item's row."""
        page = uris.relative(uri, uris.framework(key))
        anchor = self.anchors.get(key, {}).get(item_id)
        return f"{page}#{anchor}" if anchor else page


def generate_pages(
    cat: Catalogue,
    *,
    directory_urls: bool = True,
    handwritten: Collection[str] = (),
    contributing: str | None = None,
) -> dict[str, str]:
    """Every generated page of the site, keyed by source URI.

    ``handwritten`` lists the source URIs of pages in the docs folder (so generated pages can link
    to them); ``contributing`` is the repository's CONTRIBUTING.md, already made linkable.
    """
    ctx = SiteContext(
        cat=cat,
        rel=build_relations(cat),
        checklists=all_checklists(cat),
        anchors={fw.key: uris.item_anchors(fw) for fw in cat.frameworks},
        directory_urls=directory_urls,
        handwritten=frozenset(handwritten),
    )
    pages = dict(_pages(ctx))
    if contributing is not None:
        pages[uris.CONTRIBUTING] = contributing
    elif uris.CONTRIBUTING not in ctx.handwritten:
        pages.update([_render(ctx, uris.CONTRIBUTING, "contributing.md.j2", "Contributing")])
    return pages


SEARCH_BOOST = {"essential": 3.0, "recommended": 2.0, "advanced": 1.5}
"""Search boost of a control's page by its priority: a query such as "MFA" lists the controls
before the pages that mention them, and the essential control before the advanced one."""


def _render(
    ctx: SiteContext,
    uri: str,
    template: str,
    title: str,
    page_tags: list[str] | None = None,
    meta: dict[str, Any] | None = None,
    **context: Any,
) -> Page:
    body = render_template(
        f"site/{template}",
        cat=ctx.cat,
        rel=ctx.rel,
        ctx=ctx,
        uris=uris,
        uri=uri,
        link=ctx.link_from(uri),
        href=ctx.html_link_from(uri),
        **context,
    )
    return uri, front_matter(title, page_tags or (), **(meta or {})) + body


def _pages(ctx: SiteContext) -> Iterator[Page]:
    yield from _home_pages(ctx)
    yield from _layer_pages(ctx)
    yield from _checklist_pages(ctx)
    yield from _topic_pages(ctx)
    yield from _framework_pages(ctx)
    yield _render(ctx, uris.CHANGELOG, "changelog.md.j2", "Changelog", releases=releases(ctx.cat))


def _home_pages(ctx: SiteContext) -> Iterator[Page]:
    offline = html.escape(uris.site_relative(uris.HOME, OFFLINE_ZIP, directory_urls=ctx.directory_urls))
    yield _render(ctx, uris.HOME, "home.md.j2", ctx.cat.info.name, checklists=ctx.checklists, offline_href=offline)
    extra = sorted(u for u in ctx.handwritten if u.startswith(HANDWRITTEN_SECTIONS) and u.endswith("index.md"))
    yield _render(
        ctx, uris.START_HERE, "start_here.md.j2", "Start here: review one component in an hour", further=extra
    )


def _layer_pages(ctx: SiteContext) -> Iterator[Page]:
    cat = ctx.cat
    yield _render(ctx, uris.LAYERS, "layers_index.md.j2", "Layers")
    for layer in cat.layers:
        controls = sorted(ctx.rel.layer(layer.id), key=lambda c: (c.priority_rank, c.id))
        retired = [c for c in cat.controls if c.layer == layer.id and not c.active]
        uri = uris.layer(layer.id)
        yield _render(
            ctx,
            uri,
            "layer.md.j2",
            layer.name,
            [layer.name],
            layer=layer,
            controls=controls,
            view=layer_view(cat, controls, ctx.html_link_from(uri)),
            retired=retired,
        )
    neighbours = layer_neighbours(cat)
    for control in cat.controls:
        yield _control_page(ctx, control, neighbours[control.id])


def _control_page(ctx: SiteContext, control: Control, neighbours: Neighbours) -> Page:
    cat = ctx.cat
    info = cat.info
    edit_url = f"{info.repository.rstrip('/')}/edit/{info.edit_branch}/{control.path}"
    return _render(
        ctx,
        uris.control(control.id),
        "control.md.j2",
        f"{control.id} {control.title}",
        tags.control_tags(cat, control),
        meta={"search": {"boost": SEARCH_BOOST[control.priority]}},
        control=control,
        layer=cat.layer(control.layer),
        stages=[s for s in cat.lifecycle if s.id in control.lifecycle],
        components=[c for c in cat.components if c.id in control.components],
        threats=[t for t in cat.threats if t.id in control.threats],
        sectors=[s for s in cat.sectors if s.id in control.sectors],
        frameworks={fw.key: fw for fw in cat.frameworks},
        successor=cat.control(control.superseded_by) if control.superseded_by else None,
        edit_url=edit_url,
        previous=neighbours[0],
        following=neighbours[1],
    )


def _checklist_pages(ctx: SiteContext) -> Iterator[Page]:
    exports = [
        (e, html.escape(uris.site_relative(uris.CHECKLISTS, f"downloads/{e.name}", directory_urls=ctx.directory_urls)))
        for e in site_exports([c.id for c in ctx.checklists])
    ]
    yield _render(
        ctx, uris.CHECKLISTS, "checklists_index.md.j2", "Checklists", checklists=ctx.checklists, exports=exports
    )
    for checklist in ctx.checklists:
        uri = uris.checklist(checklist.id)
        names = file_names(checklist.id)
        downloads = [
            (
                label,
                html.escape(uris.site_relative(uri, f"downloads/{names[kind]}", directory_urls=ctx.directory_urls)),
            )
            for kind, label in uris.DOWNLOAD_FORMATS
        ]
        definition = checklist.definition
        layers = [layer for layer in ctx.cat.layers if any(i.control.layer == layer.id for i in checklist.items)]
        yield _render(
            ctx,
            uri,
            "checklist.md.j2",
            checklist.title,
            tags.checklist_tags(ctx.cat, definition) if definition else [],
            checklist=checklist,
            downloads=downloads,
            layers=layers,
            view=sector_view(ctx.cat, checklist, ctx.html_link_from(uri)),
            regulations=definition.regulations if definition else (),
            effort=sum(i.control.effort_minutes for i in checklist.items),
        )


def _topic_pages(ctx: SiteContext) -> Iterator[Page]:
    cat, rel = ctx.cat, ctx.rel
    yield _render(ctx, uris.LIFECYCLE, "lifecycle_index.md.j2", "Lifecycle")
    for stage in cat.lifecycle:
        yield _render(
            ctx, uris.lifecycle(stage.id), "stage.md.j2", stage.name, stage=stage, controls=rel.stage(stage.id)
        )
    yield _render(ctx, uris.COMPONENTS, "components_index.md.j2", "Components")
    for component in cat.components:
        yield _render(
            ctx,
            uris.component(component.id),
            "component.md.j2",
            component.name,
            component=component,
            layer=cat.layer(component.layer),
            controls=rel.component(component.id),
        )
    yield _render(ctx, uris.THREATS, "threats_index.md.j2", "Threats")
    atlas = ctx.anchors.get("mitre-atlas", {})
    for threat in cat.threats:
        yield _render(
            ctx,
            uris.threat(threat.id),
            "threat.md.j2",
            threat.name,
            threat=threat,
            layers=[layer for layer in cat.layers if layer.id in threat.layers],
            atlas=[t for t in threat.atlas if t in atlas],
            controls=rel.threat(threat.id),
        )
    incidents = sorted(cat.incidents, key=lambda i: (i.date, i.id), reverse=True)
    yield _render(ctx, uris.INCIDENTS, "incidents_index.md.j2", "Incidents", incidents=incidents)
    known = {c.id for c in cat.controls}
    for incident in incidents:
        yield _render(
            ctx,
            uris.incident(incident.id),
            "incident.md.j2",
            incident.title,
            incident=incident,
            layers=[layer for layer in cat.layers if layer.id in incident.layers],
            controls=[cat.control(c) for c in incident.controls if c in known],
        )


def _framework_pages(ctx: SiteContext) -> Iterator[Page]:
    summaries = [coverage(fw, ctx.rel, ctx.anchors[fw.key]) for fw in ctx.cat.frameworks]
    yield _render(ctx, uris.FRAMEWORKS, "frameworks_index.md.j2", "Frameworks", summaries=summaries)
    for summary in summaries:
        fw = summary.framework
        yield _render(ctx, uris.framework(fw.key), "framework.md.j2", fw.name, cov=summary, fw=fw)
