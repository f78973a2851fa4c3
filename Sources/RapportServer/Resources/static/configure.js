// The public configurator: as options change, ask the server for the price, the problems and the
// options the rules leave unavailable, and show them. The page works without this script.
(function () {
  "use strict";
  var form = document.querySelector("form[data-configurator]");
  if (!form) return;
  var priceURL = form.getAttribute("data-configurator");
  var refresh = form.querySelector("[data-refresh]");
  if (refresh) refresh.hidden = true;
  var pending = 0;

  function update() {
    var query = [];
    form.querySelectorAll("fieldset input:checked").forEach(function (input) {
      query.push("o=" + encodeURIComponent(input.value));
    });
    var ticket = ++pending;
    fetch(priceURL + "?" + query.join("&"), { headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (answer) {
        if (!answer || ticket !== pending) return;
        form.querySelector("[data-price]").textContent = answer.price_text;
        var list = form.querySelector("[data-problems]");
        list.textContent = "";
        answer.problems.forEach(function (text) {
          var item = document.createElement("li");
          item.textContent = text;
          list.appendChild(item);
        });
        form.querySelectorAll("fieldset input").forEach(function (input) {
          var reason = answer.unavailable[input.value];
          var blocked = Boolean(reason) && !input.checked;
          input.disabled = blocked;
          input.closest(".configure-option").classList.toggle("is-unavailable", blocked);
          var note = form.querySelector('[data-reason-for="' + input.value + '"]');
          if (note) note.textContent = reason || "";
        });
      })
      .catch(function () { if (refresh) refresh.hidden = false; });
  }

  form.addEventListener("change", update);
  if (form.querySelector("[data-price]").textContent.trim() === "—") update();
})();
