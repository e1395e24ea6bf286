/* Ambit: read the sheets of an XLSX workbook in the browser (and write a small one), with no
 * library and no request.
 *
 * An XLSX file is a zip of XML parts. This reads the zip's central directory, inflates the
 * parts it needs with DecompressionStream("deflate-raw"), and parses them with a small XML reader
 * of its own (DOMParser does not exist in a Worker): the workbook (sheet names), its
 * relationships (which part holds which sheet), the shared strings, each wanted sheet, and
 * docProps/core.xml (title and subject).
 *
 * readOffPage(buffer, wanted) does the same in a Worker (assets/xlsx_worker.js, which loads this
 * file), so the page keeps responding while a large or hostile workbook is read, and stops it
 * after MAX_SECONDS. Browsers refuse Workers on pages opened from files (the offline copy,
 * checklist.html), so there, and wherever the Worker cannot start, the same code runs in the page,
 * where the cell counts below keep every hostile workbook short. Cells come back as
 * {ref, text, number, formula}: shared, inline and formula-result strings as text, numbers as
 * numbers, and formula = true whenever the cell holds a formula, so the caller can refuse it.
 *
 * Limits: parts over MAX_PART bytes (inflated) are refused, so a small zip cannot expand into a
 * huge one; sheets and shared strings over MAX_CELLS cells (or a row over MAX_ROW_CELLS) are
 * refused before they are parsed; encrypted, multi-disk and ZIP64 archives are refused with a message.
 */
