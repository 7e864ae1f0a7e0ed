// "คัดลอก" (copy) buttons on record pages: copy the text of the element named by data-copy,
// then say so for two seconds with the button's data-copied text (in the page's language).
// Loaded as a file (the CSP allows no inline script); without it the text stays selectable.
(function () {
  "use strict";
  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "absolute";
    area.style.left = "-9999px";
    document.body.appendChild(area);
    area.select();
    try {
      document.execCommand("copy");
    } finally {
      document.body.removeChild(area);
    }
    return Promise.resolve();
  }
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    var target = document.getElementById(button.getAttribute("data-copy"));
    if (!target) {
      return;
    }
    var label = button.textContent;
    var done = button.getAttribute("data-copied") || label;
    button.hidden = false;
    button.addEventListener("click", function () {
      copyText(target.textContent.trim()).then(
        function () {
          button.textContent = done;
          window.setTimeout(function () { button.textContent = label; }, 2000);
        },
        function () {
          window.getSelection().selectAllChildren(target);
        }
      );
    });
  });
})();
