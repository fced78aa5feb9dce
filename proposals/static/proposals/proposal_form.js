/* The proposal form's co-signer picker: a picked co-signer's chip arrived, so empty the search
   box and its results for the next one. */
document.addEventListener("htmx:afterSwap", function (event) {
  if (event.target.id !== "cosigner-picked") return;
  var input = document.getElementById("cosigner-search");
  document.getElementById("cosigner-results").replaceChildren();
  input.value = "";
  input.focus();
});
