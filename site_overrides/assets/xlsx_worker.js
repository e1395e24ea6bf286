/* Ambit: reads an XLSX workbook off the page (AmbitXlsx.readOffPage in xlsx.js sends it here).
 *
 * Loads xlsx.js from beside this file, says it is ready, then answers one message
 * {buffer, wanted, columns} with {book}, {refused: message} for a workbook Ambit does not read, or
 * {error: message}. The page ends the Worker after the answer, or when it takes too long.
 */
"use strict";
importScripts("xlsx.js");

self.onmessage = async (event) => {
  try {
    const book = await self.AmbitXlsx.read(event.data.buffer, event.data.wanted, event.data.columns);
    self.postMessage({ book });
  } catch (error) {
    if (error instanceof self.AmbitXlsx.XlsxError) self.postMessage({ refused: error.message });
    else self.postMessage({ error: String((error && error.message) || error) });
  }
};
self.postMessage({ ready: true });