(function () {
  "use strict";

  const MAX_PART = 32 * 1024 * 1024;
  /* generator/progress/xlsx_import.py MAX_ENTRIES: a workbook Ambit wrote has about a dozen parts. */
  const MAX_ENTRIES = 2000;
  const MAX_UNPACKED = 200000000;

  class XlsxError extends Error {}

  function u16(view, at) {
    return view.getUint16(at, true);
  }
  function u32(view, at) {
    return view.getUint32(at, true);
  }

  /** The zip's entries by name: {method, flags, size, compressed, offset}. */
  function directory(buffer) {
    const view = new DataView(buffer);
    const min = Math.max(0, buffer.byteLength - 22 - 65535);
    let end = -1;
    for (let at = buffer.byteLength - 22; at >= min; at--) {
      if (u32(view, at) === 0x06054b50) {
        end = at;
        break;
      }
    }
    if (end < 0) throw new XlsxError("the file is not an XLSX workbook (no zip directory found)");
    const count = u16(view, end + 10);
    const size = u32(view, end + 12);
    let at = u32(view, end + 16);
    if (count === 0xffff || at === 0xffffffff || at + size > end) {
      throw new XlsxError("the workbook's zip directory is damaged or uses ZIP64, which is not supported");
    }
    if (count > MAX_ENTRIES) throw new XlsxError("the workbook has " + count + " parts, more than Ambit reads (" + MAX_ENTRIES + ")");
    const names = new TextDecoder();
    const entries = new Map();
    let unpacked = 0;
    for (let i = 0; i < count; i++) {
      if (at + 46 > end || u32(view, at) !== 0x02014b50) throw new XlsxError("the workbook's zip directory is damaged");
      const nameLength = u16(view, at + 28);
      const name = names.decode(new Uint8Array(buffer, at + 46, nameLength));
      entries.set(name, {
        flags: u16(view, at + 8),
        method: u16(view, at + 10),
        compressed: u32(view, at + 20),
        size: u32(view, at + 24),
        offset: u32(view, at + 42),
      });
      unpacked += u32(view, at + 24);
      at += 46 + nameLength + u16(view, at + 30) + u16(view, at + 32);
    }
    // generator/progress/xlsx_import.py MAX_UNCOMPRESSED_BYTES: the parts together, as the zip lists them.
    if (unpacked > MAX_UNPACKED) throw new XlsxError("the workbook expands to more than Ambit reads");
    return entries;
  }

  async function inflate(bytes) {
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate-raw"));
    const reader = stream.getReader();
    const chunks = [];
    let total = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > MAX_PART) {
        await reader.cancel();
        throw new XlsxError("a part of the workbook is too large once unpacked");
      }
      chunks.push(value);
    }
    return new Blob(chunks).arrayBuffer();
  }

  /** The text of part `name`, or null when the workbook has no such part. */
  async function part(buffer, entries, name) {
    const entry = entries.get(name);
    if (!entry) return null;
    if (entry.flags & 1) throw new XlsxError("the workbook is encrypted");
    if (entry.size > MAX_PART) throw new XlsxError("a part of the workbook is too large once unpacked");
    const view = new DataView(buffer);
    const at = entry.offset;
    if (at + 30 > buffer.byteLength || u32(view, at) !== 0x04034b50) throw new XlsxError("the workbook's zip data is damaged");
    const start = at + 30 + u16(view, at + 26) + u16(view, at + 28);
    if (start + entry.compressed > buffer.byteLength) throw new XlsxError("the workbook is cut short");
    const raw = new Uint8Array(buffer, start, entry.compressed);
    let data;
    if (entry.method === 0) data = raw;
    else if (entry.method === 8) {
      try {
        data = await inflate(raw);
      } catch (error) {
        if (error instanceof XlsxError) throw error;
        throw new XlsxError("the workbook's zip data is damaged (" + name + " does not unpack)");
      }
    } else throw new XlsxError("the workbook uses a zip compression method that is not supported");
    const text = new TextDecoder("utf-8", { fatal: false }).decode(data);
    // Entity declarations (XXE, billion laughs) are refused, as the CLI's defusedxml refuses them;
    // DOMParser would not fetch them, but a file the CLI refuses must not be taken here either.
    if (/<!ENTITY/i.test(text.slice(0, 65536))) throw new XlsxError(name + " declares XML entities, which Ambit does not read");
    return text;
  }

  /* generator/progress/xlsx_import.py MAX_CELLS and MAX_ROW_CELLS: the two readers refuse the same
     workbooks. Counted on the part's text before DOMParser builds a node per cell, which froze the
     page for a minute and took gigabytes on a 129 KB workbook of millions of empty cells. */
  const MAX_CELLS = 500000;
  const MAX_ROW_CELLS = 16384;
  const MAX_ROWS = 10000;

  /** Refuses part `name` when it holds too many cells (or, with `read`, rows), counted on its text. */
  function countCells(text, name, read) {
    const tags = /<(?:[A-Za-z_][\w.-]*:)?(row|c|si)[\s>\/]/g;
    let cells = 0;
    let rowCells = 0;
    let rows = 0;
    for (let m = tags.exec(text); m !== null; m = tags.exec(text)) {
      if (m[1] === "row") {
        rows += 1;
        rowCells = 0;
        if (read && rows > MAX_ROWS) throw new XlsxError(name + ": more than 10,000 rows, more than Ambit reads");
        continue;
      }
      cells += 1;
      rowCells += 1;
      if (rowCells > MAX_ROW_CELLS) throw new XlsxError(name + ": row " + rows + " has more than 16,384 cells, more than Ambit reads");
      if (cells > MAX_CELLS) throw new XlsxError(name + ": more than 500,000 cells, more than Ambit reads");
    }
  }

  // A small XML reader: elements, attributes, text, CDATA and the five entities plus character
  // references; comments, processing instructions and a DOCTYPE without declarations are skipped.
  // Anything else (a tag left open, a stray "<" or "&") makes the part not well-formed.

  const TOKEN = /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!\[CDATA\[([\s\S]*?)\]\]>|<!DOCTYPE[^>[]*>|<\/([^\s>]+)\s*>|<([^\s\/>!?]+)((?:\s+[^\s=\/>]+\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>|([^<]+)/y;
  const ATTRIBUTE = /([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
  const ENTITIES = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

  function decodeText(text, name) {
    if (text.indexOf("&") < 0) return text;
    return text.replace(/&([^;&\s]{0,12});?/g, (all, ref) => {
      if (all.endsWith(";")) {
        if (ENTITIES[ref] !== undefined) return ENTITIES[ref];
        const code = ref[0] === "#" ? (ref[1] === "x" ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10)) : NaN;
        if (code >= 0 && code <= 0x10ffff) return String.fromCodePoint(code);
      }
      throw new XlsxError(name + " in the workbook is not well-formed XML");
    });
  }

  function localName(qname) {
    const colon = qname.indexOf(":");
    return colon < 0 ? qname : qname.slice(colon + 1);
  }

  /** The part's root element: {name (local), qname, attrs {qname: value}, parent, children}. */
  function xml(text, name) {
    const bad = () => new XlsxError(name + " in the workbook is not well-formed XML");
    const top = { name: "", qname: "", attrs: {}, parent: null, children: [] };
    let current = top;
    TOKEN.lastIndex = 0;
    while (TOKEN.lastIndex < text.length) {
      const at = TOKEN.lastIndex;
      const m = TOKEN.exec(text);
      if (m === null || m.index !== at) throw bad();
      if (m[6] !== undefined) {
        if (current === top) {
          if (m[6].trim()) throw bad();
        } else current.children.push(decodeText(m[6], name));
      } else if (m[1] !== undefined) {
        if (current === top) throw bad();
        current.children.push(m[1]);
      } else if (m[2] !== undefined) {
        if (m[2] !== current.qname) throw bad();
        current = current.parent;
      } else if (m[3] !== undefined) {
        if (current === top && top.children.length) throw bad();  // one root element
        const attrs = {};
        ATTRIBUTE.lastIndex = 0;
        for (let a = ATTRIBUTE.exec(m[4]); a !== null; a = ATTRIBUTE.exec(m[4])) attrs[a[1]] = decodeText(a[2] !== undefined ? a[2] : a[3], name);
        const node = { name: localName(m[3]), qname: m[3], attrs, parent: current, children: [] };
        current.children.push(node);
        if (!m[5]) current = node;
      }
    }
    if (current !== top || !top.children.length) throw bad();
    return top.children.find((c) => typeof c !== "string");
  }

  function attr(node, qname) {
    return Object.prototype.hasOwnProperty.call(node.attrs, qname) ? node.attrs[qname] : null;
  }

  /** The value of the attribute `local` in namespace `ns`, its prefix declared on it or above. */
  function attrNS(node, ns, local) {
    for (const qname of Object.keys(node.attrs)) {
      const colon = qname.indexOf(":");
      if (colon < 0 || qname.slice(colon + 1) !== local) continue;
      const declaration = "xmlns:" + qname.slice(0, colon);
      for (let n = node; n; n = n.parent) {
        if (n.attrs && Object.prototype.hasOwnProperty.call(n.attrs, declaration)) {
          if (n.attrs[declaration] === ns) return node.attrs[qname];
          break;
        }
      }
    }
    return null;
  }

  function elements(node) {
    return node.children.filter((c) => typeof c !== "string");
  }

  /** Every element below `node` named `name` (local name), in document order. */
  function byName(node, name) {
    const found = [];
    const stack = [node];
    while (stack.length) {
      const n = stack.pop();
      const kids = elements(n);
      for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]);
      if (n !== node && n.name === name) found.push(n);
    }
    return found;
  }

  function child(node, name) {
    for (const c of node.children) if (typeof c !== "string" && c.name === name) return c;
    return null;
  }

  function textContent(node) {
    if (!node) return "";
    let text = "";
    for (const c of node.children) text += typeof c === "string" ? c : textContent(c);
    return text;
  }

  /** Concatenated text of the <t> elements of a string item (plain or rich text runs), leaving
      out phonetic runs (<rPh>). */
  function stringItem(node) {
    let text = "";
    for (const c of elements(node)) {
      if (c.name === "rPh") continue;
      text += c.name === "t" ? textContent(c) : stringItem(c);
    }
    return text;
  }

  function columnIndex(ref) {
    const letters = /^[A-Z]+/.exec(ref || "");
    if (!letters) return -1;
    let n = 0;
    for (const ch of letters[0]) n = n * 26 + (ch.charCodeAt(0) - 64);
    return n - 1;
  }

  function columnName(index) {
    let name = "";
    for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
    return name;
  }

  function readSheet(doc, strings, name) {
    const rows = [];
    for (const row of byName(doc, "row")) {
      const r = Number(attr(row, "r")) || rows.length + 1;
      // A row numbered past the limit is refused however few rows come before it, as by openpyxl in the CLI.
      if (r > MAX_ROWS) throw new XlsxError(name + "!A" + r + ": more than 10,000 rows, more than Ambit reads");
      const cells = [];
      let next = 0;
      for (const c of elements(row)) {
        if (c.name !== "c") continue;
        const ref = attr(c, "r");
        const col = ref ? columnIndex(ref) : next;
        next = col + 1;
        const type = attr(c, "t") || "n";
        const v = child(c, "v");
        const cell = { ref: columnName(col) + r, text: "", number: null, formula: child(c, "f") !== null };
        const value = v ? textContent(v) : "";
        if (type === "s") cell.text = v ? strings[Number(value)] || "" : "";
        else if (type === "inlineStr") cell.text = child(c, "is") ? stringItem(child(c, "is")) : "";
        else if (type === "str" || type === "e") cell.text = value;
        else if (type === "b") cell.text = value === "1" ? "TRUE" : "FALSE";
        else if (v) {
          cell.text = value;
          cell.number = Number(value);
        }
        cells[col] = cell;
      }
      rows.push({ number: r, cells });
    }
    return rows;
  }

  /**
   * `rows` with only the cells under the headings `spec.keep` ({required, keep}, any case), found in
   * the first of the first ten rows that has every `spec.required` heading; with no such row, the
   * first ten rows (the caller then says what heading is missing). A sheet of thousands of columns
   * comes back as the few the caller reads, which keeps the hand-over from the Worker short.
   */
  function keepColumns(rows, spec) {
    const lower = (names) => names.map((n) => n.toLowerCase());
    const required = lower(spec.required);
    const keep = new Set(lower(spec.keep));
    for (const row of rows.slice(0, 10)) {
      const headings = new Map();
      row.cells.forEach((cell, index) => {
        const heading = cell ? cell.text.trim().toLowerCase() : "";
        if (cell && !headings.has(heading)) headings.set(heading, index); // the first of two alike
      });
      if (!required.every((name) => headings.has(name))) continue;
      const columns = [...headings].filter(([name]) => keep.has(name)).map(([, index]) => index);
      return rows.map((r) => {
        const cells = [];
        for (const index of columns) if (r.cells[index]) cells[index] = r.cells[index];
        return { number: r.number, cells };
      });
    }
    return rows.slice(0, 10);
  }

  /**
   * Read `wanted` sheets (by name) of the XLSX in `buffer`; `columns` ({sheet: {required, keep}},
   * optional) trims a sheet to the columns the caller reads (keepColumns).
   * Returns {sheets: {name: [{number, cells: [cell...]}]}, title, subject, keywords, date1904}.
   */
  async function read(buffer, wanted, columns) {
    const entries = directory(buffer);
    const workbookText = await part(buffer, entries, "xl/workbook.xml");
    if (workbookText === null) throw new XlsxError("the file is a zip but not an XLSX workbook (no xl/workbook.xml)");
    const workbook = xml(workbookText, "xl/workbook.xml");
    const relsText = (await part(buffer, entries, "xl/_rels/workbook.xml.rels")) || "<Relationships/>";
    const targets = new Map(
      byName(xml(relsText, "xl/_rels/workbook.xml.rels"), "Relationship").map((rel) => [attr(rel, "Id"), attr(rel, "Target") || ""]),
    );
    const stringsText = await part(buffer, entries, "xl/sharedStrings.xml");
    if (stringsText) countCells(stringsText, "xl/sharedStrings.xml", false);
    const strings = stringsText ? byName(xml(stringsText, "xl/sharedStrings.xml"), "si").map(stringItem) : [];
    const pr = byName(workbook, "workbookPr")[0];
    const date1904 = Boolean(pr && ["1", "true"].includes(attr(pr, "date1904")));
    // Every sheet's cells are counted, read or not, as ambit progress from-xlsx counts them: the two
    // readers refuse the same workbooks.
    for (const name of [...entries.keys()].sort()) {
      if (!/^xl\/worksheets\/[^/]+\.xml$/.test(name)) continue;
      countCells(await part(buffer, entries, name), name, false);
    }
    const sheets = {};
    for (const sheet of byName(workbook, "sheet")) {
      const name = attr(sheet, "name");
      if (!wanted.includes(name)) continue;
      const id = attrNS(sheet, "http://schemas.openxmlformats.org/officeDocument/2006/relationships", "id");
      const target = targets.get(id) || "";
      const path = target.startsWith("/") ? target.slice(1) : "xl/" + target.replace(/^\.\//, "");
      const text = await part(buffer, entries, path);
      if (text === null) throw new XlsxError("the workbook lists sheet \"" + name + "\" but does not contain it");
      countCells(text, path, true);
      const rows = readSheet(xml(text, path), strings, name);
      sheets[name] = columns && columns[name] ? keepColumns(rows, columns[name]) : rows;
    }
    let title = "";
    let subject = "";
    let keywords = "";
    const coreText = await part(buffer, entries, "docProps/core.xml");
    if (coreText) {
      const core = xml(coreText, "docProps/core.xml");
      title = textContent(byName(core, "title")[0]);
      subject = textContent(byName(core, "subject")[0]);
      keywords = textContent(byName(core, "keywords")[0]);
    }
    return { sheets, title, subject, keywords, date1904 };
  }

  // ---------------------------------------------------------------------------------------
  // Writing: a small workbook of text, number and formula cells, for "Export progress (XLSX)" and
  // the mapper's checklist workbook.
  //
  // Stored (uncompressed) zip entries with their CRC-32, inline strings (no shared-string table),
  // one bold header row, a status drop-down on the columns the caller names, and the core
  // properties Ambit's readers look for (title, subject "<name> catalogue <version>", keywords
  // "ambit-checklist:<id> ambit-catalogue:<version>"). Text that a spreadsheet would take for a
  // formula is written with a leading "'" (as the site's downloads do), and characters XML
  // cannot hold are dropped, so no note can become a formula or break the file.

  const FORMULA_START = /^[=+\-@\t\r]/;
  const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

  function escapeXml(text) {
    return String(text)
      .replace(NOT_XML, "")
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;");
  }

  let crcTable = null;
  function crc32(bytes) {
    if (!crcTable) {
      crcTable = new Uint32Array(256);
      for (let n = 0; n < 256; n++) {
        let c = n;
        for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
        crcTable[n] = c >>> 0;
      }
    }
    let crc = 0xffffffff;
    for (let i = 0; i < bytes.length; i++) crc = crcTable[(crc ^ bytes[i]) & 0xff] ^ (crc >>> 8);
    return (crc ^ 0xffffffff) >>> 0;
  }

  /** A zip of `files` ([name, text]) with every entry stored, as a Uint8Array. */
  function zip(files) {
    const encoder = new TextEncoder();
    const locals = [];
    const centrals = [];
    let offset = 0;
    for (const [name, text] of files) {
      const nameBytes = encoder.encode(name);
      const data = encoder.encode(text);
      const crc = crc32(data);
      const local = new DataView(new ArrayBuffer(30));
      local.setUint32(0, 0x04034b50, true);
      local.setUint16(4, 20, true);
      local.setUint16(8, 0, true); // method 0: stored
      local.setUint16(12, 0x21, true); // a fixed date (1980-01-01): same answers, same bytes
      local.setUint32(14, crc, true);
      local.setUint32(18, data.length, true);
      local.setUint32(22, data.length, true);
      local.setUint16(26, nameBytes.length, true);
      const central = new DataView(new ArrayBuffer(46));
      central.setUint32(0, 0x02014b50, true);
      central.setUint16(4, 20, true);
      central.setUint16(6, 20, true);
      central.setUint16(14, 0x21, true);
      central.setUint32(16, crc, true);
      central.setUint32(20, data.length, true);
      central.setUint32(24, data.length, true);
      central.setUint16(28, nameBytes.length, true);
      central.setUint32(42, offset, true);
      locals.push(new Uint8Array(local.buffer), nameBytes, data);
      centrals.push(new Uint8Array(central.buffer), nameBytes);
      offset += 30 + nameBytes.length + data.length;
    }
    const centralSize = centrals.reduce((n, part) => n + part.length, 0);
    const end = new DataView(new ArrayBuffer(22));
    end.setUint32(0, 0x06054b50, true);
    end.setUint16(8, files.length, true);
    end.setUint16(10, files.length, true);
    end.setUint32(12, centralSize, true);
    end.setUint32(16, offset, true);
    const parts = [...locals, ...centrals, new Uint8Array(end.buffer)];
    const out = new Uint8Array(parts.reduce((n, part) => n + part.length, 0));
    let at = 0;
    for (const part of parts) {
      out.set(part, at);
      at += part.length;
    }
    return out;
  }

  function cellXml(ref, value, header, keepEmpty) {
    const style = header ? ' s="1"' : "";
    if (typeof value === "number" && Number.isFinite(value)) return '<c r="' + ref + '"' + style + "><v>" + value + "</v></c>";
    if (value && typeof value === "object" && typeof value.formula === "string") {
      // A formula the caller wrote (never a reader's text), with its value for viewers that do not calculate.
      const cached = Number.isFinite(value.value) ? "<v>" + value.value + "</v>" : "";
      return '<c r="' + ref + '"' + style + "><f>" + escapeXml(value.formula) + "</f>" + cached + "</c>";
    }
    let text = String(value == null ? "" : value);
    if (!text && !keepEmpty) return "";
    if (FORMULA_START.test(text)) text = "'" + text;
    return '<c r="' + ref + '" t="inlineStr"' + style + '><is><t xml:space="preserve">' + escapeXml(text) + "</t></is></c>";
  }

  function paneXml(freeze) {
    if (!freeze || !(freeze.rows || freeze.cols)) return '<sheetView workbookViewId="0"/>';
    const top = columnName(freeze.cols || 0) + ((freeze.rows || 0) + 1);
    const split = (freeze.cols ? ' xSplit="' + freeze.cols + '"' : "") + (freeze.rows ? ' ySplit="' + freeze.rows + '"' : "");
    const active = freeze.rows && freeze.cols ? "bottomRight" : freeze.rows ? "bottomLeft" : "topRight";
    return '<sheetView workbookViewId="0"><pane' + split + ' topLeftCell="' + top + '" activePane="' + active + '" state="frozen"/></sheetView>';
  }

  function sheetXml(sheet) {
    const header = sheet.header === undefined ? 0 : sheet.header;
    const rows = sheet.rows.map((row, r) => {
      const cells = row.map((value, c) => cellXml(columnName(c) + (r + 1), value, r === header, sheet.keepEmpty)).join("");
      return '<row r="' + (r + 1) + '">' + cells + "</row>";
    });
    const width = Math.max(1, ...sheet.rows.map((row) => row.length));
    const filter = sheet.autofilter ? '<autoFilter ref="A1:' + columnName(width - 1) + Math.max(sheet.rows.length, 2) + '"/>' : "";
    const links = Object.keys(sheet.links || {});
    const linksXml = links.length
      ? "<hyperlinks>" + links.map((ref, i) => '<hyperlink ref="' + ref + '" r:id="rId' + (i + 1) + '"/>').join("") + "</hyperlinks>"
      : "";
    const cols = (sheet.widths || [])
      .map((w, c) => '<col min="' + (c + 1) + '" max="' + (c + 1) + '" width="' + w + '" customWidth="1"/>')
      .join("");
    const last = Math.max(sheet.rows.length, 2);
    const lists = (sheet.lists || [])
      .map(
        (list) =>
          '<dataValidation type="list" allowBlank="1" showErrorMessage="1" sqref="' +
          columnName(list.column) + "2:" + columnName(list.column) + last +
          '"><formula1>"' + escapeXml(list.values.join(",")) + '"</formula1></dataValidation>',
      )
      .join("");
    return (
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
      '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
      "<sheetViews>" + paneXml(sheet.freeze === undefined ? { rows: 1 } : sheet.freeze) + "</sheetViews>" +
      (cols ? "<cols>" + cols + "</cols>" : "") +
      "<sheetData>" + rows.join("") + "</sheetData>" +
      filter +
      (lists ? '<dataValidations count="' + sheet.lists.length + '">' + lists + "</dataValidations>" : "") +
      linksXml +
      "</worksheet>"
    );
  }

  /**
   * An XLSX workbook as a Uint8Array. `sheets`: [{name, rows: [[cell...]...], widths, lists:
   * [{column, values}], and optionally header (the bold row, 0 unless given), freeze ({rows, cols}
   * frozen; one row unless given, null for none), autofilter (true: over every row and column),
   * links ({"A2": "https://..."}: a cell linked to an address), keepEmpty (write "" cells too)}]. A cell is text, a number, or
   * {formula, value} (a formula without its "=", and the value shown until it is recalculated).
   * `props`: {title, subject, keywords, creator, description, created ("YYYY-MM-DDThh:mm:ssZ")}.
   */
  function write(sheets, props) {
    const ns = "http://schemas.openxmlformats.org/";
    const head = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
    const files = [
      [
        "[Content_Types].xml",
        head +
          '<Types xmlns="' + ns + 'package/2006/content-types">' +
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
          '<Default Extension="xml" ContentType="application/xml"/>' +
          '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
          '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
          sheets
            .map((_, i) => '<Override PartName="/xl/worksheets/sheet' + (i + 1) + '.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>')
            .join("") +
          '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>' +
          "</Types>",
      ],
      [
        "_rels/.rels",
        head +
          '<Relationships xmlns="' + ns + 'package/2006/relationships">' +
          '<Relationship Id="rId1" Type="' + ns + 'officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>' +
          '<Relationship Id="rId2" Type="' + ns + 'package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>' +
          "</Relationships>",
      ],
      [
        "docProps/core.xml",
        head +
          '<cp:coreProperties xmlns:cp="' + ns + 'package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"' +
          ' xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
          "<dc:title>" + escapeXml(props.title || "") + "</dc:title>" +
          "<dc:subject>" + escapeXml(props.subject || "") + "</dc:subject>" +
          (props.creator ? "<dc:creator>" + escapeXml(props.creator) + "</dc:creator>" : "") +
          (props.description ? "<dc:description>" + escapeXml(props.description) + "</dc:description>" : "") +
          (/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(props.created || "")
            ? '<dcterms:created xsi:type="dcterms:W3CDTF">' + props.created + "</dcterms:created>"
            : "") +
          "<cp:keywords>" + escapeXml(props.keywords || "") + "</cp:keywords>" +
          "</cp:coreProperties>",
      ],
      [
        "xl/workbook.xml",
        head +
          '<workbook xmlns="' + ns + 'spreadsheetml/2006/main" xmlns:r="' + ns + 'officeDocument/2006/relationships"><sheets>' +
          sheets.map((s, i) => '<sheet name="' + escapeXml(s.name) + '" sheetId="' + (i + 1) + '" r:id="rId' + (i + 1) + '"/>').join("") +
          "</sheets></workbook>",
      ],
      [
        "xl/_rels/workbook.xml.rels",
        head +
          '<Relationships xmlns="' + ns + 'package/2006/relationships">' +
          sheets
            .map((_, i) => '<Relationship Id="rId' + (i + 1) + '" Type="' + ns + 'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet' + (i + 1) + '.xml"/>')
            .join("") +
          '<Relationship Id="rId' + (sheets.length + 1) + '" Type="' + ns + 'officeDocument/2006/relationships/styles" Target="styles.xml"/>' +
          "</Relationships>",
      ],
      [
        "xl/styles.xml",
        head +
          '<styleSheet xmlns="' + ns + 'spreadsheetml/2006/main">' +
          '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>' +
          '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
          '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
          '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
          '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>' +
          '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
          "</styleSheet>",
      ],
      ...sheets.map((s, i) => ["xl/worksheets/sheet" + (i + 1) + ".xml", sheetXml(s)]),
      ...sheets.flatMap((s, i) => {
        const urls = Object.values(s.links || {});
        if (!urls.length) return [];
        const rels = urls.map(
          (url, j) =>
            '<Relationship Id="rId' + (j + 1) + '" Type="' + ns + 'officeDocument/2006/relationships/hyperlink" Target="' +
            escapeXml(url) + '" TargetMode="External"/>',
        );
        return [["xl/worksheets/_rels/sheet" + (i + 1) + ".xml.rels", head + '<Relationships xmlns="' + ns + 'package/2006/relationships">' + rels.join("") + "</Relationships>"]];
      }),
    ];
    return zip(files);
  }

  // ---------------------------------------------------------------------------------------
  // Reading off the page, in a Worker.

  /** How long a Worker may read one workbook: one Ambit wrote takes well under a second. */
  const MAX_SECONDS = 20;
  // This file's own address, to find the Worker's beside it (set while the page loads it).
  const here = typeof document !== "undefined" && document.currentScript ? document.currentScript.src : "";

  function workerUrl() {
    if (!here || typeof Worker !== "function" || !/^https?:$/.test(self.location.protocol)) return "";
    return here.replace(/xlsx\.js(\?.*)?$/, "xlsx_worker.js");
  }

  /**
   * read(buffer, wanted, columns) in a Worker, so the page never freezes; the same in the page where no
   * Worker can start (pages opened from files). Rejects with XlsxError as read does, also when the
   * Worker takes over MAX_SECONDS.
   */
  function readOffPage(buffer, wanted, columns) {
    const url = workerUrl();
    if (!url) return read(buffer, wanted, columns);
    return new Promise((resolve, reject) => {
      let worker;
      try {
        worker = new Worker(url);
      } catch (error) {
        resolve(read(buffer, wanted, columns));
        return;
      }
      let started = false;
      const timer = setTimeout(() => {
        worker.terminate();
        reject(new XlsxError("the workbook took more than " + MAX_SECONDS + " seconds to read; is this the workbook Ambit wrote?"));
      }, MAX_SECONDS * 1000);
      const finish = () => {
        clearTimeout(timer);
        worker.terminate();
      };
      worker.onmessage = (event) => {
        const answer = event.data || {};
        if (answer.ready) {
          started = true;
          worker.postMessage({ buffer, wanted, columns });
          return;
        }
        finish();
        if (answer.book) resolve(answer.book);
        else if (answer.refused) reject(new XlsxError(String(answer.refused)));
        else reject(new Error(String(answer.error || "the workbook reader stopped")));
      };
      worker.onerror = (event) => {
        event.preventDefault();
        finish();
        // The Worker's file did not load (a copy of the page without it): read in the page.
        if (!started) resolve(read(buffer, wanted, columns));
        else reject(new Error(event.message || "the workbook reader stopped"));
      };
    });
  }

  self.AmbitXlsx = { read, readOffPage, write, XlsxError };
})();
