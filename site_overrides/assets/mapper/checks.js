/* Checking a loaded map in the browser exactly as `ambit map` does, with the same messages.
 *
 * AmbitChecks.check(data, schema, doc) returns the diagnostics of generator/systemmap/load.py
 * load_map for a document from AmbitYaml.load: first the JSON Schema (the subset of keywords
 * content/schema/system-map.schema.json uses, explained as generator/schemas.py explains them),
 * then, for a schema-valid map, the references (generator/systemmap/load.py check_references).
 * didYouMean is difflib.get_close_matches(n=1, cutoff=0.6) as generator/diagnostics.py uses it.
 * Keep the messages in step with the Python modules; tests/systemmap/test_browser_mapper.py
 * compares both on every file of tests/systemmap/bad_maps/ and on generated broken maps.
 */
(function (root) {
  "use strict";

  var Y = root.AmbitYaml;
  var own = Object.prototype.hasOwnProperty;

  /* ---- difflib.SequenceMatcher(None, a, b).ratio(), without junk (words are short) ---- */
  function ratio(a, b) {
    var b2j = {};
    for (var j = 0; j < b.length; j++) (b2j[b[j]] = b2j[b[j]] || []).push(j);
    function longest(alo, ahi, blo, bhi) {
      var besti = alo, bestj = blo, bestsize = 0, j2len = {};
      for (var i = alo; i < ahi; i++) {
        var newj2len = {}, js = b2j[a[i]] || [];
        for (var n = 0; n < js.length; n++) {
          var jj = js[n];
          if (jj < blo) continue;
          if (jj >= bhi) break;
          var k = newj2len[jj] = (j2len[jj - 1] || 0) + 1;
          if (k > bestsize) { besti = i - k + 1; bestj = jj - k + 1; bestsize = k; }
        }
        j2len = newj2len;
      }
      while (besti > alo && bestj > blo && a[besti - 1] === b[bestj - 1]) { besti--; bestj--; bestsize++; }
      while (besti + bestsize < ahi && bestj + bestsize < bhi && a[besti + bestsize] === b[bestj + bestsize]) bestsize++;
      return [besti, bestj, bestsize];
    }
    var matches = 0, queue = [[0, a.length, 0, b.length]];
    while (queue.length) {
      var q = queue.pop(), m = longest(q[0], q[1], q[2], q[3]);
      if (m[2]) {
        matches += m[2];
        if (q[0] < m[0] && q[2] < m[1]) queue.push([q[0], m[0], q[2], m[1]]);
        if (m[0] + m[2] < q[1] && m[1] + m[2] < q[3]) queue.push([m[0] + m[2], q[1], m[1] + m[2], q[3]]);
      }
    }
    var total = a.length + b.length;
    return total ? 2 * matches / total : 1;
  }

  function pyCompare(a, b) { return a < b ? -1 : (a > b ? 1 : 0); }

  /* difflib.get_close_matches(word, pool, n=1, cutoff=0.6)[0]: ties go to the greater string. */
  function closest(word, pool) {
    var best = null, bestScore = -1;
    pool.forEach(function (x) {
      var s = ratio(Array.from(x), Array.from(word));
      if (s >= 0.6 && (s > bestScore || (s === bestScore && pyCompare(x, best) > 0))) { best = x; bestScore = s; }
    });
    return best;
  }

  /* generator/diagnostics.py SUGGEST_MAX and did_you_mean. */
  var SUGGEST_MAX = 100;
  function didYouMean(word, candidates) {
    if (Array.from(word).length > SUGGEST_MAX) return "";  /* quadratic in the word's length, as in Python */
    var pool = Array.from(new Set(candidates)).sort(pyCompare);
    var close = closest(word, pool);
    if (close === null) {
      var lowered = {}, keys = [];
      pool.forEach(function (c) { var l = c.toLowerCase(); if (!own.call(lowered, l)) keys.push(l); lowered[l] = c; });
      var low = closest(word.toLowerCase(), keys);
      close = low === null ? null : lowered[low];
    }
    return close === null ? "" : "did you mean '" + close + "'?";
  }

  /* ---- Python's str() of a YAML value, for messages ---- */
  function pyRepr(v) {
    if (typeof v === "string") {
      var q = v.indexOf("'") >= 0 && v.indexOf("\"") < 0 ? "\"" : "'";
      var body = v.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/\t/g, "\\t").replace(/\r/g, "\\r");
      if (q === "'") body = body.replace(/'/g, "\\'");
      return q + body + q;
    }
    return pyStr(v);
  }

  function pyStr(v) {
    if (v === null || v === undefined) return "None";
    if (v === true) return "True";
    if (v === false) return "False";
    if (typeof v === "string") return v;
    if (typeof v === "number") return String(v);
    if (Array.isArray(v)) return "[" + v.map(pyRepr).join(", ") + "]";
    if (v instanceof Y.PyFloat) return v.toString();
    return "{" + Object.keys(v).map(function (k) { return pyRepr(k) + ": " + pyRepr(v[k]); }).join(", ") + "}";
  }

  /* generator/schemas.py _shown: a value quoted for a message, control characters escaped as
     Python's repr escapes them ("web\n" never breaks the line), long values shortened. */
  function pyShown(v) {
    var text = Array.from(pyStr(v)).map(function (ch) { return ch === " " || !/[\p{C}\p{Z}]/u.test(ch) ? ch : pyEscape(ch); }).join("");
    var chars = Array.from(text);
    if (chars.length > 80) return "'" + chars.slice(0, 60).join("") + "\u2026' (" + chars.length.toLocaleString("en-US") + " characters)";
    return "'" + text + "'";
  }

  function pyEscape(ch) {
    if (ch === "\n") return "\\n";
    if (ch === "\t") return "\\t";
    if (ch === "\r") return "\\r";
    var code = ch.codePointAt(0), hex = code.toString(16);
    if (code < 0x100) return "\\x" + ("0" + hex).slice(-2);
    if (code < 0x10000) return "\\u" + ("000" + hex).slice(-4);
    return "\\U" + ("0000000" + hex).slice(-8);
  }

  function isObject(v) { return v !== null && typeof v === "object" && !Array.isArray(v) && !(v instanceof Y.PyFloat); }
  function isNumber(v) { return typeof v === "number" || v instanceof Y.PyFloat; }

  function typeOf(v) {
    if (typeof v === "boolean") return "true or false";
    if (typeof v === "number") return "a whole number";
    if (v instanceof Y.PyFloat) return "a number";
    if (typeof v === "string") return "text";
    if (Array.isArray(v)) return "a list";
    if (isObject(v)) return "a mapping of fields";
    return "nothing";
  }

  function hasType(v, t) {
    switch (t) {
      case "string": return typeof v === "string";
      case "object": return isObject(v);
      case "array": return Array.isArray(v);
      case "boolean": return typeof v === "boolean";
      case "null": return v === null;
      case "integer": return typeof v === "number" || (v instanceof Y.PyFloat && Number.isInteger(v.value));
      case "number": return isNumber(v);
      default: return false;
    }
  }

  /* A text equal for values JSON Schema calls equal (as generator/schemas.py _unique_key): one
     pass over the list finds a repeated entry, where comparing every pair froze the page. */
  function uniqueKey(v) {
    if (v instanceof Y.PyFloat) v = v.value;
    if (typeof v === "boolean") return "b" + v;
    if (typeof v === "number") return "n" + v;
    if (typeof v === "string") return "s" + JSON.stringify(v);
    if (Array.isArray(v)) return "[" + v.map(uniqueKey).join(",") + "]";
    if (isObject(v)) return "{" + Object.keys(v).sort().map(function (k) { return JSON.stringify(k) + ":" + uniqueKey(v[k]); }).join(",") + "}";
    return "z" + String(v);
  }

  function same(a, b) {
    if (a instanceof Y.PyFloat) a = a.value;
    if (b instanceof Y.PyFloat) b = b.value;
    if (typeof a === "boolean" || typeof b === "boolean") return a === b;
    if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every(function (x, i) { return same(x, b[i]); });
    if (isObject(a) && isObject(b)) {
      var ka = Object.keys(a), kb = Object.keys(b);
      return ka.length === kb.length && ka.every(function (k) { return own.call(b, k) && same(a[k], b[k]); });
    }
    return a === b;
  }

  /* Like the CLI (generator/schemas.py anchors patterns with \Z): '$' matches at the very end
     only, never before a final line break, so "web\n" is not an id in either reader. */
  function search(pattern, text) {
    return new RegExp(pattern, "u").test(text);
  }

  function length(text) { return Array.from(text).length; }

  /* ---- jsonschema's iter_errors for the keywords the map schema uses ---- */
  function errors(schema, value, path, out) {
    function err(kind, rule, extra) {
      var e = { kind: kind, rule: rule, path: path, instance: value, schema: schema };
      for (var k in extra || {}) e[k] = extra[k];
      out.push(e);
    }
    if (own.call(schema, "type")) {
      var types = Array.isArray(schema.type) ? schema.type : [schema.type];
      if (!types.some(function (t) { return hasType(value, t); })) err("type", schema.type);
    }
    if (own.call(schema, "enum") && !schema.enum.some(function (x) { return same(value, x); })) err("enum", schema.enum);
    if (typeof value === "string") {
      if (own.call(schema, "minLength") && length(value) < schema.minLength) err("minLength", schema.minLength);
      if (own.call(schema, "maxLength") && length(value) > schema.maxLength) err("maxLength", schema.maxLength);
      if (own.call(schema, "pattern") && !search(schema.pattern, value)) err("pattern", schema.pattern);
    }
    if (Array.isArray(value)) {
      if (own.call(schema, "minItems") && value.length < schema.minItems) err("minItems", schema.minItems);
      if (own.call(schema, "maxItems") && value.length > schema.maxItems) err("maxItems", schema.maxItems);
      if (schema.uniqueItems === true && new Set(value.map(uniqueKey)).size < value.length) {
        err("uniqueItems", true);
      }
      if (isObject(schema.items)) value.forEach(function (item, i) { errors(schema.items, item, path.concat([i]), out); });
    }
    if (isObject(value)) {
      var keys = Object.keys(value), props = schema.properties || {};
      if (own.call(schema, "minProperties") && keys.length < schema.minProperties) err("minProperties", schema.minProperties);
      if (own.call(schema, "maxProperties") && keys.length > schema.maxProperties) err("maxProperties", schema.maxProperties);
      (schema.required || []).forEach(function (name) { if (!own.call(value, name)) err("required", schema.required, { missing: name }); });
      Object.keys(props).forEach(function (name) { if (own.call(value, name)) errors(props[name], value[name], path.concat([name]), out); });
      var extras = keys.filter(function (k) { return !own.call(props, k); });
      if (schema.additionalProperties === false && extras.length) err("additionalProperties", false, { extras: extras });
      else if (isObject(schema.additionalProperties)) {
        extras.forEach(function (k) { errors(schema.additionalProperties, value[k], path.concat([k]), out); });
      }
      // propertyNames checks each key as an instance at the object's own path.
      if (isObject(schema.propertyNames)) keys.forEach(function (k) { errors(schema.propertyNames, k, path, out); });
    }
    return out;
  }

  var TYPE_HINTS = {
    array: "write a list, such as [a, b] or one '- item' per line",
    object: "write its fields on the indented lines below it",
    string: "write text",
    integer: "write a whole number such as 30",
    boolean: "write true or false"
  };
  var TYPE_NAMES = { string: "text", integer: "a whole number", number: "a number", boolean: "true or false", array: "a list", object: "a mapping of fields", "null": "nothing" };

  function fieldName(path) {
    if (!path.length) return "document";
    var last = path[path.length - 1];
    if (typeof last === "number") return (path.length > 1 ? String(path[path.length - 2]) : "list") + " item " + (last + 1);
    return String(last);
  }

  function at(doc, path, code, message, hint) {
    var m = Y.mark(doc, path);
    return Y.diagnostic(doc.rel, m.line, m.col, code, message, hint);
  }

  function atKey(doc, path, code, message, hint) {
    var m = Y.keyMark(doc, path);
    return Y.diagnostic(doc.rel, m.line, m.col, code, message, hint);
  }

  /* generator/schemas.py _explain. */
  function explain(doc, e) {
    var path = e.path, where = path.join(".") || "the file", field = fieldName(path);
    var schema = e.schema, hint = schema["x-hint"] ? String(schema["x-hint"]) : "", rule = e.rule;
    switch (e.kind) {
      case "additionalProperties": {
        var known = Object.keys(schema.properties || {});
        return e.extras.map(function (key) {
          return atKey(doc, path.concat([key]), "unknown-field", "unknown field '" + key + "'" + (path.length ? " in " + where : ""),
            didYouMean(key, known) || "allowed fields: " + known.join(", "));
        });
      }
      case "required": {
        var prop = (schema.properties || {})[e.missing];
        var description = isObject(prop) && prop.description ? String(prop.description) : "";
        return [at(doc, path, "missing-field", "missing required field '" + e.missing + "'" + (path.length ? " in " + where : ""),
          description || "add '" + e.missing + ":' with a value")];
      }
      case "enum": {
        var allowed = rule.map(pyStr);
        return [at(doc, path, "invalid-value", pyShown(e.instance) + " is not allowed for " + field,
          didYouMean(pyStr(e.instance), allowed) || "use one of: " + allowed.join(", "))];
      }
      case "type": {
        var expected = Array.isArray(rule) ? rule : [rule];
        var names = expected.map(function (t) { return TYPE_NAMES[t] || t; });
        if (expected.length === 1 && expected[0] === "string" && isNumber(e.instance)) {
          hint = hint || "put it in quotes: \"" + pyStr(e.instance) + "\"";
        }
        hint = hint || TYPE_HINTS[expected[0]] || "write it as " + names[0];
        return [at(doc, path, "wrong-type", field + " must be " + names.join(" or ") + ", not " + typeOf(e.instance), hint)];
      }
      case "pattern":
        return [at(doc, path, "invalid-format", field + " " + pyShown(e.instance) + " is not in the expected form", hint || "it must match " + rule)];
      case "minItems":
      case "minProperties":
        return [at(doc, path, "too-few", field + " must have at least " + rule + " entr" + (rule === 1 ? "y" : "ies"), hint || "add at least " + rule)];
      case "maxItems":
      case "maxProperties":
        return [at(doc, path, "too-many", field + " has more than " + rule + " entries", hint || "remove some")];
      case "minLength":
        return [at(doc, path, "too-short", field + " is too short (at least " + rule + " characters)", hint || "say more")];
      case "maxLength":
        return [at(doc, path, "too-long", field + " is too long (at most " + rule + " characters)", hint || "shorten it")];
      case "uniqueItems":
        return [at(doc, path, "duplicate-entry", field + " lists the same entry twice", "remove the repeated entry")];
      default:
        return [at(doc, path, "schema", where + ": " + e.kind, hint || "see the file's schema in content/schema/")];
    }
  }

  /* generator/schemas.py _drop_missing_explained_by_typo. */
  function dropMissingExplainedByTypo(list) {
    var suggested = {};
    list.forEach(function (d) {
      if (d.code === "unknown-field" && d.hint.indexOf("did you mean") === 0) suggested[d.hint.split("'")[1]] = true;
    });
    return list.filter(function (d) { return !(d.code === "missing-field" && own.call(suggested, d.message.split("'")[1])); });
  }

  function validate(doc, schema) {
    var found = [];
    errors(schema, doc.data, [], []).forEach(function (e) { found = found.concat(explain(doc, e)); });
    return dropMissingExplainedByTypo(found);
  }

  /* ---- generator/systemmap/load.py check_references ---- */
  function checkReferences(doc, data) {
    var map = doc.data, problems = [];
    var types = data.components.map(function (c) { return c.id; });
    var stages = data.lifecycle.slice();
    var sectors = data.sectors.map(function (s) { return s.id; });
    var kinds = data.data_kinds.map(function (k) { return k.id; });
    var questions = data.intake.map(function (q) { return q.id; });
    var platforms = data.platforms.map(function (p) { return p.id; });
    function push(d) { problems.push(d); }
    function componentProblem(path, cid, ids) {
      if (ids.indexOf(cid) >= 0) return;
      push(at(doc, path, "unknown-component", "'" + cid + "' is not a component of this map", didYouMean(cid, ids) || "declare it under components first"));
    }
    function vocabProblem(path, value, known, what) {
      if (known.indexOf(value) >= 0 || !known.length) return;
      var source = what === "data kind" ? "content/data-kinds.yml" : (what === "platform" ? "content/platforms.yml" : "content/intake.yml");
      push(at(doc, path, "unknown-reference", "unknown " + what + " '" + value + "'", didYouMean(value, known) || "use one of " + source + ": " + known.join(", ")));
    }
    function stageProblem(path, stage) {
      if (stages.indexOf(stage) >= 0) return;
      push(at(doc, path, "unknown-lifecycle", "unknown lifecycle stage '" + stage + "'", didYouMean(stage, stages) || "use one of: " + stages.join(", ")));
    }
    var sector = map.sector;
    if (sector !== undefined && sector !== null && sectors.indexOf(sector) < 0) {
      push(at(doc, ["sector"], "unknown-sector", "unknown sector '" + sector + "'", didYouMean(sector, sectors) || "use one of: " + sectors.join(", ")));
    }
    var declared = {}, ids = [];
    map.components.forEach(function (comp, i) {
      var cid = comp.id;
      if (own.call(declared, cid)) {
        var first = Y.mark(doc, ["components", declared[cid], "id"]);
        push(at(doc, ["components", i, "id"], "duplicate-id", "component id '" + cid + "' is declared twice (first at line " + first.line + ")", "give each component its own id"));
      } else {
        declared[cid] = i;
        ids.push(cid);
      }
      if (types.indexOf(comp.type) < 0) {
        push(at(doc, ["components", i, "type"], "unknown-type", "unknown component type '" + comp.type + "'", suggestType(comp.type, data)));
      }
      if (comp.platform !== undefined && comp.platform !== null) vocabProblem(["components", i, "platform"], comp.platform, platforms, "platform");
      (comp.lifecycle || []).forEach(function (stage, j) { stageProblem(["components", i, "lifecycle", j], stage); });
      (comp.data_kinds || []).forEach(function (kind, j) { vocabProblem(["components", i, "data_kinds", j], kind, kinds, "data kind"); });
      (comp.concerns || []).forEach(function (q, j) { vocabProblem(["components", i, "concerns", j], q, questions, "intake question"); });
    });
    map.components.forEach(function (comp, i) {
      (comp.runs_on || []).forEach(function (host, j) {
        componentProblem(["components", i, "runs_on", j], host, ids);
        if (host === comp.id) {
          push(at(doc, ["components", i, "runs_on", j], "self-reference", "'" + host + "' cannot run on itself", "name the device, server or MDM it runs on"));
        }
      });
    });
    Object.keys(map.intake || {}).forEach(function (q) {
      if (questions.indexOf(q) >= 0 || !questions.length) return;
      push(atKey(doc, ["intake", q], "unknown-reference", "unknown intake question '" + q + "'", didYouMean(q, questions) || "questions (content/intake.yml): " + questions.join(", ")));
    });
    (map.flows || []).forEach(function (flow, i) {
      (flow.data_kinds || []).forEach(function (kind, j) { vocabProblem(["flows", i, "data_kinds", j], kind, kinds, "data kind"); });
      ["from", "to"].forEach(function (end) { componentProblem(["flows", i, end], flow[end], ids); });
      if (flow.from === flow.to) {
        push(at(doc, ["flows", i, "to"], "self-flow", "flow from '" + flow.from + "' to itself", "a flow joins two different components; describe internal processing in notes"));
      }
      stageProblem(["flows", i, "lifecycle"], flow.lifecycle);
    });
    (map.people || []).forEach(function (person, i) {
      person.uses.forEach(function (used, j) { componentProblem(["people", i, "uses", j], used, ids); });
    });
    return problems;
  }

  /* generator/systemmap/load.py suggest_type. */
  function suggestType(value, data) {
    var close = didYouMean(value, data.components.map(function (c) { return c.id; }));
    if (close) return close;
    var words = value.toLowerCase().replace(/_/g, "-").split("-").filter(function (w) { return length(w) >= 3; });
    var hits = data.components.filter(function (c) {
      var text = [c.id, c.name].concat(c.examples).join(" ").toLowerCase();
      return words.some(function (w) { return text.indexOf(w) >= 0; });
    });
    if (hits.length) {
      return "did you mean " + hits.slice(0, 3).map(function (c) { return "'" + c.id + "' (" + c.name + ")"; }).join(", ") + "?";
    }
    return "use a component type id from content/components.yml (the site lists them under Components)";
  }

  function compareDiagnostics(a, b) {
    var keys = ["path", "line", "col", "code", "message", "hint"];
    for (var i = 0; i < keys.length; i++) {
      var c = pyCompare(a[keys[i]], b[keys[i]]);
      if (c) return c;
    }
    return 0;
  }

  /* sorted(set(diagnostics)). */
  function sortUnique(list) {
    var seen = {}, out = [];
    list.forEach(function (d) {
      var k = JSON.stringify([d.path, d.line, d.col, d.code, d.message, d.hint]);
      if (!own.call(seen, k)) { seen[k] = true; out.push(d); }
    });
    return out.sort(compareDiagnostics);
  }

  /* load_map: the diagnostics of a document, schema first, references only for a valid one. */
  function check(data, schema, doc) {
    var problems = validate(doc, schema);
    if (problems.length) return sortUnique(problems);
    return sortUnique(checkReferences(doc, data));
  }

  /* Diagnostic.format_text. */
  function formatText(d) {
    return d.path + ":" + d.line + ":" + d.col + ": error[" + d.code + "]: " + d.message + (d.hint ? "\n    hint: " + d.hint : "");
  }

  /* Read a map file: the data to use, or every diagnostic `ambit map` prints for it. */
  function readMap(data, schema, input, fileName) {
    var doc = Y.load(input, fileName);
    if (doc.diagnostic) return { diagnostics: [doc.diagnostic] };
    var problems = check(data, schema, doc);
    return problems.length ? { diagnostics: problems } : { map: doc.data, diagnostics: [] };
  }

  var api = { didYouMean: didYouMean, ratio: ratio, check: check, readMap: readMap, formatText: formatText };
  root.AmbitChecks = api;
  if (typeof module === "object" && module.exports) module.exports = api;
})(typeof window !== "undefined" ? window : globalThis);
