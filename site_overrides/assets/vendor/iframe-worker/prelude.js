"use strict";
// Ambit's part of the iframe-worker shim (shim.js, MIT): the globals a worker script expects, set in
// the hidden frame that stands in for the worker on file://. The shim used to write this as an inline
// script, whose text varies with the worker's address; as a file, the site's Content-Security-Policy
// allows it as one of the site's own scripts.
(function () {
  var worker = document.currentScript.getAttribute("data-worker");
  window.postMessage = function (message, origin) {
    parent.postMessage(message, origin || "*");
  };
  window.importScripts = function () {
    var urls = Array.prototype.slice.call(arguments);
    return urls.reduce(function (done, url) {
      return done.then(function () {
        return new Promise(function (resolve) {
          var script = document.createElement("script");
          script.src = url;
          script.onload = resolve;
          document.body.appendChild(script);
        });
      });
    }, Promise.resolve());
  };
  window.addEventListener("error", function (event) {
    parent.dispatchEvent(new ErrorEvent("error", { filename: worker, error: event.error }));
  });
})();
