// Andon's only script besides htmx: progressive enhancements; every page works without it.
(function () {
  "use strict";

  // A "Copy" button next to a read-only field (the new API token). Hidden until script can make it work.
  function enableCopyButtons(root) {
    root.querySelectorAll("button[data-copy]").forEach(function (button) {
      var field = document.getElementById(button.getAttribute("data-copy"));
      if (!field || !navigator.clipboard) {
        return;
      }
      button.hidden = false;
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(field.value).then(function () {
          button.textContent = "Copied";
        }, function () {
          field.select();
          button.textContent = "Press Ctrl+C";
        });
      });
    });
  }

  // Clicking into the token selects all of it, so a long-press or Ctrl+C copies the whole token.
  function selectOnFocus(root) {
    root.querySelectorAll("input[readonly].token-value").forEach(function (field) {
      field.addEventListener("focus", function () { field.select(); });
    });
  }

  // When the session has expired, an htmx request is redirected to the sign-in page; show that page
  // whole instead of pasting it into the search results.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var url = event.detail.xhr && event.detail.xhr.responseURL;
    if (url && new URL(url).pathname === "/login") {
      event.detail.shouldSwap = false;
      window.location.href = url;
    }
  });

  // A graph wider than the screen starts scrolled to the service the page is about (or to the
  // middle, where the layout centres the top rows) rather than to its left edge.
  function centreGraphs(root) {
    root.querySelectorAll(".graph-scroll").forEach(function (box) {
      if (box.scrollWidth <= box.clientWidth) {
        return;
      }
      var target = box.querySelector(".graph-node.highlight");
      var boxLeft = box.getBoundingClientRect().left;
      var centre = target
        ? target.getBoundingClientRect().left - boxLeft + box.scrollLeft + target.getBoundingClientRect().width / 2
        : box.scrollWidth / 2;
      box.scrollLeft = Math.max(0, centre - box.clientWidth / 2);
    });
  }

  // A pre-mortem's time box counts down from the seconds the server said were left (so a device
  // with a wrong clock still shows the right time); at zero it offers the reload that shows the reveal.
  function countdowns(root) {
    root.querySelectorAll("[data-countdown]").forEach(function (element) {
      var end = Date.now() + 1000 * (parseInt(element.getAttribute("data-countdown"), 10) || 0);
      var timer = setInterval(function () {
        var left = Math.max(0, Math.round((end - Date.now()) / 1000));
        var hours = Math.floor(left / 3600);
        var minutes = Math.floor((left % 3600) / 60);
        var seconds = left % 60;
        element.textContent = (hours > 0 ? hours + " h " : "") + minutes + " min " + (seconds < 10 ? "0" : "") + seconds + " s";
        if (left === 0) {
          clearInterval(timer);
          var done = document.getElementById(element.getAttribute("data-countdown-done") || "");
          if (done) {
            done.hidden = false;
          }
        }
      }, 1000);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    enableCopyButtons(document);
    selectOnFocus(document);
    centreGraphs(document);
    countdowns(document);
  });
})();
