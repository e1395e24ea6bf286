"""System maps: one real AI system described as components, flows and people.

A map turns the generic sector checklists into a checklist for one system (``ambit map``) and
into a one-hour review pack for one of its non-AI components (``ambit review``). Modules, one job
each: ``model`` (typed objects), ``load`` (read and check a map file), ``select`` (the map's
checklist), ``diagram`` (the data-flow SVG), ``review`` (the one-hour review pack), ``site`` (the
worked examples on the site) and ``cli`` (the two commands).
"""
