// Names for the search box as it is typed (countries, cities, organisations, agencies, people,
// Thai or English), from the JSON at the input's data-suggest URL. ARIA combobox pattern: the
// input owns a listbox; ArrowDown/ArrowUp move through the names, Enter puts the chosen one in
// place of the word being typed, Escape closes the list. Loaded as a file (the CSP allows no
// inline script); without it the search box is a plain form.
(function () {
  "use strict";
  var input = document.querySelector("input[data-suggest]");
  if (!input || !window.fetch) {
    return;
  }
  var url = input.getAttribute("data-suggest");
  var list = document.createElement("ul");
  list.id = input.id + "-suggestions";
  list.className = "suggestions";
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", input.getAttribute("data-suggest-label") || "");
  list.hidden = true;
  var box = document.createElement("div");
  box.className = "typeahead";
  input.parentNode.insertBefore(box, input);
  box.appendChild(input);
  box.appendChild(list);
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", list.id);
  input.setAttribute("autocomplete", "off");

  var names = [];
  var active = -1;
  var timer = null;
  var asked = 0;

  function typedPart() {
    // The word being typed: what follows the last space (a name may be the whole query).
    var text = input.value;
    var start = text.lastIndexOf(" ") + 1;
    return { start: start, text: text.slice(start) };
  }

  function close() {
    list.hidden = true;
    list.textContent = "";
    names = [];
    active = -1;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  }

  function highlight(index) {
    var options = list.querySelectorAll("[role=option]");
    active = index;
    options.forEach(function (option, i) {
      option.setAttribute("aria-selected", i === index ? "true" : "false");
    });
    if (index >= 0 && options[index]) {
      input.setAttribute("aria-activedescendant", options[index].id);
      options[index].scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function choose(index) {
    var name = names[index];
    if (!name) {
      return;
    }
    var part = typedPart();
    input.value = input.value.slice(0, part.start) + name.value;
    close();
    input.focus();
  }

  function show(found) {
    names = found;
    list.textContent = "";
    if (!found.length) {
      close();
      return;
    }
    found.forEach(function (name, i) {
      var option = document.createElement("li");
      option.id = list.id + "-" + i;
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      option.setAttribute("data-value", name.value);
      option.setAttribute("data-kind", name.kind);
      option.textContent = name.label;
      option.addEventListener("mousedown", function (event) {
        event.preventDefault(); // keep the focus in the input
        choose(i);
      });
      list.appendChild(option);
    });
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
    highlight(-1);
  }

  function ask() {
    var part = typedPart().text.trim();
    if (!part) {
      close();
      return;
    }
    var mine = ++asked;
    fetch(url + "?limit=8&q=" + encodeURIComponent(part), {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then(function (response) {
        return response.ok ? response.json() : { suggestions: [] };
      })
      .then(function (data) {
        if (mine === asked) {
          show(data.suggestions || []);
        }
      })
      .catch(close);
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(ask, 120);
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown") {
      if (list.hidden) {
        ask();
      } else {
        highlight(active + 1 < names.length ? active + 1 : 0);
      }
      event.preventDefault();
    } else if (event.key === "ArrowUp" && !list.hidden) {
      highlight(active > 0 ? active - 1 : names.length - 1);
      event.preventDefault();
    } else if (event.key === "Enter" && !list.hidden && active >= 0) {
      event.preventDefault(); // the name goes into the box; the next Enter searches
      choose(active);
    } else if (event.key === "Escape" && !list.hidden) {
      event.preventDefault();
      close();
    }
  });
  input.addEventListener("blur", function () {
    // Close a moment later (a click on a name lands first), unless the focus came back.
    setTimeout(function () {
      if (document.activeElement !== input) {
        close();
      }
    }, 150);
  });
})();
