/* Ambit map files in the browser: reading YAML as generator/loader.py does, and writing it back.
 *
 * AmbitYaml.load(bytes or text, fileName) returns {data, marks, keyMarks, lines} or
 * {diagnostic}: the same refusals as the Python loader (non-UTF-8 bytes, tab indentation, empty
 * file, several documents, anchors, aliases, tags, duplicate keys, nesting deeper than 32),
 * YAML syntax errors at js-yaml's mark, and the Python loader's scalar typing (YAML 1.1
 * yes/no stay text; quoted scalars are always text). Positions are 1-based lines and columns,
 * taken from js-yaml's listener: every node's open and close, with the start found by skipping
 * the blanks and comments after the open position.
 * AmbitYaml.dump(map) writes a map as YAML text that `ambit map` reads back to the same data.
 */
(function (root) {
  "use strict";

  var MAX_DEPTH = 32;
  var MAX_DIGITS = 30;  /* generator/loader.py MAX_DIGITS */
  var NULL = /^(?:~|null|Null|NULL|)$/;
  var BOOL = /^(?:true|True|TRUE|false|False|FALSE)$/;
  var INT = /^[-+]?(?:0|[1-9][0-9_]*)$/;
  var FLOAT = /^[-+]?(?:[0-9][0-9_]*)?\.[0-9_]+(?:[eE][-+]?[0-9]+)?$/;
  var ALIAS_HINT = "write the value out in full; anchors and aliases are refused";

  function diagnostic(path, line, col, code, message, hint) {
    return { path: path, line: line, col: col, code: code, message: message, hint: hint || "" };
  }

  /* 1-based line and column of a character offset. */
  function positionOf(lines, offset) {
    var start = 0;
    for (var i = 0; i < lines.length; i++) {
      var end = start + lines[i].length + 1;
      if (offset < end) return { line: i + 1, col: offset - start + 1 };
      start = end;
    }
    return { line: lines.length, col: 1 };
  }

  /* Where a node starts: past the blanks, line breaks and comments after its open position. */
  function skipBlank(text, pos) {
    while (pos < text.length) {
      var ch = text.charAt(pos);
      if (ch === " " || ch === "\t" || ch === "\n" || ch === "\r") { pos++; continue; }
      if (ch === "#" && (pos === 0 || /\s/.test(text.charAt(pos - 1)))) {
        while (pos < text.length && text.charAt(pos) !== "\n") pos++;
        continue;
      }
      break;
    }
    return pos;
  }

  function decode(input) {
    if (typeof input === "string") return { text: input };
    var bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
    try {
      return { text: new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes) };
    } catch (e) {
      // Find the first invalid byte the way Python reports it: line and byte column.
      var bad = firstInvalidUtf8(bytes), line = 1, lineStart = 0;
      for (var i = 0; i < bad; i++) if (bytes[i] === 10) { line++; lineStart = i + 1; }
      var hex = ("0" + bytes[bad].toString(16)).slice(-2);
      return { error: [line, bad - lineStart + 1, "encoding", "byte 0x" + hex + " is not valid UTF-8", "save the file as UTF-8"] };
    }
  }

  function firstInvalidUtf8(b) {
    var i = 0;
    while (i < b.length) {
      var c = b[i], need = c < 0x80 ? 0 : (c >= 0xc2 && c <= 0xdf) ? 1 : (c >= 0xe0 && c <= 0xef) ? 2 : (c >= 0xf0 && c <= 0xf4) ? 3 : -1;
      if (need < 0) return i;
      for (var k = 1; k <= need; k++) {
        var n = b[i + k];
        var lo = 0x80, hi = 0xbf;
        if (k === 1 && c === 0xe0) lo = 0xa0;
        if (k === 1 && c === 0xed) hi = 0x9f;
        if (k === 1 && c === 0xf0) lo = 0x90;
        if (k === 1 && c === 0xf4) hi = 0x8f;
        if (n === undefined || n < lo || n > hi) return i;
      }
      i += need + 1;
    }
    return i;
  }

  function tabIndent(lines) {
    for (var i = 0; i < lines.length; i++) {
      var stripped = lines[i].replace(/^ +/, "");
      if (stripped.charAt(0) === "\t") return [i + 1, lines[i].length - stripped.length + 1];
    }
    return null;
  }

  function hasContent(text) {
    return text.split(/\r\n|\r|\n/).some(function (line) {
      var s = line.trim();
      return s && s.charAt(0) !== "#" && s !== "---" && s !== "...";
    });
  }

  /* The second document's start: the '---' that follows content (or a second explicit one). */
  function secondDocument(lines) {
    var seenContent = false, explicitFirst = null;
    for (var i = 0; i < lines.length; i++) {
      var s = lines[i];
      if (/^---(\s|$)/.test(s)) {
        if (seenContent || explicitFirst !== null) return i + 1;
        explicitFirst = i;
        if (s.slice(3).trim() && s.slice(3).trim().charAt(0) !== "#") seenContent = true;
        continue;
      }
      var t = s.trim();
      if (t && t.charAt(0) !== "#") seenContent = true;
    }
    return 1;
  }

  /* A key as an own property whatever its name: `mapping["__proto__"] = v` would set the prototype
     instead, hiding the key from the schema check (ambit map refuses it as an unknown field). */
  var MAX_FILE_BYTES = 1024 * 1024;

  function setOwn(object, key, value) {
    Object.defineProperty(object, key, { value: value, enumerable: true, writable: true, configurable: true });
  }

  function Refused(line, col, code, message, hint) {
    this.d = [line, col, code, message, hint || ""];
  }

  /* The Python loader's scalar typing (generator/loader.py _scalar). */
  function scalarValue(text, startChar) {
    if (startChar === "'" || startChar === "\"" || startChar === "|" || startChar === ">") return text;
    if (NULL.test(text)) return null;
    if (BOOL.test(text)) return text.toLowerCase() === "true";
    if (INT.test(text)) return parseInt(text.replace(/_/g, ""), 10);
    if (FLOAT.test(text)) return pyFloat(parseFloat(text.replace(/_/g, "")));
    return text;
  }

  /* A YAML float, kept apart from whole numbers so messages print it as Python does (3.0, not 3). */
  function PyFloat(value) { this.value = value; }
  PyFloat.prototype.toString = function () {
    var v = this.value;
    return Number.isInteger(v) && Math.abs(v) < 1e16 ? v.toFixed(1) : String(v);
  };
  function pyFloat(value) { return new PyFloat(value); }

  function Builder(text, lines) {
    this.text = text; this.lines = lines;
    this.marks = {}; this.keyMarks = {};
  }

  Builder.prototype.pos = function (node) { return positionOf(this.lines, node.start); };

  Builder.prototype.checkNode = function (node, path) {
    var p = this.pos(node), ch = this.text.charAt(node.start);
    if (path.length > MAX_DEPTH) {
      throw new Refused(p.line, p.col, "too-deep", "values are nested more than " + MAX_DEPTH + " levels deep",
        "content files need only a few levels of nesting; check the brackets and indentation");
    }
    if (ch === "*") {
      throw new Refused(p.line, p.col, "alias", "alias '*" + anchorName(this.text.slice(node.start + 1)) + "' is not allowed", ALIAS_HINT);
    }
    if (node.anchor !== null) {
      // js-yaml reads "&d: x" as anchor "d:" on the value; PyYAML as anchor "d" on an empty key.
      var onKey = /^[0-9A-Za-z_-]*:$/.test(node.anchor);
      throw new Refused(p.line, p.col, "anchor", "anchor '&" + anchorName(node.anchor) + "' is not allowed",
        onKey ? "remove the anchor" : ALIAS_HINT);
    }
    if (node.tag !== null && node.tag !== "?" && !(node.kind === "scalar" && node.tag === "!")) {
      if (!(node.kind === "scalar" && ch !== "!" && node.tag === "tag:yaml.org,2002:str")) {
        throw new Refused(p.line, p.col, "tag", "tag '" + node.tag + "' is not allowed",
          "remove the tag; content is plain YAML without types");
      }
    }
    return p;
  };

  Builder.prototype.build = function (node, path) {
    var p = this.checkNode(node, path), key = JSON.stringify(path), self = this;
    var ch = this.text.charAt(node.start);
    if (node.kind === "sequence") {
      this.marks[key] = { line: p.line, col: p.col };
      var items = [], result = node.result || [], missing = result.length - node.children.length, c = 0;
      result.forEach(function (item) {
        var child = node.children[c];
        // js-yaml reads "-" followed by a less-indented line as null without a node.
        if (item === null && missing > 0 && (child === undefined || child.result !== null)) {
          missing--;
          self.marks[JSON.stringify(path.concat([items.length]))] = { line: p.line, col: p.col };
          items.push(null);
          return;
        }
        c++;
        items.push(self.build(child, path.concat([items.length])));
      });
      return items;
    }
    if (node.kind === "mapping") {
      this.marks[key] = { line: p.line, col: p.col };
      var mapping = {}, seen = {};
      for (var i = 0; i < node.children.length; i += 2) {
        var keyNode = node.children[i], valueNode = node.children[i + 1];
        var kp = this.pos(keyNode), kch = this.text.charAt(keyNode.start);
        if (keyNode.kind !== "scalar" || kch === "!" || (keyNode.tag !== null && keyNode.tag !== "?" && keyNode.tag !== "tag:yaml.org,2002:str")) {
          throw new Refused(kp.line, kp.col, "key", "mapping keys must be plain text", "use a simple word as the key");
        }
        if (keyNode.anchor !== null) {
          throw new Refused(kp.line, kp.col, "anchor", "anchor '&" + keyNode.anchor + "' is not allowed", "remove the anchor");
        }
        var name = String(keyNode.result), childPath = path.concat([name]);
        if (Object.prototype.hasOwnProperty.call(seen, name)) {
          throw new Refused(kp.line, kp.col, "duplicate-key",
            "duplicate key '" + name + "' (first defined at line " + seen[name].line + ")", "keep one of the two entries");
        }
        setOwn(seen, name, kp);
        this.keyMarks[JSON.stringify(childPath)] = { line: kp.line, col: kp.col };
        if (valueNode === undefined) {
          this.marks[JSON.stringify(childPath)] = { line: kp.line, col: kp.col };
          setOwn(mapping, name, null);
        } else {
          setOwn(mapping, name, this.build(valueNode, childPath));
        }
      }
      return mapping;
    }
    // A scalar (or an empty node): js-yaml's text, typed as the Python loader types it.
    if (node.kind === "scalar" && !/['"|>]/.test(ch) && INT.test(String(node.result))) {
      var digits = String(node.result);
      if (digits.length > MAX_DIGITS) {
        // generator/loader.py _scalar: Python refuses integers of over 4,300 digits; no field needs 20.
        throw new Refused(p.line, p.col, "number-too-large", "the number has " + digits.length.toLocaleString("en-US") +
          " digits; the limit is " + MAX_DIGITS, "write a smaller number, or put text in quotes (\"...\")");
      }
    }
    var value = node.kind === "scalar" ? scalarValue(String(node.result), ch) : null;
    var at = p;
    if (node.kind !== "scalar") at = positionOf(this.lines, node.open); // an empty value sits where it opens
    this.marks[key] = { line: at.line, col: at.col, style: ch === "|" || ch === ">" ? ch : "" };
    return value;
  };

  /* A node js-yaml opened around another: in block context a scalar or flow collection is first
   * read as a would-be mapping key, and kept as the node's value when no ':' follows. */
  function isWrapper(node, inner) {
    if (node.kind === "scalar" || node.kind === null) return inner.kind === "scalar" || inner.kind === null;
    return inner.kind === node.kind && inner.result === node.result && inner.start === node.start;
  }

  /* Collapse js-yaml's wrapper nodes into the node they wrap. */
  function unwrap(node) {
    while (node.children.length === 1 && isWrapper(node, node.children[0])) {
      var inner = node.children[0];
      node = { start: node.start, open: node.open, kind: inner.kind, result: inner.result,
        anchor: node.anchor !== null ? node.anchor : inner.anchor,
        tag: node.tag !== null && node.tag !== "?" ? node.tag : inner.tag, children: inner.children };
    }
    node.children = node.children.map(unwrap);
    return node;
  }

  /*
   * js-yaml recurses once per level of a flow collection and runs out of stack near a few thousand
   * ("[[[[..." 100,000 deep), where Python's loader answers too-deep. Text nested deeper than
   * FLOW_GUARD is cut at that bracket and the open collections closed: the depth check (32 levels)
   * then fires at the same place as in Python, far before the cut. Quoted text and comments are
   * skipped; files nested less deeply are read untouched.
   */
  var FLOW_GUARD = 256;
  function guardFlowDepth(text) {
    var closers = [], quote = "";
    for (var i = 0; i < text.length; i++) {
      var ch = text.charAt(i);
      if (quote) {
        if (quote === "\"" && ch === "\\") i++;
        else if (ch === quote) quote = "";
        continue;
      }
      if ((ch === "\"" || ch === "'") && (i === 0 || /[\s\[{,:]/.test(text.charAt(i - 1)))) quote = ch;
      else if (ch === "#" && (i === 0 || /\s/.test(text.charAt(i - 1)))) {
        while (i < text.length && text.charAt(i) !== "\n") i++;
      } else if (ch === "[" || ch === "{") {
        closers.push(ch === "[" ? "]" : "}");
        if (closers.length > FLOW_GUARD) return text.slice(0, i) + closers.slice(0, -1).reverse().join("") + "\n";
      } else if ((ch === "]" || ch === "}") && closers.length) closers.pop();
    }
    return text;
  }

  /*
   * The offset of an escape in a double-quoted scalar that gives half of a UTF-16 pair ("\ud800"),
   * or -1. The CLI's YAML reader (libyaml) refuses those as a syntax error; js-yaml takes them.
   */
  function surrogateEscape(text) {
    var quote = "";
    for (var i = 0; i < text.length; i++) {
      var ch = text.charAt(i);
      if (quote === "\"") {
        if (ch === "\\") {
          var m = /^[uU]([0-9a-fA-F]{4,8})/.exec(text.slice(i + 1, i + 10));
          if (m) {
            var code = parseInt(text.charAt(i + 1) === "u" ? m[1].slice(0, 4) : m[1].slice(0, 8), 16);
            if (code >= 0xd800 && code <= 0xdfff) return i;
          }
          i++;
        } else if (ch === "\"") quote = "";
        continue;
      }
      if (quote === "'") {
        if (ch === "'") quote = "";
        continue;
      }
      if ((ch === "\"" || ch === "'") && (i === 0 || /[\s\[{,:]/.test(text.charAt(i - 1)))) quote = ch;
      else if (ch === "#" && (i === 0 || /\s/.test(text.charAt(i - 1)))) {
        while (i < text.length && text.charAt(i) !== "\n") i++;
      }
    }
    return -1;
  }

  function load(input, fileName) {
    var rel = fileName || "map.yml";
    function fail(args) { return { diagnostic: diagnostic(rel, args[0], args[1], args[2], args[3], args[4]) }; }
    /* generator/loader.py MAX_FILE_BYTES: the page refuses what `ambit map` refuses, before reading it. */
    var size = typeof input === "string" ? new TextEncoder().encode(input).byteLength : input.byteLength;
    if (size > MAX_FILE_BYTES) {
      return fail([1, 1, "file-too-large", "file is " + size.toLocaleString("en-US") + " bytes; the limit is " +
        MAX_FILE_BYTES.toLocaleString("en-US"), "split the content into smaller files"]);
    }
    var decoded = decode(input);
    if (decoded.error) return fail(decoded.error);
    var text = decoded.text;
    if (text.charAt(0) === "\ufeff") text = text.slice(1);
    var lines = text.split("\n");
    var tab = tabIndent(lines);
    if (tab) return fail([tab[0], tab[1], "tab", "tab character in indentation", "indent YAML with spaces only"]);
    if (!hasContent(text)) return fail([1, 1, "empty-file", "file is empty", "add the fields its schema requires"]);
    var surrogate = surrogateEscape(text);
    if (surrogate >= 0) {
      var sp = positionOf(lines, surrogate);
      return fail([sp.line, sp.col, "yaml-syntax", "YAML syntax error: found invalid Unicode character escape code",
        "check indentation, quoting and the colon after each key"]);
    }
    var parsed = parse(guardFlowDepth(text), rel);
    if (parsed.error) {
      var e = parsed.error, reason = String(e.reason || e.message);
      if (/expected a single document/.test(reason)) {
        return fail([secondDocument(lines), 1, "multiple-documents", "a file holds one YAML document", "remove the extra '---'"]);
      }
      if (!e.mark) return fail([1, 1, "yaml-syntax", "YAML error: " + reason, "remove control characters and save as UTF-8"]);
      // A refusal the Python loader meets before the syntax error wins, as in its event stream.
      var early = refusalBefore(text, e.mark.line, rel) || propertyBefore(text, lines, e.mark.position);
      if (early) return fail(early);
      var tag = /^unknown tag !<(.*)>$/.exec(reason);
      if (tag && /:$/.test(tag[1])) {
        // PyYAML reads "!x: value" as a tagged key without its ':' and fails on the next line.
        var next = positionOf(lines, skipBlank(text, e.mark.position));
        return fail([next.line, next.col, "yaml-syntax", "YAML syntax error: could not find expected ':'",
          "check indentation, quoting and the colon after each key"]);
      }
      if (tag) {
        var top = parsed.stack[parsed.stack.length - 1];
        var tp = positionOf(lines, skipBlank(text, top.open === undefined ? 0 : top.open));
        return fail([tp.line, tp.col, "tag", "tag '" + tag[1] + "' is not allowed", "remove the tag; content is plain YAML without types"]);
      }
      return fail([e.mark.line + 1, e.mark.column + 1, "yaml-syntax", "YAML syntax error: " + reason,
        "check indentation, quoting and the colon after each key"]);
    }
    var builder = new Builder(text, lines), data;
    try {
      data = builder.build(unwrap(parsed.top), []);
    } catch (err) {
      if (err instanceof Refused) return fail(err.d);
      throw err;
    }
    return { data: data, marks: builder.marks, keyMarks: builder.keyMarks, lines: lines, rel: rel };
  }

  /* js-yaml over the text, recording every node: {top, stack} or {error, stack}. */
  function parse(text, rel) {
    var stack = [{ children: [] }];
    function listener(event, state) {
      if (event === "open") {
        stack.push({ open: state.position, children: [] });
        return;
      }
      var frame = stack.pop();
      stack[stack.length - 1].children.push({ open: frame.open, start: skipBlank(state.input, frame.open), kind: state.kind,
        result: state.result, anchor: state.anchor, tag: state.tag, children: frame.children });
    }
    var yaml = root.jsyaml;
    try {
      yaml.load(text, { schema: yaml.FAILSAFE_SCHEMA, json: true, listener: listener, filename: rel });
    } catch (e) {
      if (!e || e.name !== "YAMLException") throw e;
      return { error: e, stack: stack };
    }
    return { top: stack[0].children[0], stack: stack };
  }

  /* The first refusal in the lines before a syntax error (0-based line ``errorLine``), if any:
   * the Python loader reads events in order, so it meets those first. */
  function refusalBefore(text, errorLine, rel) {
    var lines = text.split("\n");
    for (var tries = 0; tries < 20 && errorLine > 0; tries++) {
      var prefix = lines.slice(0, errorLine).join("\n");
      if (!hasContent(prefix)) return null;
      var parsed = parse(prefix, rel);
      if (parsed.error) {
        if (!parsed.error.mark) return null;
        // The cut line itself may be half of the broken construct: cut above it.
        errorLine = Math.min(parsed.error.mark.line, errorLine - 1);
        continue;
      }
      try {
        new Builder(prefix, prefix.split("\n")).build(unwrap(parsed.top), []);
      } catch (err) {
        if (err instanceof Refused) return err.d;
        throw err;
      }
      return null;
    }
    return null;
  }

  /* An anchor or alias name as PyYAML scans it: letters, digits, '-' and '_'. */
  function anchorName(text) { return (/^[0-9A-Za-z_-]*/.exec(text) || [""])[0]; }

  /* An anchor or alias where a node starts, before a syntax error at ``limit``: PyYAML reads
   * "&x:" and "*x:" as an anchored or aliased key, which js-yaml rejects as a syntax error. */
  function propertyBefore(text, lines, limit) {
    var offset = 0;
    for (var i = 0; i < lines.length && offset <= limit; i++) {
      var line = lines[i], re = /(^\s*(?:-\s+)*|:\s+|[\[{,]\s*)([&*])([0-9A-Za-z_-]+)(\s*:(?=\s|$))?/g, m;
      while ((m = re.exec(line)) !== null) {
        var at = m.index + m[1].length, before = line.slice(0, at);
        if ((before.split("'").length - 1) % 2 || (before.split("\"").length - 1) % 2 || before.indexOf("#") >= 0) break;
        if (offset + at > limit) return null;
        var col = at + 1, name = m[3];
        if (m[2] === "*") {
          return m[4] ? [i + 1, col, "key", "mapping keys must be plain text", "use a simple word as the key"]
            : [i + 1, col, "alias", "alias '*" + name + "' is not allowed", ALIAS_HINT];
        }
        return [i + 1, col, "anchor", "anchor '&" + name + "' is not allowed", m[4] ? "remove the anchor" : ALIAS_HINT];
      }
      offset += line.length + 1;
    }
    return null;
  }

  /* The document's position helpers, as YamlDocument.mark and key_mark. */
  function mark(doc, path) {
    var probe = path.slice();
    while (probe.length) {
      var m = doc.marks[JSON.stringify(probe)];
      if (m) return m;
      probe.pop();
    }
    return doc.marks["[]"] || { line: 1, col: 1 };
  }

  function keyMark(doc, path) {
    return doc.keyMarks[JSON.stringify(path)] || mark(doc, path);
  }

  /* A map as YAML text for `ambit map`: fields in the schema's order, nothing empty, no anchors. */
  function dump(map) {
    var options = { noRefs: true, lineWidth: 100, sortKeys: false, quotingType: "\"" };
    var text = root.jsyaml.dump(map, options);
    // js-yaml quotes what YAML 1.2 would type; the Python loader also types a few forms it leaves
    // plain (such as "-.5"). When reading the text back differs, quote every string instead.
    var back = load(text, "map.yml");
    if (back.diagnostic || JSON.stringify(back.data) !== JSON.stringify(map)) {
      options.forceQuotes = true;
      text = root.jsyaml.dump(map, options);
    }
    return text;
  }

  var api = { PyFloat: PyFloat, load: load, dump: dump, mark: mark, keyMark: keyMark, diagnostic: diagnostic };
  root.AmbitYaml = api;
  if (typeof module === "object" && module.exports) module.exports = api;
})(typeof window !== "undefined" ? window : globalThis);
