// The rule form (业务规则): the ratio's percentage next to what staff type ("1/3" → ＝ 1/3（33.3%）).
(function () {
  "use strict";

  function parse(text) {
    text = text.trim();
    var match;
    if ((match = text.match(/^(\d+(?:\.\d+)?)\s*%$/))) return { value: parseFloat(match[1]) / 100, fraction: null };
    if ((match = text.match(/^(\d+)\s*\/\s*(\d+)$/)) && parseInt(match[2], 10) > 0) {
      return { value: parseInt(match[1], 10) / parseInt(match[2], 10), fraction: match[1] + "/" + match[2] };
    }
    if (/^\d+(?:\.\d+)?$/.test(text)) return { value: parseFloat(text), fraction: null };
    return null;
  }

  function percent(value) {
    var text = (Math.round(value * 1000) / 10).toFixed(1);
    return text.replace(/\.0$/, "") + "%";
  }

  function update(input) {
    var output = input.parentNode.querySelector("[data-ratio-output]");
    if (!output) return;
    var ratio = parse(input.value);
    if (!ratio || ratio.value < 0 || ratio.value > 1) {
      output.textContent = input.value.trim() ? output.dataset.invalid : "";
      return;
    }
    output.textContent = "＝ " + (ratio.fraction ? ratio.fraction + "（" + percent(ratio.value) + "）" : percent(ratio.value));
  }

  document.addEventListener("input", function (event) {
    if (event.target.matches && event.target.matches("[data-ratio-input]")) update(event.target);
  });
})();
